#include "cf/ImplicitAls.h"

#include <Eigen/Cholesky>
#include <QElapsedTimer>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <mutex>

#include "cf/QuantizedCosine.h"
#include "util/HugePages.h"
#include "util/ParallelFor.h"
#include "util/Random.h"

#if defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#define TL_ALS_AVX2 1
#endif

namespace tl {
namespace {

using RowMap = Eigen::Map<const Eigen::VectorXf>;

// F^T F over all rows, summed from per-chunk products in chunk order so the result does not
// depend on the thread count.
Eigen::MatrixXf gram(const FactorMatrix& F, int threads) {
    const int64_t grain = 8192;
    const int64_t chunks = (F.rows() + grain - 1) / grain;
    std::vector<Eigen::MatrixXf> parts(size_t(std::max<int64_t>(chunks, 1)),
                                       Eigen::MatrixXf::Zero(F.cols(), F.cols()));
    parallelFor(chunks, 1, threads, [&](int64_t b, int64_t e) {
        for (int64_t c = b; c < e; ++c) {
            const int64_t r0 = c * grain;
            const int64_t n = std::min<int64_t>(grain, F.rows() - r0);
            parts[size_t(c)].selfadjointView<Eigen::Lower>().rankUpdate(
                F.middleRows(r0, n).transpose());
        }
    });
    Eigen::MatrixXf G = Eigen::MatrixXf::Zero(F.cols(), F.cols());
    for (const auto& p : parts) G += p;
    G.triangularView<Eigen::StrictlyUpper>() = G.transpose();
    return G;
}

// Copies rows F[cols[0..n)] into a dense block, prefetching a few rows ahead: the rows are
// scattered over a matrix far larger than the caches, so memory latency dominates otherwise.
// The buffer only grows, so a thread allocates once per half-sweep, not once per row.
Eigen::Map<FactorMatrix> gatherRows(const FactorMatrix& F, const int32_t* cols, int64_t n,
                                    std::vector<float>& buffer) {
    const int64_t k = F.cols();
    constexpr int64_t kAhead = 16;
    if (buffer.size() < size_t(n * k)) buffer.resize(size_t(n * k));
    Eigen::Map<FactorMatrix> out(buffer.data(), n, k);
    for (int64_t a = 0; a < n; ++a) {
        if (a + kAhead < n) {
            const char* next = reinterpret_cast<const char*>(F.row(cols[a + kAhead]).data());
            for (int64_t byte = 0; byte < k * int64_t(sizeof(float)); byte += 64)
                __builtin_prefetch(next + byte);
        }
        out.row(a) = F.row(cols[a]);
    }
    return out;
}

// Rows solved through the Woodbury identity are at most this long; their small systems live
// on the stack (no allocation per row).
constexpr int kMaxLowRank = 48;
constexpr int kMaxLowRankHalf = 8;  // when the CG reads a float16 copy (see solveSide)
using SmallMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor,
                                  kMaxLowRank, kMaxLowRank>;
using SmallVector = Eigen::Matrix<double, Eigen::Dynamic, 1, Eigen::ColMajor, kMaxLowRank, 1>;

// The seeded start's range (see initialise()).
constexpr double kStartScale = 0.1;

// similarItems searches a byte-coded copy first from this many items on (below it an exact
// pass over Y takes under a few milliseconds anyway).
constexpr int64_t kQuantizedFrom = 100000;

// Rows of a gathered block processed together: 512 x 64 floats = 128 KB stays in L2.
constexpr int64_t kBlockRows = 512;

// Rows at least this long take the gathered CG path.
constexpr int64_t kGatherRows = 16;

// Conjugate gradient on A x = b with A = G + (A - G), warm-started from x (Takács, Pilászy &
// Tikk 2011: a few steps from the last sweep's vector are enough). addRest(v, acc, rhs) adds
// (A - G) v to acc, or with rhs = true, b - (A - G) v; A itself is never formed.
template <class AddRest>
void conjugateGradient(const Eigen::MatrixXf& G, Eigen::Map<Eigen::VectorXf>& x, int steps,
                       Eigen::VectorXf& res, Eigen::VectorXf& p, Eigen::VectorXf& Ap,
                       AddRest&& addRest) {
    res.noalias() = -G * x;
    addRest(x, res, true);
    p = res;
    float rs = res.squaredNorm();
    for (int step = 0; step < steps && rs > 1e-20f; ++step) {
        Ap.noalias() = G * p;
        addRest(p, Ap, false);
        const float alpha = rs / p.dot(Ap);
        x += alpha * p;
        res -= alpha * Ap;
        const float rsNew = res.squaredNorm();
        p = res + (rsNew / rs) * p;
        rs = rsNew;
    }
}

#if defined(TL_ALS_AVX2)
// Row-by-row CG with the factor width fixed at compile time (K = 8 C floats): the whole CG of one
// row runs in AVX2 registers, each of the row's factor vectors is read once per CG product
// (its dot product and its axpy fused), and nothing is copied. The rows are read in place: the
// first product takes the cache misses (prefetched a few rows ahead, on into the next row's
// entries), the later ones find short rows' vectors in L1/L2, and long rows' vectors come in
// ascending address order, which the hardware prefetcher follows.
//
// The fixed side is read either as float32 or as a float16 copy (Half): at Last.fm-360K scale
// the fixed side is 41-92 MB and every half-sweep fetches 17.5 M of its rows at random, so the
// time goes to cache lines, and a 64-factor float16 row is two of them instead of four (five when
// the row straddles). Arithmetic stays float32 (F16C converts on load); the Gram matrix G comes
// from the float32 factors, and the solved vectors are float32.
using Half = uint16_t;

inline float horizontalSum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

inline __m256 load8(const float* p) {
    return _mm256_loadu_ps(p);
}
inline __m256 load8(const Half* p) {
    return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}

// out = G v + sum_a w_a (f_a . v) f_a                       (Rhs = false: A v)
// out = -G v + sum_a ((1 + w_a) - w_a (f_a . v)) f_a        (Rhs = true: b - A v)
// Row a is base + cols[a] * K. cols[0, prefetchCount) may be read ahead (past n: the next rows'
// entries), to prefetch.
template <int C, bool Rhs, class T>
void applyRows(const float* G, const float* v, const T* base, const int32_t* cols, const float* w,
               int64_t n, int64_t prefetchCount, float* out) {
    constexpr int K = 8 * C;
    constexpr int64_t kAhead = 12;
    __m256 acc[C];
    for (int c = 0; c < C; ++c) acc[c] = _mm256_setzero_ps();
    for (int j = 0; j < K; ++j) {  // G is symmetric: its column j is its row j
        const __m256 vj = _mm256_set1_ps(Rhs ? -v[j] : v[j]);
        for (int c = 0; c < C; ++c)
            acc[c] = _mm256_fmadd_ps(_mm256_loadu_ps(G + j * K + 8 * c), vj, acc[c]);
    }
    __m256 vv[C];
    for (int c = 0; c < C; ++c) vv[c] = _mm256_loadu_ps(v + 8 * c);
    for (int64_t a = 0; a < n; ++a) {
        if (a + kAhead < prefetchCount) {
            const char* next = reinterpret_cast<const char*>(base + int64_t(cols[a + kAhead]) * K);
            for (int byte = 0; byte < K * int(sizeof(T)); byte += 64)
                _mm_prefetch(next + byte, _MM_HINT_T0);
        }
        const T* f = base + int64_t(cols[a]) * K;
        __m256 fc[C];
        for (int c = 0; c < C; ++c) fc[c] = load8(f + 8 * c);
        __m256 d0 = _mm256_mul_ps(fc[0], vv[0]);
        __m256 d1 = _mm256_setzero_ps();
        for (int c = 1; c < C; ++c) {
            if (c & 1)
                d1 = _mm256_fmadd_ps(fc[c], vv[c], d1);
            else
                d0 = _mm256_fmadd_ps(fc[c], vv[c], d0);
        }
        const float d = horizontalSum(_mm256_add_ps(d0, d1));
        const __m256 coef = _mm256_set1_ps(Rhs ? (1.f + w[a]) - w[a] * d : w[a] * d);
        for (int c = 0; c < C; ++c) acc[c] = _mm256_fmadd_ps(coef, fc[c], acc[c]);
    }
    for (int c = 0; c < C; ++c) _mm256_storeu_ps(out + 8 * c, acc[c]);
}

template <int C>
float dotK(const float* a, const float* b) {
    __m256 s = _mm256_mul_ps(_mm256_loadu_ps(a), _mm256_loadu_ps(b));
    for (int c = 1; c < C; ++c)
        s = _mm256_fmadd_ps(_mm256_loadu_ps(a + 8 * c), _mm256_loadu_ps(b + 8 * c), s);
    return horizontalSum(s);
}

// The same CG as conjugateGradient() below, for one row, in registers.
template <int C, class T>
void conjugateGradientRow(const float* G, float* x, const void* fixed, const int32_t* cols,
                          const float* w, int64_t n, int64_t prefetchCount, int steps) {
    constexpr int K = 8 * C;
    const T* base = static_cast<const T*>(fixed);
    alignas(32) float res[K], p[K], ap[K];
    applyRows<C, true>(G, x, base, cols, w, n, prefetchCount, res);
    std::copy(res, res + K, p);
    float rs = dotK<C>(res, res);
    for (int step = 0; step < steps && rs > 1e-20f; ++step) {
        applyRows<C, false>(G, p, base, cols, w, n, prefetchCount, ap);
        const __m256 alpha = _mm256_set1_ps(rs / dotK<C>(p, ap));
        __m256 sq = _mm256_setzero_ps();
        for (int c = 0; c < C; ++c) {
            const __m256 pc = _mm256_load_ps(p + 8 * c);
            _mm256_storeu_ps(x + 8 * c, _mm256_fmadd_ps(alpha, pc, _mm256_loadu_ps(x + 8 * c)));
            const __m256 rc =
                _mm256_fnmadd_ps(alpha, _mm256_load_ps(ap + 8 * c), _mm256_load_ps(res + 8 * c));
            _mm256_store_ps(res + 8 * c, rc);
            sq = _mm256_fmadd_ps(rc, rc, sq);
        }
        const float rsNew = horizontalSum(sq);
        const __m256 beta = _mm256_set1_ps(rsNew / rs);
        for (int c = 0; c < C; ++c)
            _mm256_store_ps(p + 8 * c, _mm256_fmadd_ps(beta, _mm256_load_ps(p + 8 * c),
                                                       _mm256_load_ps(res + 8 * c)));
        rs = rsNew;
    }
}

using RowCg = void (*)(const float*, float*, const void*, const int32_t*, const float*, int64_t,
                       int64_t, int);

template <class T>
RowCg rowCgFor(int k) {
    switch (k) {
        case 8:
            return conjugateGradientRow<1, T>;
        case 16:
            return conjugateGradientRow<2, T>;
        case 24:
            return conjugateGradientRow<3, T>;
        case 32:
            return conjugateGradientRow<4, T>;
        case 48:
            return conjugateGradientRow<6, T>;
        case 64:
            return conjugateGradientRow<8, T>;
        case 96:
            return conjugateGradientRow<12, T>;
        case 128:
            return conjugateGradientRow<16, T>;
        default:
            return nullptr;
    }
}

// A float16 copy of F, rows 64-byte aligned, on huge pages where the kernel allows.
struct HalfFactors {
    std::unique_ptr<Half, decltype(&std::free)> data{nullptr, &std::free};
    void build(const FactorMatrix& F, int threads) {
        const int64_t k = F.cols();
        const size_t bytes = (size_t(F.rows()) * size_t(k) * sizeof(Half) + 63) / 64 * 64;
        data.reset(static_cast<Half*>(std::aligned_alloc(64, std::max<size_t>(bytes, 64))));
        adviseHugePages(data.get(), bytes);
        Half* out = data.get();
        parallelFor(F.rows(), 8192, threads, [&](int64_t b, int64_t e) {
            for (int64_t r = b; r < e; ++r)
                for (int64_t c = 0; c < k; c += 8)
                    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + r * k + c),
                                     _mm256_cvtps_ph(_mm256_loadu_ps(F.row(r).data() + c),
                                                     _MM_FROUND_TO_NEAREST_INT));
        });
    }
};
#endif

// The fixed side is read as float16 (GatherPrecision::Auto) from this size in float32 on: below
// it the factors stay in the caches and the copy would not pay.
constexpr int64_t kHalfGatherFrom = int64_t(16) << 20;

// Rough flop counts of one row's solve, to pick the cheapest exact-or-CG path per row.
double cgCost(int k, int64_t n, int steps) {
    return double(steps + 1) * (2.0 * k * k + 4.0 * k * n);
}
double choleskyCost(int k, int64_t n) {
    return 2.0 * k * k * n + k * k * k / 3.0;
}
double lowRankCost(int k, int64_t n) {
    return 2.0 * k * n * n + 6.0 * k * n + n * n * n / 3.0;
}

}  // namespace

ImplicitAls::ImplicitAls(AlsOptions options) : options_(options) {}

float ImplicitAls::extraConfidence(float r) const {
    if (options_.confidence == AlsOptions::Confidence::Log)
        return options_.alpha * std::log1p(r / options_.epsilon);
    return options_.alpha * r;
}

Status ImplicitAls::validate(const SparseMatrix& m) const {
    if (options_.factors < 1) return Status::error(QStringLiteral("factors must be at least 1"));
    if (!(options_.regularization >= 0.f) || !std::isfinite(options_.regularization))
        return Status::error(QStringLiteral("regularization must be a finite number >= 0"));
    if (!(options_.alpha > 0.f) || !std::isfinite(options_.alpha))
        return Status::error(QStringLiteral("alpha must be a finite number > 0"));
    if (options_.confidence == AlsOptions::Confidence::Log && !(options_.epsilon > 0.f))
        return Status::error(QStringLiteral("epsilon must be > 0 for log confidence"));
    if (options_.iterations < 0 || options_.cgSteps < 1)
        return Status::error(QStringLiteral("iterations must be >= 0 and CG steps >= 1"));
    if (m.rows == 0 || m.cols == 0 || m.nonZeros() == 0)
        return Status::error(
            QStringLiteral("the interaction matrix is empty: no listens to "
                           "learn from"));
    for (size_t k = 0; k < m.values.size(); ++k) {
        const float v = m.values[k];
        if (!std::isfinite(v) || v <= 0.f)
            return Status::error(QStringLiteral("interaction weight %1 (entry %2) is not a finite "
                                                "positive number")
                                     .arg(double(v))
                                     .arg(k));
    }
    return Status::ok();
}

void ImplicitAls::setFactors(FactorMatrix users, FactorMatrix items) {
    X_ = std::move(users);
    Y_ = std::move(items);
    initialisedByCaller_ = true;
}

void ImplicitAls::setInteractions(const SparseMatrix& userItems) {
    weighted_ = userItems;
    for (float& v : weighted_.values) v = extraConfidence(v);
}

void ImplicitAls::initialise(int users, int items) {
    const int k = options_.factors;
    // Every row draws from its own stream, so rows can be filled in parallel and the result
    // is the same for any thread count. The start is uniform in [0, kStartScale): all positive,
    // so every vector starts near the all-ones direction, which is where listening data's
    // strongest component (popularity) lies, and the first sweeps find it at once. The former
    // symmetric +-0.01 start had to grow it out of noise and ended 15 sweeps 3.2% higher at
    // Last.fm-360K scale (BENCHMARKS.md, "Collaborative filtering"); implicit 0.6.2 from its
    // own [0, 0.01) start ends 0.7% higher, and [0, 0.01) here 1.0% higher.
    auto fill = [&](FactorMatrix& M, int rows, uint64_t side) {
        M.resize(rows, k);
        adviseHugePages(M.data(), size_t(M.size()) * sizeof(float));
        parallelFor(rows, 4096, options_.threads, [&](int64_t b, int64_t e) {
            for (int64_t r = b; r < e; ++r) {
                SplitMix64 rng(options_.seed, (side << 40) ^ uint64_t(r));
                for (int f = 0; f < k; ++f) M(r, f) = float(rng.uniform() * kStartScale);
            }
        });
    };
    fill(X_, users, 1);
    fill(Y_, items, 2);
}

Status ImplicitAls::fit(const SparseMatrix& userItems, const Progress& progress) {
    if (Status s = validate(userItems); !s.isOk()) return s;
    losses_.clear();
    timing_ = {};
    weighted_ = userItems;
    for (float& v : weighted_.values) v = extraConfidence(v);
    const SparseMatrix itemsUsers = weighted_.transposed();
    const bool keepGiven = initialisedByCaller_ && X_.rows() == userItems.rows &&
                           Y_.rows() == userItems.cols && X_.cols() == options_.factors &&
                           Y_.cols() == options_.factors;
    if (!keepGiven) initialise(userItems.rows, userItems.cols);
    initialisedByCaller_ = false;

    const int iterations = options_.iterations;
    for (int it = 0; it < iterations; ++it) {
        const Progress sweep = progress.sub(double(it) / iterations, double(it + 1) / iterations);
        sweep.report(0.0, QStringLiteral("ALS sweep %1 of %2").arg(it + 1).arg(iterations));
        const int steps = options_.cgSteps;
        QElapsedTimer clock;
        clock.start();
        if (!solveSide(weighted_, itemsUsers, Y_, X_, steps, sweep.sub(0.0, 0.5)))
            return Status::cancelled();
        timing_.userSeconds += double(clock.nsecsElapsed()) / 1e9;
        clock.restart();
        if (!solveSide(itemsUsers, weighted_, X_, Y_, steps, sweep.sub(0.5, 1.0)))
            return Status::cancelled();
        timing_.itemSeconds += double(clock.nsecsElapsed()) / 1e9;
        if (trackLoss_ || onIteration_) {
            const double l = loss(userItems);
            losses_.push_back(l);
            if (onIteration_) onIteration_(it + 1, l);
        }
        sweep.report(1.0);
    }
    prepareQueries();
    return Status::ok();
}

bool ImplicitAls::solveSide(const SparseMatrix& R, const SparseMatrix& C, const FactorMatrix& F,
                            FactorMatrix& out, int cgSteps, const Progress& progress) const {
    const int k = options_.factors;
    const float lambda = options_.regularization;
    Eigen::MatrixXf G = gram(F, options_.threads);
    G.diagonal().array() += lambda;
    const bool cholesky = options_.solver == AlsOptions::Solver::Cholesky;
    // Lockstep CG pays when the solved side's state (4 vectors a row) stays in cache and the
    // fixed side is far larger than it: then streaming F beats gathering its rows.
    const bool stream =
        !cholesky && (options_.streaming == AlsOptions::Streaming::On ||
                      (options_.streaming == AlsOptions::Streaming::Auto &&
                       int64_t(R.rows) * k * 16 <= (int64_t(8) << 20) && F.rows() >= 16 * R.rows));
    if (stream) return solveSideStreamed(R, C, F, G, out, cgSteps, progress);
    auto solverCost = [&](int64_t n) {
        return cholesky ? choleskyCost(k, n) : cgCost(k, n, cgSteps);
    };

    int64_t lowRankMax = kMaxLowRank;
#if defined(TL_ALS_AVX2)
    // Float16 gathers from the fixed side once it no longer fits in the caches (see above).
    const bool half = options_.gatherPrecision == AlsOptions::GatherPrecision::Float16 ||
                      (options_.gatherPrecision == AlsOptions::GatherPrecision::Auto &&
                       int64_t(F.rows()) * k * int64_t(sizeof(float)) >= kHalfGatherFrom);
    const RowCg fastCg = cholesky ? nullptr : (half ? rowCgFor<Half>(k) : rowCgFor<float>(k));
    HalfFactors halfF;
    if (fastCg && half) halfF.build(F, options_.threads);
    const void* fastBase =
        half ? static_cast<const void*>(halfF.data.get()) : static_cast<const void*>(F.data());
    // The Woodbury path reads two float32 rows (of F and of W) per entry and n of them per
    // entry's dot products; once the fixed side is out of cache that fetching costs more than
    // the float16 CG saves in arithmetic, except on the shortest rows.
    if (fastCg && half) lowRankMax = kMaxLowRankHalf;
#endif

    // The Woodbury shortcut needs W = F G^-1 for every row of F; worth it only when the rows
    // that benefit save more than that costs (e.g. a million items with a few listeners each).
    FactorMatrix W;
    bool lowRank = false;
    if (options_.lowRankShortcut) {
        double savings = 0.0;
        for (int r = 0; r < R.rows; ++r) {
            const int64_t n = R.rowSize(r);
            if (n <= lowRankMax) savings += std::max(0.0, solverCost(n) - lowRankCost(k, n));
        }
        if (savings > 2.0 * double(F.rows()) * k * k) {
            const Eigen::MatrixXf Ginv = G.llt().solve(Eigen::MatrixXf::Identity(k, k));
            W.resize(F.rows(), k);
            parallelFor(F.rows(), 8192, options_.threads, [&](int64_t b, int64_t e) {
                W.middleRows(b, e - b).noalias() = F.middleRows(b, e - b) * Ginv;
            });
            lowRank = true;
        }
    }

    std::atomic<int64_t> done{0};
    std::mutex reportMutex;
    const int64_t total = R.rows;
    return parallelFor(
        // Small grains for few rows: 1,000 users with Zipf-distributed activity must still
        // spread over both cores.
        R.rows, std::clamp<int64_t>(R.rows / 256, 1, 256), options_.threads,
        [&](int64_t begin, int64_t end) {
            Eigen::VectorXf b(k), res(k), p(k), Ap(k), g(k), scratch;
            Eigen::MatrixXf A(k, k);
            std::vector<float> buffer;
            SmallMatrix M;
            SmallVector t;
            for (int64_t r = begin; r < end; ++r) {
                const int64_t s0 = R.rowStart[size_t(r)];
                const int64_t n = R.rowSize(int(r));
                const int32_t* cols = R.colIndex.data() + s0;
                const float* w = R.values.data() + s0;
                Eigen::Map<Eigen::VectorXf> x(out.row(r).data(), k);
                if (n == 0) {  // no evidence: the regularised optimum is the zero vector
                    x.setZero();
                    continue;
                }
                if (lowRank && n <= lowRankMax && lowRankCost(k, n) < solverCost(n)) {
                    // A = G + U D U^T with U = F_I^T, D = diag(w):
                    // x = g - W_I^T (D^-1 + F_I W_I^T)^-1 F_I g,  g = G^-1 b = sum (1 + w_j) W_j.
                    g.setZero();
                    for (int64_t a = 0; a < n; ++a)
                        g += (1.f + w[a]) * RowMap(W.row(cols[a]).data(), k);
                    M.resize(n, n);
                    t.resize(n);
                    for (int64_t a = 0; a < n; ++a) {
                        const RowMap fa(F.row(cols[a]).data(), k);
                        for (int64_t c = 0; c <= a; ++c)
                            M(a, c) = double(fa.dot(RowMap(W.row(cols[c]).data(), k)));
                        M(a, a) += 1.0 / double(w[a]);
                        t(a) = double(fa.dot(g));
                    }
                    const SmallVector s = Eigen::LLT<SmallMatrix>(M).solve(t);
                    x = g;
                    for (int64_t a = 0; a < n; ++a)
                        x -= float(s(a)) * RowMap(W.row(cols[a]).data(), k);
                }
#if defined(TL_ALS_AVX2)
                else if (fastCg) {
                    fastCg(G.data(), x.data(), fastBase, cols, w, n, R.nonZeros() - s0, cgSteps);
                }
#endif
                else if (cholesky) {
                    Eigen::Map<FactorMatrix> gathered = gatherRows(F, cols, n, buffer);
                    const Eigen::Map<const Eigen::VectorXf> wv(w, n);
                    b.noalias() = gathered.transpose() * (1.f + wv.array()).matrix();
                    gathered.array().colwise() *= wv.array().sqrt();
                    A = G;
                    A.selfadjointView<Eigen::Lower>().rankUpdate(gathered.transpose());
                    x = A.selfadjointView<Eigen::Lower>().llt().solve(b);
                } else if (n >= kGatherRows) {
                    // The same CG on the row's vectors gathered once into a dense block: the
                    // rows of a million-item Y are scattered in memory, and fetching each once
                    // (with prefetch) instead of twice a step turns a latency-bound loop into
                    // GEMVs.
                    Eigen::Map<FactorMatrix> gathered = gatherRows(F, cols, n, buffer);
                    const Eigen::Map<const Eigen::VectorXf> wv(w, n);
                    // out += F_I^T (coef(w, F_I v)), one L2-sized block of rows at a time, so
                    // a long row's block is read from memory once per step, not twice.
                    auto blockedProduct = [&](const Eigen::Ref<const Eigen::VectorXf>& v,
                                              Eigen::VectorXf& acc, bool rhs) {
                        for (int64_t r0 = 0; r0 < n; r0 += kBlockRows) {
                            const int64_t len = std::min<int64_t>(kBlockRows, n - r0);
                            const auto blk = gathered.middleRows(r0, len);
                            const auto wb = wv.segment(r0, len).array();
                            scratch.noalias() = blk * v;
                            if (rhs)  // b - (A - G) x:  (1 + w) - w (f.x)
                                scratch = ((1.f + wb) - wb * scratch.array()).matrix();
                            else  // (A - G) p:  w (f.p)
                                scratch.array() *= wb;
                            acc.noalias() += blk.transpose() * scratch;
                        }
                    };
                    conjugateGradient(G, x, cgSteps, res, p, Ap, blockedProduct);
                } else {
                    // The rows read in place: A p = G p + sum w_j (f_j.p) f_j, never forming A.
                    conjugateGradient(G, x, cgSteps, res, p, Ap,
                                      [&](const Eigen::Ref<const Eigen::VectorXf>& v,
                                          Eigen::VectorXf& acc, bool rhs) {
                                          for (int64_t a = 0; a < n; ++a) {
                                              const RowMap f(F.row(cols[a]).data(), k);
                                              const float d = f.dot(v);
                                              acc += (rhs ? (1.f + w[a]) - w[a] * d : w[a] * d) * f;
                                          }
                                      });
                }
            }
            const int64_t finished = done.fetch_add(end - begin) + (end - begin);
            if (std::unique_lock lock(reportMutex, std::try_to_lock); lock.owns_lock())
                progress.report(double(finished) / double(total));
        },
        &progress);
}

bool ImplicitAls::solveSideStreamed(const SparseMatrix& R, const SparseMatrix& C,
                                    const FactorMatrix& F, const Eigen::MatrixXf& G,
                                    FactorMatrix& out, int cgSteps,
                                    const Progress& progress) const {
    const int k = options_.factors;
    const int rows = R.rows;
    const int threads =
        std::max(1, std::min(options_.threads > 0 ? options_.threads : defaultThreadCount(), rows));
    // Each thread owns a contiguous range of rows with about the same number of entries, so
    // the scatter into those rows needs no locks; every thread streams all of F.
    std::vector<int> bounds{0};
    for (int t = 1; t < threads; ++t) {
        const int64_t target = R.nonZeros() * t / threads;
        const auto it = std::lower_bound(R.rowStart.begin(), R.rowStart.end(), target);
        bounds.push_back(std::max(bounds.back(), int(it - R.rowStart.begin())));
    }
    bounds.push_back(rows);

    FactorMatrix res(rows, k), P(rows, k), AP(rows, k);
    // acc[r] += coef(w, f_j . V[r]) f_j over every entry (j, r) of C, F streamed in order.
    auto stream = [&](const FactorMatrix& V, FactorMatrix& acc, bool rhs) {
        return parallelFor(
                   threads, 1, threads,
                   [&](int64_t tb, int64_t te) {
                       for (int64_t t = tb; t < te; ++t) {
                           const int r0 = bounds[size_t(t)], r1 = bounds[size_t(t) + 1];
                           for (int j = 0; j < C.rows; ++j) {
                               if ((j & 0xFFFF) == 0 && progress.cancelled()) return;
                               const int32_t* b = C.colIndex.data() + C.rowStart[size_t(j)];
                               const int32_t* e = C.colIndex.data() + C.rowStart[size_t(j) + 1];
                               if (b == e || *b >= r1 || *(e - 1) < r0) continue;
                               const int32_t* lo = std::lower_bound(b, e, r0);
                               const RowMap f(F.row(j).data(), k);
                               for (const int32_t* c = lo; c != e && *c < r1; ++c) {
                                   const float w = C.values[size_t(c - C.colIndex.data())];
                                   const float d = f.dot(RowMap(V.row(*c).data(), k));
                                   acc.row(*c) += (rhs ? (1.f + w) - w * d : w * d) * f.transpose();
                               }
                           }
                       }
                   },
                   &progress) &&
               !progress.cancelled();
    };

    for (int r = 0; r < rows; ++r)
        if (R.rowSize(r) == 0) out.row(r).setZero();  // no evidence: the optimum is zero
    res.noalias() = -(out * G);
    if (!stream(out, res, true)) return false;
    P = res;
    Eigen::VectorXf rs = res.rowwise().squaredNorm();
    for (int r = 0; r < rows; ++r)
        if (R.rowSize(r) == 0) rs(r) = 0.f;
    for (int step = 0; step < cgSteps; ++step) {
        AP.noalias() = P * G;
        if (!stream(P, AP, false)) return false;
        for (int r = 0; r < rows; ++r) {
            if (rs(r) <= 1e-20f) continue;  // converged (or empty) rows stay as they are
            const float alpha = rs(r) / P.row(r).dot(AP.row(r));
            out.row(r) += alpha * P.row(r);
            res.row(r) -= alpha * AP.row(r);
            const float rsNew = res.row(r).squaredNorm();
            P.row(r) = res.row(r) + (rsNew / rs(r)) * P.row(r);
            rs(r) = rsNew;
        }
        progress.report(double(step + 1) / cgSteps);
    }
    return true;
}

double ImplicitAls::loss(const SparseMatrix& userItems) const {
    const int k = options_.factors;
    const Eigen::MatrixXf YtY = gram(Y_, options_.threads);
    const int64_t grain = 1024;
    const int64_t chunks = (userItems.rows + grain - 1) / grain;
    std::vector<double> parts(size_t(std::max<int64_t>(chunks, 1)), 0.0);
    parallelFor(chunks, 1, options_.threads, [&](int64_t cb, int64_t ce) {
        for (int64_t c = cb; c < ce; ++c) {
            double sum = 0.0;
            for (int64_t u = c * grain; u < std::min<int64_t>(userItems.rows, (c + 1) * grain);
                 ++u) {
                const RowMap x(X_.row(u).data(), k);
                // Every (u, i) contributes (x.y)^2 as if unobserved; observed entries then swap
                // that term for c (1 - x.y)^2.
                sum += double(x.dot(YtY * x));
                for (int64_t e = userItems.rowStart[size_t(u)];
                     e < userItems.rowStart[size_t(u) + 1]; ++e) {
                    const double s =
                        double(x.dot(RowMap(Y_.row(userItems.colIndex[size_t(e)]).data(), k)));
                    const double c = 1.0 + double(extraConfidence(userItems.values[size_t(e)]));
                    sum += c * (1.0 - s) * (1.0 - s) - s * s;
                }
            }
            parts[size_t(c)] = sum;
        }
    });
    double total = 0.0;
    for (double p : parts) total += p;
    return total +
           double(options_.regularization) * (double(X_.squaredNorm()) + double(Y_.squaredNorm()));
}

void ImplicitAls::prepareQueries() {
    itemNorms_ = Y_.rowwise().norm();
    quantized_.reset();
    if (Y_.rows() >= kQuantizedFrom) {
        auto index = std::make_shared<QuantizedCosine>();
        index->build(Y_, options_.threads);
        quantized_ = std::move(index);
    }
    itemGram_ = gram(Y_, options_.threads);
}

void ImplicitAls::scoreItems(int user, std::span<float> out) const {
    const Eigen::VectorXf x = X_.row(user).transpose();
    parallelFor(Y_.rows(), 65536, options_.threads, [&](int64_t b, int64_t e) {
        Eigen::Map<Eigen::VectorXf>(out.data() + b, e - b).noalias() = Y_.middleRows(b, e - b) * x;
    });
}

std::vector<ScoredItem> ImplicitAls::rescore(std::vector<ScoredItem> candidates,
                                             const Eigen::VectorXf& v, bool cosine, int n) const {
    for (ScoredItem& c : candidates) {
        c.score = Y_.row(c.item).dot(v);
        if (cosine) c.score /= std::max(itemNorms_(c.item), 1e-12f);
    }
    std::sort(candidates.begin(), candidates.end(), [](const ScoredItem& a, const ScoredItem& b) {
        return a.score != b.score ? a.score > b.score : a.item < b.item;
    });
    candidates.resize(std::min(candidates.size(), size_t(std::max(0, n))));
    return candidates;
}

std::vector<ScoredItem> ImplicitAls::recommend(int user, int n, const SparseMatrix* exclude) const {
    if (!quantized_ || !exclude || user < 0 || user >= X_.rows() || n <= 0)
        return Recommender::recommend(user, n, exclude);
    const Eigen::VectorXf x = X_.row(user).transpose();
    const float xNorm = x.norm();
    if (!(xNorm > 0.f)) return Recommender::recommend(user, n, exclude);
    // x . y_j = |y_j| |x| cos(x, y_j): approximate the cosine from the codes, then re-score.
    const Eigen::VectorXf unit = x / xNorm;
    std::vector<float> approx(size_t(Y_.rows()));
    quantized_->scores(std::span<const float>(unit.data(), size_t(unit.size())), approx,
                       options_.threads);
    for (size_t j = 0; j < approx.size(); ++j) approx[j] *= itemNorms_(Eigen::Index(j));
    const auto heard = std::span<const int32_t>(
        exclude->colIndex.data() + exclude->rowStart[size_t(user)], size_t(exclude->rowSize(user)));
    return rescore(topN(approx, 4 * n + 32, heard), x, false, n);
}

std::vector<ScoredItem> ImplicitAls::similarItems(int item, int n) const {
    if (item < 0 || item >= Y_.rows()) return {};
    if (quantized_ && n > 0) {
        // Approximate cosines from the byte codes, then the best 4n + 32 re-scored exactly.
        std::vector<float> approx(size_t(Y_.rows()));
        const Eigen::VectorXf unit = Y_.row(item).transpose() / std::max(itemNorms_(item), 1e-12f);
        quantized_->scores(std::span<const float>(unit.data(), size_t(unit.size())), approx,
                           options_.threads);
        const int32_t self = item;
        return rescore(topN(approx, 4 * n + 32, std::span<const int32_t>(&self, 1)), unit, true, n);
    }
    std::vector<float> scores(size_t(Y_.rows()));
    const Eigen::VectorXf y = Y_.row(item).transpose();
    const float norm = std::max(itemNorms_(item), 1e-12f);
    parallelFor(Y_.rows(), 65536, options_.threads, [&](int64_t b, int64_t e) {
        Eigen::Map<Eigen::VectorXf> s(scores.data() + b, e - b);
        s.noalias() = Y_.middleRows(b, e - b) * y;
        s.array() /= (itemNorms_.segment(b, e - b).array().max(1e-12f) * norm);
    });
    const int32_t self = item;
    return topN(scores, n, std::span<const int32_t>(&self, 1));
}

std::vector<ScoredItem> ImplicitAls::explain(int user, int item, int n) const {
    if (user < 0 || user >= weighted_.rows || item < 0 || item >= Y_.rows()) return {};
    const int k = options_.factors;
    const int64_t s0 = weighted_.rowStart[size_t(user)];
    const int64_t count = weighted_.rowSize(user);
    // score(u, i) = y_i^T A_u^-1 sum_j c_uj y_j = sum_j c_uj (y_i^T A_u^-1 y_j): each of the
    // user's items j contributes one term (Hu et al. 2008, section 5).
    Eigen::MatrixXf A = itemGram_;
    A.diagonal().array() += options_.regularization;
    for (int64_t a = 0; a < count; ++a) {
        const RowMap y(Y_.row(weighted_.colIndex[size_t(s0 + a)]).data(), k);
        A.selfadjointView<Eigen::Lower>().rankUpdate(y, weighted_.values[size_t(s0 + a)]);
    }
    const Eigen::VectorXf v =
        A.selfadjointView<Eigen::Lower>().llt().solve(Y_.row(item).transpose());
    std::vector<ScoredItem> parts;
    parts.reserve(size_t(count));
    for (int64_t a = 0; a < count; ++a) {
        const int32_t j = weighted_.colIndex[size_t(s0 + a)];
        const float c = 1.f + weighted_.values[size_t(s0 + a)];
        parts.push_back({j, c * v.dot(RowMap(Y_.row(j).data(), k))});
    }
    std::sort(parts.begin(), parts.end(), [](const ScoredItem& a, const ScoredItem& b) {
        return a.score != b.score ? a.score > b.score : a.item < b.item;
    });
    if (parts.size() > size_t(std::max(0, n))) parts.resize(size_t(std::max(0, n)));
    return parts;
}

std::vector<ScoredItem> ImplicitAls::explainFoldIn(std::span<const int32_t> items,
                                                   std::span<const float> strengths, int item,
                                                   int n) const {
    if (item < 0 || item >= Y_.rows()) return {};
    const int k = options_.factors;
    // As explain(): score(i) = sum_j c_j (y_i^T A^-1 y_j) with A = Y^T Y + lambda I +
    // sum_j (c_j - 1) y_j y_j^T over the folded-in user's items.
    Eigen::MatrixXf A = itemGram_;
    A.diagonal().array() += options_.regularization;
    std::vector<std::pair<int32_t, float>> used;
    for (size_t a = 0; a < items.size() && a < strengths.size(); ++a) {
        const int32_t j = items[a];
        const float r = strengths[a];
        if (j < 0 || j >= Y_.rows() || !std::isfinite(r) || r <= 0.f) continue;
        const float w = extraConfidence(r);
        A.selfadjointView<Eigen::Lower>().rankUpdate(RowMap(Y_.row(j).data(), k), w);
        used.push_back({j, w});
    }
    const Eigen::VectorXf v =
        A.selfadjointView<Eigen::Lower>().llt().solve(Y_.row(item).transpose());
    std::vector<ScoredItem> parts;
    parts.reserve(used.size());
    for (const auto& [j, w] : used)
        parts.push_back({j, (1.f + w) * v.dot(RowMap(Y_.row(j).data(), k))});
    std::sort(parts.begin(), parts.end(), [](const ScoredItem& a, const ScoredItem& b) {
        return a.score != b.score ? a.score > b.score : a.item < b.item;
    });
    if (parts.size() > size_t(std::max(0, n))) parts.resize(size_t(std::max(0, n)));
    return parts;
}

Eigen::VectorXf ImplicitAls::foldIn(std::span<const int32_t> items,
                                    std::span<const float> strengths) const {
    const int k = options_.factors;
    Eigen::MatrixXf A = itemGram_;
    A.diagonal().array() += options_.regularization;
    Eigen::VectorXf b = Eigen::VectorXf::Zero(k);
    for (size_t a = 0; a < items.size() && a < strengths.size(); ++a) {
        const int32_t j = items[a];
        const float r = strengths[a];
        if (j < 0 || j >= Y_.rows() || !std::isfinite(r) || r <= 0.f) continue;
        const float w = extraConfidence(r);
        const RowMap y(Y_.row(j).data(), k);
        A.selfadjointView<Eigen::Lower>().rankUpdate(y, w);
        b += (1.f + w) * y;
    }
    return A.selfadjointView<Eigen::Lower>().llt().solve(b);
}

}  // namespace tl
