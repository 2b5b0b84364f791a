// Short documents about artists (text/<Artist>.txt), the demo's stand-in for bios, reviews and
// blog posts. Each names its artist and is written mostly in its genre's vocabulary, mixed with
// genre-neutral words, a little of other genres' vocabulary and ordinary English stop words —
// so a text model has signal to find and noise to filter.
#pragma once

#include <QString>

#include "demo/DemoModel.h"
#include "job/Progress.h"
#include "job/Status.h"

namespace tl::demo {

QString artistDocument(const World& world, int artist);

// Writes a document for every artist with hasText into `dir`; counts them in `written`.
Status writeTextDocuments(const World& world, const QString& dir, int* written,
                          const Progress& progress);

}  // namespace tl::demo
