#pragma once

#include <QString>

namespace tl {

// Whether a dropped or chosen folder is a music folder (to scan) rather than an unpacked history
// export (to import): it is when audio files are among the first entries found below it. Looks
// at no more than `maxEntries` entries, so a huge folder answers at once.
bool looksLikeMusicFolder(const QString& dir, int maxEntries = 2000);

}  // namespace tl
