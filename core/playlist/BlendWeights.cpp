#include "playlist/BlendWeights.h"

#include <algorithm>
#include <cmath>

namespace tl {
namespace {

bool takesWeights(const WeeklyPlaylist& p) {
    return p.mode == PlaylistMode::Blend && !p.fallback && !p.weights.empty();
}

}  // namespace

std::map<QString, double> blendAsUsed(const WeeklyPlaylist& p,
                                      const std::map<QString, double>& blend) {
    if (!takesWeights(p)) return {};
    std::map<QString, double> out;
    double total = 0.0;
    for (const auto& [source, used] : p.weights) {
        const auto it = blend.find(source);
        const double w =
            p.missingSources.count(source) || it == blend.end() ? 0.0 : std::max(0.0, it->second);
        out[source] = w;
        total += w;
    }
    if (!(total > 0.0)) return {};
    for (auto& [source, w] : out) w /= total;
    return out;
}

bool madeWithOtherWeights(const WeeklyPlaylist& p, const std::map<QString, double>& blend) {
    if (!takesWeights(p)) return false;
    // An empty `wanted`: the blend gives this week's sources nothing, i.e. 0 each.
    const std::map<QString, double> wanted = blendAsUsed(p, blend);
    // The blend computes in float and the saved playlist keeps what it computed: allow that
    // rounding, far below what one step of a slider (0.01) changes.
    constexpr double kSlack = 0.002;
    for (const auto& [source, used] : p.weights) {
        const auto it = wanted.find(source);
        if (std::abs(used - (it == wanted.end() ? 0.0 : it->second)) > kSlack) return true;
    }
    return false;
}

}  // namespace tl
