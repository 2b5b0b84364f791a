// The paper's bag-of-features baseline (van den Oord et al. 2013, section 4.1): linear
// regression with an L2 penalty from classic descriptors (core/audio Descriptors: MFCC means and
// variances, spectral shape, onsets, tempo), standardised, to the unit-length CF vectors.
#pragma once

#include <Eigen/Core>
#include <QByteArray>
#include <vector>

#include "job/Result.h"

namespace tl::audiomodel {

// sum_i w_i |p_i - y_i|^2 / sum_i w_i: the trainer's loss (nn::weightedMse, the paper's MSE on
// unit CF vectors), here on whole tracks; the figure the ridge baseline and the CNN are compared
// by.
double weightedMse(const Eigen::MatrixXf& predicted, const Eigen::MatrixXf& target,
                   const Eigen::VectorXf& weights);

class RidgeBaseline {
public:
    // The lambdas tried on the validation split, smallest first.
    static std::vector<double> defaultGrid();

    // Closed form on standardised features with an unpenalised intercept:
    // W = (Z^T D Z + lambda I)^-1 Z^T D (Y - mean_w(Y)), Z = (X - mean) / std, D = diag(w).
    // Features constant over the training rows get scale 1 (they then contribute nothing).
    Status fit(const Eigen::MatrixXf& x, const Eigen::MatrixXf& y, const Eigen::VectorXf& w,
               double lambda);
    // Fits every lambda of `grid` on the training rows, keeps the one with the lowest weighted
    // MSE on the validation rows (refitted on the training rows only, as the CNN is).
    Status fitWithGrid(const Eigen::MatrixXf& trainX, const Eigen::MatrixXf& trainY,
                       const Eigen::VectorXf& trainW, const Eigen::MatrixXf& validX,
                       const Eigen::MatrixXf& validY, const Eigen::VectorXf& validW,
                       const std::vector<double>& grid = defaultGrid());

    Eigen::MatrixXf predict(const Eigen::MatrixXf& x) const;
    bool fitted() const { return weights_.size() > 0; }
    double lambda() const { return lambda_; }
    double validationLoss() const { return validationLoss_; }
    const Eigen::MatrixXf& weights() const { return weights_; }  // features x outputs
    const Eigen::RowVectorXf& intercept() const { return intercept_; }

    QByteArray serialise() const;
    static Result<RidgeBaseline> deserialise(const QByteArray& bytes);

private:
    Eigen::RowVectorXf mean_, scale_;  // feature standardisation
    Eigen::MatrixXf weights_;
    Eigen::RowVectorXf intercept_;
    double lambda_ = 0;
    double validationLoss_ = -1;
};

}  // namespace tl::audiomodel
