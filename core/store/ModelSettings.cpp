// Model parameters kept in the project's settings table (see ModelSettings.h for why there).
#include "store/ModelSettings.h"

#include "audio/ProjectAnalysis.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QIODevice>
#include <QJsonObject>
#include <QStringList>
#include <cmath>

#include "playlist/DefaultBlend.h"
#include "store/ProjectStore.h"

namespace tl {
namespace {

namespace key {
const QString cfFactors = QStringLiteral("cf.factors");
const QString cfAlpha = QStringLiteral("cf.alpha");
const QString cfConfidence = QStringLiteral("cf.confidence");
const QString cfEpsilon = QStringLiteral("cf.epsilon");
const QString cfRegularization = QStringLiteral("cf.regularization");
const QString cfIterations = QStringLiteral("cf.iterations");
const QString cfSeed = QStringLiteral("cf.seed");
const QString analysisRate = QStringLiteral("audio.analysis_rate");
const QString excerptMode = QStringLiteral("audio.excerpts");
const QString excerptCount = QStringLiteral("audio.excerpt_count");
const QString excerptSeconds = QStringLiteral("audio.excerpt_seconds");
const QString audioSeed = QStringLiteral("audio.seed");
const QString weights = QStringLiteral("playlist.weights");
const QString playlistSeed = QStringLiteral("playlist.seed");
}  // namespace key

// Reads one key, keeping `value` (the default) when it is absent or not usable.
class Reader {
public:
    Reader(const ProjectStore& store, QStringList* warnings) : store_(store), warnings_(warnings) {}

    template <class T>
    void number(const QString& k, T& value, double lo, double hi) {
        const QString text = store_.setting(k);
        if (text.isEmpty()) return;
        bool ok = false;
        const double v = text.toDouble(&ok);
        if (!ok || !std::isfinite(v) || v < lo || v > hi)
            return warn(k, text, QString::number(value));
        value = T(v);
    }
    void seed(const QString& k, quint64& value) {
        const QString text = store_.setting(k);
        if (text.isEmpty()) return;
        bool ok = false;
        const quint64 v = text.toULongLong(&ok);
        if (!ok) return warn(k, text, QString::number(value));
        value = v;
    }
    QString text(const QString& k) const { return store_.setting(k); }
    void warn(const QString& k, const QString& found, const QString& used) {
        if (warnings_)
            warnings_->append(QStringLiteral("Project setting %1 = “%2” is not usable; using %3.")
                                  .arg(k, found, used));
    }

private:
    const ProjectStore& store_;
    QStringList* warnings_;
};

QString weightsText(const std::map<QString, double>& weights) {
    QStringList parts;
    for (const auto& [source, weight] : weights)
        parts << QStringLiteral("%1=%2").arg(source, QString::number(weight, 'g', 6));
    return parts.join(QLatin1Char(','));
}

}  // namespace

ModelSettings readModelSettings(const ProjectStore& store, QStringList* warnings) {
    namespace r = model_settings_range;
    ModelSettings s;
    Reader in(store, warnings);
    in.number(key::cfFactors, s.cfFactors, r::kMinFactors, r::kMaxFactors);
    in.number(key::cfAlpha, s.cfAlpha, r::kMinAlpha, r::kMaxAlpha);
    if (const QString c = in.text(key::cfConfidence); c == QLatin1String("log"))
        s.cfConfidence = AlsOptions::Confidence::Log;
    else if (c == QLatin1String("linear"))
        s.cfConfidence = AlsOptions::Confidence::Linear;
    else if (!c.isEmpty())
        in.warn(key::cfConfidence, c, QStringLiteral("linear"));
    in.number(key::cfEpsilon, s.cfEpsilon, r::kMinEpsilon, r::kMaxEpsilon);
    in.number(key::cfRegularization, s.cfRegularization, r::kMinRegularization,
              r::kMaxRegularization);
    in.number(key::cfIterations, s.cfIterations, r::kMinIterations, r::kMaxIterations);
    in.seed(key::cfSeed, s.cfSeed);
    in.number(key::analysisRate, s.analysisRate, r::kMinAnalysisRate, r::kMaxAnalysisRate);
    if (const QString m = in.text(key::excerptMode); m == QLatin1String("whole"))
        s.excerptMode = audio::ExcerptMode::Whole;
    else if (m == QLatin1String("windows"))
        s.excerptMode = audio::ExcerptMode::Windows;
    else if (!m.isEmpty())
        in.warn(key::excerptMode, m, QStringLiteral("windows"));
    in.number(key::excerptCount, s.excerptCount, r::kMinExcerpts, r::kMaxExcerpts);
    in.number(key::excerptSeconds, s.excerptSeconds, r::kMinExcerptSeconds, r::kMaxExcerptSeconds);
    in.seed(key::audioSeed, s.audioSeed);
    if (auto chosen = chosenBlendWeights(store)) {
        s.weights = std::move(*chosen);
    } else {
        s.weights = defaultBlend(store).weights;
        if (const QString w = in.text(key::weights); !w.isEmpty())
            in.warn(key::weights, w, weightsText(s.weights));
    }
    in.seed(key::playlistSeed, s.playlistSeed);
    return s;
}

std::optional<std::map<QString, double>> chosenBlendWeights(const ProjectStore& store) {
    const QString text = store.setting(key::weights);
    std::map<QString, double> weights;
    QString error;
    if (text.isEmpty() || !parseWeights(text, &weights, &error) || weights.empty())
        return std::nullopt;
    return weights;
}

namespace {

bool sameWeights(const std::map<QString, double>& a, const std::map<QString, double>& b) {
    std::map<QString, double> all = a;
    all.insert(b.begin(), b.end());
    for (const auto& [source, unused] : all) {
        const auto x = a.find(source);
        const auto y = b.find(source);
        if (std::abs((x == a.end() ? 0.0 : x->second) - (y == b.end() ? 0.0 : y->second)) > 1e-9)
            return false;
    }
    return true;
}

}  // namespace

Status writeModelSettings(ProjectStore& store, const ModelSettings& s) {
    // The default blend read back unchanged is not the person's choice: it stays unwritten, so
    // a later back-test can still earn the project a better one.
    const bool writeWeights =
        chosenBlendWeights(store) || !sameWeights(s.weights, defaultBlend(store).weights);
    const std::pair<QString, QString> rows[] = {
        {key::cfFactors, QString::number(s.cfFactors)},
        {key::cfAlpha, QString::number(s.cfAlpha, 'g', 9)},
        {key::cfConfidence, s.cfConfidence == AlsOptions::Confidence::Log
                                ? QStringLiteral("log")
                                : QStringLiteral("linear")},
        {key::cfEpsilon, QString::number(s.cfEpsilon, 'g', 9)},
        {key::cfRegularization, QString::number(s.cfRegularization, 'g', 9)},
        {key::cfIterations, QString::number(s.cfIterations)},
        {key::cfSeed, QString::number(s.cfSeed)},
        {key::analysisRate, QString::number(s.analysisRate)},
        {key::excerptMode, s.excerptMode == audio::ExcerptMode::Whole ? QStringLiteral("whole")
                                                                      : QStringLiteral("windows")},
        {key::excerptCount, QString::number(s.excerptCount)},
        {key::excerptSeconds, QString::number(s.excerptSeconds, 'g', 9)},
        {key::audioSeed, QString::number(s.audioSeed)},
        {key::weights, weightsText(s.weights)},
        {key::playlistSeed, QString::number(s.playlistSeed)},
    };
    ProjectStore::Transaction tx(store);
    if (!tx.status().isOk()) return tx.status();
    for (const auto& [k, v] : rows) {
        if (k == key::weights && !writeWeights) continue;
        if (Status st = store.setSetting(k, v); !st.isOk()) return st;
    }
    return tx.commit();
}

Status writeBlendWeights(ProjectStore& store, const std::map<QString, double>& weights) {
    if (const auto stored = chosenBlendWeights(store); stored && sameWeights(*stored, weights))
        return Status::ok();
    return store.setSetting(key::weights, weightsText(weights));
}

AlsOptions alsOptions(const ModelSettings& s, int threads) {
    AlsOptions a;
    a.factors = s.cfFactors;
    a.alpha = float(s.cfAlpha);
    a.confidence = s.cfConfidence;
    a.epsilon = float(s.cfEpsilon);
    a.regularization = float(s.cfRegularization);
    a.iterations = s.cfIterations;
    a.seed = s.cfSeed;
    a.threads = threads;
    return a;
}

audio::AnalyzeOptions analyzeOptions(const ModelSettings& s, int threads) {
    audio::AnalyzeOptions o;
    o.frontEnd = frontEndOptions(s);
    o.threads = threads;
    return o;
}

audio::FrontEndOptions frontEndOptions(const ModelSettings& s) {
    audio::FrontEndOptions o;
    o.sampleRate = s.analysisRate;
    o.excerptMode = s.excerptMode;
    o.excerptCount = s.excerptCount;
    o.excerptSeconds = s.excerptSeconds;
    return o;
}

audiomodel::AudioModelOptions audioModelOptions(const ModelSettings& s, int threads) {
    audiomodel::AudioModelOptions o;
    o.train.seed = s.audioSeed;
    o.threads = threads;
    return o;
}

PlaylistSettings playlistSettings(const ModelSettings& s) {
    PlaylistSettings p;
    p.weights = s.weights;
    p.seed = s.playlistSeed;
    return p;
}

QString cfSettingsKey(const AlsOptions& a) {
    // The fields that change the factors (threads and the solver's shortcuts do not change what
    // is minimised; the solver and CG steps do change the numbers, so they count).
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out << qint32(a.factors) << a.regularization << a.alpha << qint32(a.confidence) << a.epsilon
        << qint32(a.iterations) << qint32(a.solver) << qint32(a.cgSteps) << quint64(a.seed);
    return QString::fromLatin1(
        QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex().left(16));
}

bool cfModelOutOfDate(const QJsonObject& meta, const ModelSettings& settings) {
    if (meta.isEmpty()) return false;  // nothing trained: nothing out of date
    // Factors trained elsewhere (import-factors) follow their own settings, not Preferences.
    if (meta.value(QStringLiteral("external")).toBool()) return false;
    const AlsOptions wanted = alsOptions(settings);
    const QString stored = meta.value(QStringLiteral("settings")).toString();
    // A model stored before its settings key was recorded: the factor count is all we know.
    if (stored.isEmpty()) return meta.value(QStringLiteral("factors")).toInt() != wanted.factors;
    return stored != cfSettingsKey(wanted);
}

bool audioModelOutOfDate(const QJsonObject& meta, const ModelSettings& settings) {
    const QJsonObject stored = meta.value(QStringLiteral("front_end")).toObject();
    if (stored.isEmpty()) return false;  // untrained, or stored before the front end was kept
    const QJsonObject wanted = frontEndOptions(settings).toJson();
    for (const char* key : {"sample_rate", "excerpts"})
        if (stored.value(QLatin1String(key)) != wanted.value(QLatin1String(key))) return true;
    return false;
}

}  // namespace tl
