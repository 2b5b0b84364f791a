// What a map's dots can be coloured and overlaid by, read from the project: each track's genre
// tag, one user's play counts (their history), and one source's score for that user (CF:
// x_u . y_i). The view turns these into colours; the numbers are computed here.
#pragma once

#include <QHash>
#include <QString>
#include <optional>

#include "catalog/Catalog.h"
#include "job/Result.h"

namespace tl {

class ProjectStore;

// The genre of each track: the first value of its file's genre tag ("Shoegaze; Dream Pop" ->
// "Shoegaze"), else the demo world's ground-truth genre; tracks with neither are left out.
QHash<Id, QString> trackGenres(const ProjectStore& store);

// The user a map is drawn for: the one marked as "me", else the first user; none in an empty
// project.
std::optional<User> mapUser(const ProjectStore& store);

// How often `userId` played each track: listens plus play counts of research data sets.
QHash<Id, qint64> userPlayCounts(const ProjectStore& store, Id userId);

// The CF model's score of every track it knows for `userId`: x_u . y_i with the user's row of X,
// or, when the model's rows are listening sessions or the user has none, x_u folded in from
// the user's play counts (one ALS half-step, as the weekly playlist does). An error when the
// model is not trained or the user played nothing it knows.
Result<QHash<Id, float>> cfUserScores(const ProjectStore& store, Id userId);

}  // namespace tl
