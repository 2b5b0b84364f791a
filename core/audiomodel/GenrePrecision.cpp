#include "audiomodel/GenrePrecision.h"

#include <map>
#include <unordered_map>

#include "maps/Knn.h"

namespace tl::audiomodel {

GenrePrecision genrePrecision(const GroundTruth& truth, const std::vector<Id>& trackIds,
                              const RowMatrix& vectors, int k, int threads,
                              const std::unordered_set<Id>* queries) {
    GenrePrecision out;
    if (truth.empty()) return out;
    std::unordered_map<Id, int> genreOf(truth.trackGenre.begin(), truth.trackGenre.end());
    std::vector<int> rows, genres;
    std::vector<char> scored;
    for (size_t i = 0; i < trackIds.size(); ++i)
        if (const auto g = genreOf.find(trackIds[i]); g != genreOf.end()) {
            rows.push_back(int(i));
            genres.push_back(g->second);
            scored.push_back(!queries || queries->count(trackIds[i]) > 0);
        }
    const int n = int(rows.size());
    if (n <= k) return out;
    VectorMatrix v(n, vectors.cols());
    for (int i = 0; i < n; ++i) v.row(i) = vectors.row(rows[size_t(i)]);
    auto graph = exactKnn(v, k, MapMetric::Cosine, threads, Progress());
    if (!graph) return out;
    std::map<int, int> perGenre;
    for (int i = 0; i < n; ++i) ++perGenre[genres[size_t(i)]];
    double same = 0, chance = 0;
    int queried = 0;
    for (int i = 0; i < n; ++i) {
        if (!scored[size_t(i)]) continue;
        ++queried;
        const int32_t* nb = graph->neighbours(i);
        for (int j = 0; j < k; ++j) same += genres[size_t(nb[j])] == genres[size_t(i)];
        // A random neighbour of a track of genre g is of genre g with chance (n_g - 1) / (n - 1).
        chance += double(perGenre[genres[size_t(i)]] - 1) / double(n - 1);
    }
    if (queried == 0) return out;
    out.precision = same / (double(queried) * k);
    out.chance = chance / queried;
    out.tracks = queried;
    return out;
}

}  // namespace tl::audiomodel
