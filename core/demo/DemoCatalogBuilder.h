// Builds the demo world's catalogue: genres, artists and tracks with power-law popularity, which
// tracks have files (and in which format), which are cold-start new releases, which artists have
// text, and the users with their genre tastes. Listening comes after (DemoListening.h).
#pragma once

#include "demo/DemoModel.h"

namespace tl::demo {

World buildCatalog(quint64 seed, DemoSize size);

}  // namespace tl::demo
