#include "nn/Tensor.h"

#include <cmath>

namespace tl::nn {

bool Tensor::allFinite() const {
    for (float v : data)
        if (!std::isfinite(v)) return false;
    return true;
}

}  // namespace tl::nn
