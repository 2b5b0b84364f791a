// Named map bookmarks, as the Embedding Projector keeps them: the state of a map view (source,
// projection settings, colouring, selection, visible rectangle) saved in the project as JSON,
// result kind "map.bookmark", key = the bookmark's name. What the state holds is the view's
// business; this file only stores and lists it.
#pragma once

#include <QJsonObject>
#include <QStringList>

#include "job/Result.h"

namespace tl {

class ProjectStore;

inline constexpr const char* kMapBookmarkKind = "map.bookmark";

// Saves (or replaces) a bookmark. An empty or blank name is an error.
Status saveMapBookmark(ProjectStore& store, const QString& name, const QJsonObject& state);
// The saved state, or an error naming the bookmark when it is missing or damaged.
Result<QJsonObject> loadMapBookmark(const ProjectStore& store, const QString& name);
// Every bookmark's name, alphabetically.
QStringList mapBookmarkNames(const ProjectStore& store);

}  // namespace tl
