#pragma once

#include <Eigen/Core>

namespace tl::nn {

// Weighted mean squared error, sum_i w_i * ||pred_i - y_i||^2 / sum_i w_i over the rows i (the
// paper's MSE on CF vectors, optionally weighted per track). Accumulated in double. If grad is
// not null it receives dLoss/dPred (rows x cols). Zero total weight gives 0 and a zero gradient.
double weightedMse(const Eigen::MatrixXf& pred, const Eigen::MatrixXf& y, const Eigen::VectorXf& w,
                   Eigen::MatrixXf* grad);

}  // namespace tl::nn
