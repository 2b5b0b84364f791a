// The demo world's only source of randomness. Every stream is derived from (world seed, purpose,
// index), so one part of the world (a user's listening, a track's audio) can be generated alone,
// in any order or on any thread, and still come out the same.
#pragma once

#include <QtGlobal>
#include <algorithm>
#include <cmath>
#include <string_view>
#include <vector>

namespace tl::demo {

// SplitMix64's finaliser: a cheap, well-mixed 64-bit hash step.
constexpr quint64 mix64(quint64 x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

// FNV-1a of a purpose tag ("audio", "user") so streams for different purposes never coincide.
constexpr quint64 tagHash(std::string_view tag) {
    quint64 h = 0xCBF29CE484222325ULL;
    for (char c : tag) h = (h ^ quint64(static_cast<unsigned char>(c))) * 0x100000001B3ULL;
    return h;
}

constexpr quint64 deriveSeed(quint64 worldSeed, std::string_view tag, quint64 index = 0) {
    return mix64(mix64(worldSeed ^ tagHash(tag)) + mix64(index + 0x632BE59BD9B4E019ULL));
}

// xoshiro256** seeded through SplitMix64. Our own mappings to doubles, ranges and distributions
// (rather than <random>'s distributions) keep the output identical across standard libraries.
class Rng {
public:
    explicit Rng(quint64 seed) {
        for (auto& word : s_) {
            seed += 0x9E3779B97F4A7C15ULL;
            word = mix64(seed);
        }
    }

    quint64 next() {
        const quint64 result = rotl(s_[1] * 5, 7) * 9;
        const quint64 t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    double uniform() { return double(next() >> 11) * 0x1.0p-53; }  // [0, 1)
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    float noise() { return float(qint64(next()) >> 40) * 0x1.0p-23f; }  // [-1, 1), fast
    bool chance(double p) { return uniform() < p; }

    // [0, n) for 0 < n < 2^31, by multiply-high on 32 bits (bias below 2^-32 * n: negligible).
    int below(int n) { return int(((next() >> 32) * quint64(n)) >> 32); }
    int between(int lo, int hi) { return lo + below(hi - lo + 1); }  // inclusive

    double normal() {  // Box–Muller, one value per call so the stream stays simple
        const double u1 = 1.0 - uniform();
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }

    // Marsaglia–Tsang gamma(shape, 1); Dirichlet weights are normalised gamma draws.
    double gamma(double shape) {
        if (shape < 1.0) return gamma(shape + 1.0) * std::pow(uniform() + 1e-300, 1.0 / shape);
        const double d = shape - 1.0 / 3.0;
        const double c = 1.0 / std::sqrt(9.0 * d);
        for (;;) {
            double x = 0.0;
            double v = 0.0;
            do {
                x = normal();
                v = 1.0 + c * x;
            } while (v <= 0.0);
            v = v * v * v;
            const double u = uniform();
            if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
            if (std::log(u + 1e-300) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
        }
    }

    // Geometric count >= 0 with the given mean.
    int geometric(double mean) {
        const double p = 1.0 / (1.0 + mean);
        return int(std::floor(std::log(1.0 - uniform()) / std::log(1.0 - p)));
    }

    int poisson(double mean) {  // Knuth's method; means here are small
        const double limit = std::exp(-mean);
        int k = 0;
        for (double p = uniform(); p > limit; p *= uniform()) ++k;
        return k;
    }

    template <class T>
    void shuffle(std::vector<T>& items) {
        for (int i = int(items.size()) - 1; i > 0; --i)
            std::swap(items[size_t(i)], items[size_t(below(i + 1))]);
    }

private:
    static quint64 rotl(quint64 x, int k) { return (x << k) | (x >> (64 - k)); }
    quint64 s_[4];
};

// Picks an index with probability proportional to its weight; built once, drawn from often.
class WeightedPick {
public:
    WeightedPick() = default;
    explicit WeightedPick(const std::vector<double>& weights) {
        cumulative_.reserve(weights.size());
        double sum = 0.0;
        for (double w : weights) cumulative_.push_back(sum += std::max(w, 0.0));
    }
    bool empty() const { return cumulative_.empty() || cumulative_.back() <= 0.0; }
    int pick(Rng& rng) const {
        const double target = rng.uniform() * cumulative_.back();
        size_t lo = 0;
        size_t hi = cumulative_.size() - 1;
        while (lo < hi) {  // first cumulative weight above the target
            const size_t mid = (lo + hi) / 2;
            if (cumulative_[mid] > target)
                hi = mid;
            else
                lo = mid + 1;
        }
        return int(lo);
    }

private:
    std::vector<double> cumulative_;
};

}  // namespace tl::demo
