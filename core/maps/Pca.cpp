#include "maps/Pca.h"

#include <Eigen/Eigenvalues>
#include <algorithm>

namespace tl {

PcaResult pca(const VectorMatrix& vectors, int components) {
    const Eigen::Index n = vectors.rows(), d = vectors.cols();
    PcaResult result;
    components = int(std::min<Eigen::Index>(components, d));
    result.projected = Eigen::MatrixXf::Zero(n, components);
    result.axes = Eigen::MatrixXd::Zero(d, components);
    result.explainedVariance = Eigen::VectorXd::Zero(components);
    result.explainedRatio = Eigen::VectorXd::Zero(components);
    if (n == 0 || components <= 0) return result;

    const Eigen::MatrixXd x = vectors.cast<double>();
    const Eigen::RowVectorXd mean = x.colwise().mean();
    const Eigen::MatrixXd centred = x.rowwise() - mean;
    const Eigen::MatrixXd covariance =
        (centred.transpose() * centred) / double(std::max<Eigen::Index>(1, n - 1));
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(covariance);
    const double total = covariance.trace();
    for (int c = 0; c < components; ++c) {
        const Eigen::Index column = d - 1 - c;  // eigenvalues come in ascending order
        Eigen::VectorXd axis = solver.eigenvectors().col(column);
        Eigen::Index largest = 0;
        axis.cwiseAbs().maxCoeff(&largest);
        if (axis[largest] < 0) axis = -axis;
        result.axes.col(c) = axis;
        result.explainedVariance[c] = std::max(0.0, solver.eigenvalues()[column]);
        result.explainedRatio[c] = total > 0 ? result.explainedVariance[c] / total : 0.0;
    }
    result.projected = (centred * result.axes).cast<float>();
    return result;
}

MapPoints pcaMap(const VectorMatrix& vectors) {
    const PcaResult result = pca(vectors, 2);
    MapPoints points = MapPoints::Zero(vectors.rows(), 2);
    points.leftCols(result.projected.cols()) = result.projected;
    return points;
}

}  // namespace tl
