#include "nn/Adam.h"

#include <cmath>

namespace tl::nn {

Adam::Adam(std::vector<Parameter*> params, AdamOptions o)
    : params_(std::move(params)), options_(o) {
    for (const Parameter* p : params_) {
        m_.push_back(Eigen::VectorXf::Zero(p->value.size()));
        v_.push_back(Eigen::VectorXf::Zero(p->value.size()));
    }
}

void Adam::step(float learningRate) {
    ++t_;
    const float b1 = options_.beta1, b2 = options_.beta2;
    const float correction1 = float(1.0 - std::pow(double(b1), double(t_)));
    const float correction2 = float(1.0 - std::pow(double(b2), double(t_)));
    const float stepSize = learningRate / correction1;
    const float rootCorrection2 = std::sqrt(correction2);
    for (size_t k = 0; k < params_.size(); ++k) {
        Parameter& p = *params_[k];
        if (p.decay && options_.weightDecay > 0.0f)
            p.value *= 1.0f - learningRate * options_.weightDecay;
        m_[k] = b1 * m_[k] + (1.0f - b1) * p.grad;
        v_[k] = b2 * v_[k] + (1.0f - b2) * p.grad.cwiseAbs2();
        p.value.array() -=
            stepSize * m_[k].array() / (v_[k].array().sqrt() / rootCorrection2 + options_.epsilon);
    }
}

}  // namespace tl::nn
