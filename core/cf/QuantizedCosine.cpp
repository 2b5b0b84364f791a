#include "cf/QuantizedCosine.h"

#include <algorithm>
#include <cmath>

#include "util/ParallelFor.h"

#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace tl {
namespace {

// Signed-byte dot product of two rows of `len` bytes (a multiple of 32).
int32_t dotBytes(const int8_t* a, const int8_t* b, int64_t len) {
#if defined(__AVX2__)
    __m256i acc = _mm256_setzero_si256();
    const __m256i ones = _mm256_set1_epi16(1);
    for (int64_t i = 0; i < len; i += 32) {
        const __m256i va = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a + i));
        const __m256i vb = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b + i));
        // maddubs multiplies unsigned by signed: move a's sign onto b. Codes lie in
        // [-127, 127], so a pair sum is at most 2 * 127 * 127 and cannot saturate.
        const __m256i prod =
            _mm256_maddubs_epi16(_mm256_sign_epi8(va, va), _mm256_sign_epi8(vb, va));
        acc = _mm256_add_epi32(acc, _mm256_madd_epi16(prod, ones));
    }
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
    s = _mm_hadd_epi32(s, s);
    s = _mm_hadd_epi32(s, s);
    return _mm_cvtsi128_si32(s);
#else
    int32_t sum = 0;
    for (int64_t i = 0; i < len; ++i) sum += int32_t(a[i]) * int32_t(b[i]);
    return sum;
#endif
}

// Codes for a vector: round(127 * v / max|v|); returns the scale back to v.
float encode(const float* v, int64_t k, int8_t* out) {
    float maxAbs = 0.f;
    for (int64_t i = 0; i < k; ++i) maxAbs = std::max(maxAbs, std::abs(v[i]));
    if (!(maxAbs > 0.f) || !std::isfinite(maxAbs)) {
        std::fill(out, out + k, int8_t(0));
        return 0.f;
    }
    const float toCode = 127.f / maxAbs;
    for (int64_t i = 0; i < k; ++i) out[i] = int8_t(std::lround(v[i] * toCode));
    return maxAbs / 127.f;
}

}  // namespace

void QuantizedCosine::build(const FactorMatrix& items, int threads) {
    const int64_t k = items.cols();
    rows_ = items.rows();
    stride_ = (k + 31) / 32 * 32;
    codes_.assign(size_t(rows_ * stride_), 0);
    scale_.assign(size_t(rows_), 0.f);
    parallelFor(rows_, 8192, threads, [&](int64_t b, int64_t e) {
        std::vector<float> unit(static_cast<size_t>(k));
        for (int64_t r = b; r < e; ++r) {
            const float norm = items.row(r).norm();
            if (!(norm > 0.f)) continue;
            for (int64_t i = 0; i < k; ++i) unit[size_t(i)] = items(r, i) / norm;
            scale_[size_t(r)] = encode(unit.data(), k, codes_.data() + r * stride_);
        }
    });
}

void QuantizedCosine::scores(std::span<const float> query, std::span<float> out,
                             int threads) const {
    std::vector<int8_t> q(size_t(stride_), 0);
    const float queryScale = encode(query.data(), int64_t(query.size()), q.data());
    parallelFor(rows_, 65536, threads, [&](int64_t b, int64_t e) {
        for (int64_t r = b; r < e; ++r)
            out[size_t(r)] = scale_[size_t(r)] * queryScale *
                             float(dotBytes(codes_.data() + r * stride_, q.data(), stride_));
    });
}

}  // namespace tl
