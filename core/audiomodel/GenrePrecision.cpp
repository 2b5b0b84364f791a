#include "audiomodel/GenrePrecision.h"

#include <map>
#include <unordered_map>

#include "maps/Knn.h"

namespace tl::audiomodel {

GenrePrecision genrePrecision(const GroundTruth& truth, const std::vector<Id>& trackIds,
                              const RowMatrix& vectors, int k, int threads) {
    GenrePrecision out;
    if (truth.empty()) return out;
    std::unordered_map<Id, int> genreOf(truth.trackGenre.begin(), truth.trackGenre.end());
    std::vector<int> rows, genres;
    for (size_t i = 0; i < trackIds.size(); ++i)
        if (const auto g = genreOf.find(trackIds[i]); g != genreOf.end()) {
            rows.push_back(int(i));
            genres.push_back(g->second);
        }
    const int n = int(rows.size());
    if (n <= k) return out;
    VectorMatrix v(n, vectors.cols());
    for (int i = 0; i < n; ++i) v.row(i) = vectors.row(rows[size_t(i)]);
    auto graph = exactKnn(v, k, MapMetric::Cosine, threads, Progress());
    if (!graph) return out;
    double same = 0;
    std::map<int, int> perGenre;
    for (int i = 0; i < n; ++i) {
        ++perGenre[genres[size_t(i)]];
        const int32_t* nb = graph->neighbours(i);
        for (int j = 0; j < k; ++j) same += genres[size_t(nb[j])] == genres[size_t(i)];
    }
    out.precision = same / (double(n) * k);
    // A random neighbour of a track of genre g is of genre g with chance (n_g - 1) / (n - 1).
    double chance = 0;
    for (const auto& [g, count] : perGenre)
        chance += double(count) / n * double(count - 1) / double(n - 1);
    out.chance = chance;
    out.tracks = n;
    return out;
}

}  // namespace tl::audiomodel
