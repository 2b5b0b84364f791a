#include "nn/Losses.h"

namespace tl::nn {

double weightedMse(const Eigen::MatrixXf& pred, const Eigen::MatrixXf& y, const Eigen::VectorXf& w,
                   Eigen::MatrixXf* grad) {
    const double totalWeight = w.cast<double>().sum();
    if (grad) grad->setZero(pred.rows(), pred.cols());
    if (totalWeight <= 0.0) return 0.0;
    double loss = 0.0;
    for (Eigen::Index i = 0; i < pred.rows(); ++i) {
        const Eigen::RowVectorXf diff = pred.row(i) - y.row(i);
        loss += double(w[i]) * diff.cast<double>().squaredNorm();
        if (grad) grad->row(i) = diff * float(2.0 * w[i] / totalWeight);
    }
    return loss / totalWeight;
}

}  // namespace tl::nn
