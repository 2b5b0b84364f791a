#pragma once

#include <QString>

#include "job/Status.h"

namespace tl {

class ProjectStore;
struct ProjectMap;

// One CSV field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break,
// with inner quotes doubled.
QString csvField(const QString& text);

// Writes the map as CSV with the header track_id,artist,title,x,y, one row per point, names
// from the project's catalog. Written to a temporary file and renamed, so a failed write leaves
// no half file.
Status writeMapCsv(const QString& path, const ProjectMap& map, const ProjectStore& store);

}  // namespace tl
