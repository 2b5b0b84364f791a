#include "nn/Layer.h"

namespace tl::nn {

std::vector<const Parameter*> Layer::parameters() const {
    auto ps = const_cast<Layer*>(this)->parameters();
    return {ps.begin(), ps.end()};
}

std::vector<const Buffer*> Layer::buffers() const {
    auto bs = const_cast<Layer*>(this)->buffers();
    return {bs.begin(), bs.end()};
}

}  // namespace tl::nn
