// ground_truth.json: the demo world's known structure in a file any tool can read — genres (with
// their vocabularies), every artist's and track's genre, every user's taste, favourites and
// late discoveries, which tracks are cold start and where their files are (relative to the demo
// folder). Arrays are indexed like the world; names are what the exports and tags say.
#pragma once

#include <QString>

#include "demo/DemoModel.h"
#include "job/Status.h"

namespace tl::demo {

inline constexpr const char* kTruthFile = "ground_truth.json";

Status writeTruthFile(const World& world, const QString& path);

}  // namespace tl::demo
