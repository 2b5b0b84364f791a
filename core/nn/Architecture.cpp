#include "nn/Architecture.h"

#include <QJsonArray>

namespace tl::nn {

QString normName(Norm norm) {
    switch (norm) {
        case Norm::None:
            return QStringLiteral("none");
        case Norm::Batch:
            return QStringLiteral("batch");
        case Norm::Layer:
            return QStringLiteral("layer");
    }
    return {};
}

QJsonObject Architecture::toJson() const {
    QJsonArray blocks;
    for (const ConvBlock& b : conv)
        blocks.append(QJsonObject{{"filters", b.filters}, {"width", b.width}, {"pool", b.pool}});
    QJsonArray hidden;
    for (int d : dense) hidden.append(d);
    return QJsonObject{{"input_bands", inputBands},
                       {"input_frames", inputFrames},
                       {"conv", blocks},
                       {"norm", normName(norm)},
                       {"pool_mean", poolMean},
                       {"pool_max", poolMax},
                       {"pool_l2", poolL2},
                       {"dense", hidden},
                       {"dropout", double(dropout)},
                       {"outputs", outputs}};
}

Result<Architecture> Architecture::fromJson(const QJsonObject& json) {
    auto missing = [](const char* key) {
        return Status::error(QStringLiteral("architecture: '%1' is missing or not of its type")
                                 .arg(QLatin1String(key)));
    };
    auto integer = [&](const char* key, int& out) {
        const QJsonValue v = json.value(QLatin1String(key));
        if (!v.isDouble()) return false;
        out = v.toInt();
        return true;
    };
    auto boolean = [&](const char* key, bool& out) {
        const QJsonValue v = json.value(QLatin1String(key));
        if (!v.isBool()) return false;
        out = v.toBool();
        return true;
    };
    Architecture a;
    if (!integer("input_bands", a.inputBands)) return missing("input_bands");
    if (!integer("input_frames", a.inputFrames)) return missing("input_frames");
    if (!integer("outputs", a.outputs)) return missing("outputs");
    if (!boolean("pool_mean", a.poolMean)) return missing("pool_mean");
    if (!boolean("pool_max", a.poolMax)) return missing("pool_max");
    if (!boolean("pool_l2", a.poolL2)) return missing("pool_l2");
    if (!json.value("dropout").isDouble()) return missing("dropout");
    a.dropout = float(json.value("dropout").toDouble());
    const QString norm = json.value("norm").toString();
    if (norm == QLatin1String("none"))
        a.norm = Norm::None;
    else if (norm == QLatin1String("batch"))
        a.norm = Norm::Batch;
    else if (norm == QLatin1String("layer"))
        a.norm = Norm::Layer;
    else
        return Status::error(
            QStringLiteral("architecture: norm '%1' is not none, batch or layer").arg(norm));
    if (!json.value("conv").isArray()) return missing("conv");
    a.conv.clear();
    for (const QJsonValue& v : json.value("conv").toArray()) {
        const QJsonObject o = v.toObject();
        if (!o.value("filters").isDouble() || !o.value("width").isDouble() ||
            !o.value("pool").isDouble())
            return Status::error(QStringLiteral(
                "architecture: a conv block needs numbers 'filters', 'width' and 'pool'"));
        a.conv.push_back(
            {o.value("filters").toInt(), o.value("width").toInt(), o.value("pool").toInt()});
    }
    if (!json.value("dense").isArray()) return missing("dense");
    a.dense.clear();
    for (const QJsonValue& v : json.value("dense").toArray()) {
        if (!v.isDouble()) return missing("dense");
        a.dense.push_back(v.toInt());
    }
    if (const QString problem = a.validate(); !problem.isEmpty())
        return Status::error(QStringLiteral("architecture: ") + problem);
    return a;
}

std::vector<int> Architecture::framesPerBlock() const {
    std::vector<int> frames;
    int t = inputFrames;
    for (const ConvBlock& b : conv) {
        if (b.width < 1 || b.pool < 1) return {};
        t = t - b.width + 1;
        if (t < 1) return {};
        t /= b.pool;
        if (t < 1) return {};
        frames.push_back(t);
    }
    return frames;
}

int Architecture::pooledFeatures() const {
    const int channels = conv.empty() ? inputBands : conv.back().filters;
    return channels * (int(poolMean) + int(poolMax) + int(poolL2));
}

int Architecture::embeddingSize() const {
    return dense.empty() ? pooledFeatures() : dense.back();
}

qint64 Architecture::parameterCount() const {
    qint64 n = 0;
    int channels = inputBands;
    for (const ConvBlock& b : conv) {
        n += qint64(b.filters) * channels * b.width;
        n += norm == Norm::None ? b.filters : 2 * b.filters;  // bias, or norm gain and shift
        channels = b.filters;
    }
    int width = pooledFeatures();
    for (int d : dense) {
        n += qint64(width) * d + d;
        width = d;
    }
    return n + qint64(width) * outputs + outputs;
}

QString Architecture::validate() const {
    // Caps far above any CPU-sized network keep the size arithmetic below from overflowing on
    // a hand-edited or hostile architecture.
    constexpr int kMaxWidth = 1 << 16, kMaxFrames = 1 << 22;
    auto tooLarge = [&] {
        if (inputBands > kMaxWidth || outputs > kMaxWidth || inputFrames > kMaxFrames) return true;
        for (const ConvBlock& b : conv)
            if (b.filters > kMaxWidth || b.width > kMaxWidth || b.pool > kMaxWidth) return true;
        for (int d : dense)
            if (d > kMaxWidth) return true;
        return conv.size() > 64 || dense.size() > 64;
    };
    if (tooLarge())
        return QStringLiteral(
            "a size is out of range (at most 65536 bands, filters, units, "
            "taps or outputs, 4194304 frames, 64 layers of a kind)");
    if (inputBands < 1) return QStringLiteral("input_bands must be at least 1");
    if (inputFrames < 1) return QStringLiteral("input_frames must be at least 1");
    if (outputs < 1) return QStringLiteral("outputs must be at least 1");
    if (!poolMean && !poolMax && !poolL2)
        return QStringLiteral("at least one global pooling (mean, max, L2) is needed");
    if (!(dropout >= 0.0f && dropout < 1.0f)) return QStringLiteral("dropout must be in [0, 1)");
    for (const ConvBlock& b : conv)
        if (b.filters < 1 || b.width < 1 || b.pool < 1)
            return QStringLiteral("conv blocks need filters, width and pool of at least 1");
    for (int d : dense)
        if (d < 1) return QStringLiteral("dense layers need at least 1 unit");
    if (framesPerBlock().size() != conv.size())
        return QStringLiteral("%1 input frames are too few for the convolutions and pools")
            .arg(inputFrames);
    if (parameterCount() > 200'000'000) return QStringLiteral("more than 2e8 parameters");
    return {};
}

}  // namespace tl::nn
