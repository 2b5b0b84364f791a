#pragma once

#include <Eigen/Core>
#include <QString>

namespace tl::nn {

// One trainable array of a layer, flattened. `grad` accumulates dLoss/dValue over backward
// passes until zeroGrad(). Weight decay applies to weights only (decay = false for biases and
// normalisation gains/shifts, as Loshchilov & Hutter and common practice do).
struct Parameter {
    QString name;
    Eigen::VectorXf value, grad;
    bool decay = true;

    void init(QString n, Eigen::Index size, bool decayed) {
        name = std::move(n);
        value = Eigen::VectorXf::Zero(size);
        grad = Eigen::VectorXf::Zero(size);
        decay = decayed;
    }
};

// Non-trainable state saved with the weights (batch-norm running statistics).
struct Buffer {
    QString name;
    Eigen::VectorXf value;
};

}  // namespace tl::nn
