// core/maps/: 2-D maps of track vectors (any source: CF, text, audio, blend) — the projections
// (PCA, Barnes-Hut t-SNE), the nearest-neighbour graphs they need, the quality figures reported
// with every map, and the maps stored per source in the project. No drawing here: ui/ draws.
#pragma once

#include <Eigen/Core>
#include <QString>
#include <cstdint>
#include <vector>

namespace tl {

// Rows are points (tracks), columns are dimensions. Same layout as the CF factor matrices.
using VectorMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
// One 2-D position per row.
using MapPoints = Eigen::Matrix<float, Eigen::Dynamic, 2, Eigen::RowMajor>;

// How input vectors are compared. Cosine suits CF and text vectors, whose length mostly says
// how popular or how long a thing is, not what it is like.
enum class MapMetric { Euclidean, Cosine };

QString metricName(MapMetric metric);
bool parseMetric(const QString& name, MapMetric* metric);

}  // namespace tl
