#include "audiomodel/RidgeBaseline.h"

#include <Eigen/Cholesky>
#include <Eigen/LU>
#include <QDataStream>
#include <QIODevice>
#include <cmath>
#include <limits>

namespace tl::audiomodel {
namespace {

constexpr quint32 kMagic = 0x544C5247;  // "TLRG"
constexpr quint32 kFormat = 1;

template <class M>
void writeMatrix(QDataStream& out, const M& m) {
    out << qint32(m.rows()) << qint32(m.cols());
    for (Eigen::Index r = 0; r < m.rows(); ++r)
        for (Eigen::Index c = 0; c < m.cols(); ++c) out << float(m(r, c));
}

template <class M>
bool readMatrix(QDataStream& in, M& m, qint64 limit) {
    qint32 rows = 0, cols = 0;
    in >> rows >> cols;
    if (rows < 0 || cols < 0 || qint64(rows) * cols > limit) return false;
    if ((M::RowsAtCompileTime == 1 && rows != 1)) return false;
    m.resize(rows, cols);
    for (Eigen::Index r = 0; r < m.rows(); ++r)
        for (Eigen::Index c = 0; c < m.cols(); ++c) in >> m(r, c);
    return in.status() == QDataStream::Ok && m.allFinite();
}

}  // namespace

double weightedMse(const Eigen::MatrixXf& predicted, const Eigen::MatrixXf& target,
                   const Eigen::VectorXf& weights) {
    const double total = weights.cast<double>().sum();
    if (predicted.rows() == 0 || !(total > 0) || predicted.cols() == 0) return 0.0;
    const Eigen::VectorXd perRow = (predicted - target).cast<double>().rowwise().squaredNorm();
    return perRow.dot(weights.cast<double>()) / total;
}

std::vector<double> RidgeBaseline::defaultGrid() {
    return {1e-3, 1e-2, 1e-1, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0};
}

Status RidgeBaseline::fit(const Eigen::MatrixXf& x, const Eigen::MatrixXf& y,
                          const Eigen::VectorXf& w, double lambda) {
    if (x.rows() != y.rows() || x.rows() != w.size() || x.rows() == 0)
        return Status::error(QStringLiteral("ridge: features, targets and weights differ in rows"));
    if (!x.allFinite() || !y.allFinite())
        return Status::error(QStringLiteral("ridge: non-finite features or targets"));
    const Eigen::VectorXd wd = w.cast<double>();
    const double total = wd.sum();
    if (!(total > 0)) return Status::error(QStringLiteral("ridge: every weight is zero"));
    const Eigen::MatrixXd xd = x.cast<double>();
    const Eigen::MatrixXd yd = y.cast<double>();
    const Eigen::RowVectorXd mean = (wd.transpose() * xd) / total;
    const Eigen::MatrixXd centred = xd.rowwise() - mean;
    Eigen::RowVectorXd scale = ((wd.transpose() * centred.cwiseAbs2()) / total).cwiseSqrt();
    for (Eigen::Index j = 0; j < scale.size(); ++j)
        if (!(scale[j] > 1e-12)) scale[j] = 1.0;
    const Eigen::MatrixXd z = centred.array().rowwise() / scale.array();
    const Eigen::RowVectorXd yMean = (wd.transpose() * yd) / total;
    const Eigen::MatrixXd yc = yd.rowwise() - yMean;
    const Eigen::MatrixXd zw = z.array().colwise() * wd.array();
    Eigen::MatrixXd gram = zw.transpose() * z;
    gram.diagonal().array() += lambda;
    const Eigen::MatrixXd rhs = zw.transpose() * yc;
    // LDLT is exact for lambda > 0; with lambda = 0 and a singular Gram matrix fall back to a
    // pivoted LU, which still solves a consistent system.
    Eigen::MatrixXd solution = gram.ldlt().solve(rhs);
    if (!solution.allFinite()) solution = gram.fullPivLu().solve(rhs);
    if (!solution.allFinite()) return Status::error(QStringLiteral("ridge: the solve diverged"));
    mean_ = mean.cast<float>();
    scale_ = scale.cast<float>();
    weights_ = solution.cast<float>();
    intercept_ = yMean.cast<float>();
    lambda_ = lambda;
    return Status::ok();
}

Status RidgeBaseline::fitWithGrid(const Eigen::MatrixXf& trainX, const Eigen::MatrixXf& trainY,
                                  const Eigen::VectorXf& trainW, const Eigen::MatrixXf& validX,
                                  const Eigen::MatrixXf& validY, const Eigen::VectorXf& validW,
                                  const std::vector<double>& grid) {
    if (grid.empty()) return Status::error(QStringLiteral("ridge: empty lambda grid"));
    double best = std::numeric_limits<double>::infinity();
    double bestLambda = grid.front();
    for (double lambda : grid) {
        if (Status s = fit(trainX, trainY, trainW, lambda); !s.isOk()) return s;
        const double loss = validX.rows() > 0 ? weightedMse(predict(validX), validY, validW) : 0.0;
        if (loss < best) {
            best = loss;
            bestLambda = lambda;
        }
    }
    if (Status s = fit(trainX, trainY, trainW, bestLambda); !s.isOk()) return s;
    validationLoss_ = validX.rows() > 0 ? best : -1;
    return Status::ok();
}

Eigen::MatrixXf RidgeBaseline::predict(const Eigen::MatrixXf& x) const {
    const Eigen::MatrixXf z = (x.rowwise() - mean_).array().rowwise() / scale_.array();
    return (z * weights_).rowwise() + intercept_;
}

QByteArray RidgeBaseline::serialise() const {
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setByteOrder(QDataStream::LittleEndian);
    out.setFloatingPointPrecision(QDataStream::SinglePrecision);
    out << kMagic << kFormat << lambda_ << validationLoss_;
    writeMatrix(out, mean_);
    writeMatrix(out, scale_);
    writeMatrix(out, weights_);
    writeMatrix(out, intercept_);
    return bytes;
}

Result<RidgeBaseline> RidgeBaseline::deserialise(const QByteArray& bytes) {
    QDataStream in(bytes);
    in.setByteOrder(QDataStream::LittleEndian);
    in.setFloatingPointPrecision(QDataStream::SinglePrecision);
    quint32 magic = 0, format = 0;
    in >> magic >> format;
    if (magic != kMagic || format != kFormat)
        return Status::error(QStringLiteral("the ridge baseline's weights are not readable"));
    RidgeBaseline r;
    const qint64 limit = bytes.size();
    in >> r.lambda_ >> r.validationLoss_;
    if (!readMatrix(in, r.mean_, limit) || !readMatrix(in, r.scale_, limit) ||
        !readMatrix(in, r.weights_, limit) || !readMatrix(in, r.intercept_, limit) ||
        r.mean_.size() != r.weights_.rows() || r.scale_.size() != r.weights_.rows() ||
        r.intercept_.size() != r.weights_.cols())
        return Status::error(
            QStringLiteral("the ridge baseline's weights are truncated or damaged"));
    return r;
}

}  // namespace tl::audiomodel
