#include "nn/Dense.h"

namespace tl::nn {

Dense::Dense(int inputs, int outputs) : in_(inputs), out_(outputs) {
    weight_.init(QStringLiteral("weight"), Eigen::Index(out_) * in_, true);
    bias_.init(QStringLiteral("bias"), out_, false);
}

void Dense::infer(const Tensor& x, Tensor& y) const {
    y.resize(x.batch, out_, 1);
    const Eigen::Map<const RowMatrix> w(weight_.value.data(), out_, in_);
    RowMap out = asMatrix(y);
    out.noalias() = asMatrix(x) * w.transpose();
    out.rowwise() += bias_.value.transpose();
}

void Dense::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx) {
    (void)y;
    const Eigen::Map<const RowMatrix> w(weight_.value.data(), out_, in_);
    Eigen::Map<RowMatrix> gradW(weight_.grad.data(), out_, in_);
    const ConstRowMap g = asMatrix(dy);
    gradW.noalias() += g.transpose() * asMatrix(x);
    bias_.grad += g.colwise().sum().transpose();
    if (!dx) return;
    dx->resize(x.batch, x.channels, x.frames);
    asMatrix(*dx).noalias() = g * w;
}

}  // namespace tl::nn
