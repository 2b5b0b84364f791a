#pragma once

#include <QString>
#include <memory>
#include <vector>

#include "nn/Parameter.h"
#include "nn/Tensor.h"

namespace tl::nn {

struct Shape {
    int channels = 0, frames = 0;
};

// One stage of the network. Two forward paths: infer() touches no state (thread-safe, uses
// running statistics, no dropout); forwardTrain() may cache what backward() needs and update
// running statistics. backward() follows the forwardTrain() that produced y from x; it
// ACCUMULATES parameter gradients and writes dLoss/dx into *dx unless dx is null (first layer).
class Layer {
public:
    virtual ~Layer() = default;
    virtual std::unique_ptr<Layer> clone() const = 0;
    virtual QString kind() const = 0;
    virtual Shape outputShape(Shape in) const { return in; }

    virtual void infer(const Tensor& x, Tensor& y) const = 0;
    virtual void forwardTrain(const Tensor& x, Tensor& y) { infer(x, y); }
    virtual void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) = 0;

    virtual std::vector<Parameter*> parameters() { return {}; }
    virtual std::vector<Buffer*> buffers() { return {}; }
    std::vector<const Parameter*> parameters() const;
    std::vector<const Buffer*> buffers() const;

    // Threads for the per-sample loops (0: all cores). Results do not depend on it.
    void setThreads(int threads) { threads_ = threads; }
    int threads() const { return threads_; }

protected:
    int threads_ = 0;
};

}  // namespace tl::nn
