// A record of two spellings becoming one entity, so a user can see why two rows became one.
#pragma once

#include <QString>

#include "catalog/Catalog.h"

namespace tl {

struct Merge {
    Id id = 0;
    QString kind;        // "artist" or "track"
    Id keptId = 0;       // the artist or track the source name now points at
    QString sourceName;  // the name as the imported file wrote it
    QString rule;        // why: "musicbrainz-id", "spotify-uri" or name rules ("case+diacritics")
};

}  // namespace tl
