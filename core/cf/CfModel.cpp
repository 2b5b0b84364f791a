#include "cf/CfModel.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QElapsedTimer>
#include <QIODevice>
#include <algorithm>
#include <limits>

#include "eval/Metrics.h"
#include "store/ImportRecords.h"
#include "store/ModelSettings.h"
#include "store/ProjectStore.h"
#include "store/TrainingJournal.h"

namespace tl {
namespace {

constexpr quint32 kMagic = 0x544C4346;  // "TLCF"
constexpr quint32 kFormat = 1;

void writeOptions(QDataStream& out, const AlsOptions& a, const InteractionOptions& i) {
    out << qint32(a.factors) << a.regularization << a.alpha << qint32(a.confidence) << a.epsilon
        << qint32(a.iterations) << qint32(a.solver) << qint32(a.cgSteps) << a.lowRankShortcut
        << quint64(a.seed);
    out << qint32(i.strength) << qint32(i.shortPlayMs) << qint32(i.shortPlays) << i.weakWeight
        << i.skipsAreShort << qint32(i.rows) << qint32(i.sessionGapMinutes) << qint64(i.before);
}

template <class E>
void readEnum(QDataStream& in, E& value) {
    qint32 v = 0;
    in >> v;
    value = E(v);
}

void readOptions(QDataStream& in, AlsOptions& a, InteractionOptions& i) {
    qint32 v = 0;
    in >> v;
    a.factors = v;
    in >> a.regularization >> a.alpha;
    readEnum(in, a.confidence);
    in >> a.epsilon >> v;
    a.iterations = v;
    readEnum(in, a.solver);
    in >> v;
    a.cgSteps = v;
    quint64 seed = 0;
    in >> a.lowRankShortcut >> seed;
    a.seed = seed;
    readEnum(in, i.strength);
    in >> v;
    i.shortPlayMs = v;
    readEnum(in, i.shortPlays);
    in >> i.weakWeight >> i.skipsAreShort;
    readEnum(in, i.rows);
    in >> v;
    i.sessionGapMinutes = v;
    qint64 before = 0;
    in >> before;
    i.before = before;
}

void writeMatrix(QDataStream& out, const FactorMatrix& m) {
    out << qint64(m.rows()) << qint64(m.cols());
    out.writeRawData(reinterpret_cast<const char*>(m.data()), int(m.size() * sizeof(float)));
}

bool readMatrix(QDataStream& in, FactorMatrix& m) {
    qint64 rows = 0, cols = 0;
    in >> rows >> cols;
    if (rows < 0 || cols <= 0 || cols > 4096 || rows > (qint64(1) << 31)) return false;
    m.resize(rows, cols);
    const qint64 bytes = rows * cols * qint64(sizeof(float));
    return in.readRawData(reinterpret_cast<char*>(m.data()), int(bytes)) == bytes;
}

}  // namespace

QByteArray CfModel::serialise() const {
    return serialiseCfModel(*this, userFactors, itemFactors);
}

QByteArray serialiseCfModel(const CfModel& header, const FactorMatrix& userFactors,
                            const FactorMatrix& itemFactors) {
    QByteArray bytes;
    // Sized once: a model at Last.fm-1K scale is hundreds of MB, and a growing buffer would
    // reserve up to twice that on the way.
    bytes.reserve(qsizetype(1024 +
                            sizeof(qint64) * (header.rowUser.size() + header.itemTrack.size()) +
                            sizeof(float) * size_t(userFactors.size() + itemFactors.size())));
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setByteOrder(QDataStream::LittleEndian);
    out.setFloatingPointPrecision(QDataStream::SinglePrecision);
    out << kMagic << kFormat;
    writeOptions(out, header.als, header.interactions);
    out << header.sessionRows;
    out << quint64(header.rowUser.size());
    for (Id id : header.rowUser) out << qint64(id);
    out << quint64(header.itemTrack.size());
    for (Id id : header.itemTrack) out << qint64(id);
    writeMatrix(out, userFactors);
    writeMatrix(out, itemFactors);
    return bytes;
}

Result<CfModel> CfModel::deserialise(const QByteArray& bytes) {
    QDataStream in(bytes);
    in.setByteOrder(QDataStream::LittleEndian);
    in.setFloatingPointPrecision(QDataStream::SinglePrecision);
    quint32 magic = 0, format = 0;
    in >> magic >> format;
    if (magic != kMagic) return Status::error(QStringLiteral("stored CF model is not readable"));
    if (format != kFormat)
        return Status::error(QStringLiteral("stored CF model has format %1; this build reads %2")
                                 .arg(format)
                                 .arg(kFormat));
    CfModel m;
    readOptions(in, m.als, m.interactions);
    in >> m.sessionRows;
    auto readIds = [&](std::vector<Id>& ids) {
        quint64 n = 0;
        in >> n;
        if (n > quint64(bytes.size())) return false;
        ids.resize(n);
        for (auto& id : ids) {
            qint64 v = 0;
            in >> v;
            id = v;
        }
        return in.status() == QDataStream::Ok;
    };
    if (!readIds(m.rowUser) || !readIds(m.itemTrack) || !readMatrix(in, m.userFactors) ||
        !readMatrix(in, m.itemFactors) || in.status() != QDataStream::Ok ||
        m.userFactors.rows() != qint64(m.rowUser.size()) ||
        m.itemFactors.rows() != qint64(m.itemTrack.size()))
        return Status::error(QStringLiteral("stored CF model is truncated or damaged"));
    return m;
}

namespace {

// The fingerprint's hash, fed listen by listen in loadListens' order.
class FingerprintHash {
public:
    FingerprintHash(const AlsOptions& als, const InteractionOptions& interactions) {
        QByteArray options;
        {
            QDataStream out(&options, QIODevice::WriteOnly);
            writeOptions(out, als, interactions);
        }
        hash_.addData(options);
    }
    void add(const Listen& l) {
        const qint64 fields[] = {l.userId, l.trackId, l.endedAt, l.msPlayed, l.skipped};
        hash_.addData(QByteArrayView(reinterpret_cast<const char*>(fields), sizeof(fields)));
        if (l.count != 1) {  // play counts; plain listens hash as they always did
            const qint64 count = l.count;
            hash_.addData(QByteArrayView(reinterpret_cast<const char*>(&count), sizeof(count)));
        }
    }
    QByteArray result() const { return hash_.result(); }

private:
    QCryptographicHash hash_{QCryptographicHash::Sha256};
};

}  // namespace

QByteArray cfFingerprint(const std::vector<Listen>& listens, const AlsOptions& als,
                         const InteractionOptions& interactions) {
    FingerprintHash hash(als, interactions);
    for (const Listen& l : listens) hash.add(l);
    return hash.result();
}

Result<QByteArray> cfFingerprint(const ProjectStore& store, const AlsOptions& als,
                                 const InteractionOptions& interactions, const Progress& progress) {
    FingerprintHash hash(als, interactions);
    const qint64 total = std::max<qint64>(1, store.counts().listens);
    qint64 read = 0;
    bool cancelled = false;
    const Status s = store.forEachListen([&](const Listen& l) {
        hash.add(l);
        if ((++read & 0xFFFF) == 0) {
            progress.report(double(read) / double(total), QStringLiteral("Reading listens"));
            if (progress.cancelled()) {
                cancelled = true;
                return false;
            }
        }
        return true;
    });
    if (cancelled) return Status::cancelled();
    if (!s.isOk()) return s;
    // The play counts as loadListens appends them (a zero count is not read).
    const Status counts = store.forEachPlayCount([&](const PlayCount& c) {
        if (c.plays <= 0) return true;
        Listen l;
        l.userId = c.userId;
        l.trackId = c.trackId;
        l.count = int(std::min<qint64>(c.plays, std::numeric_limits<int>::max()));
        hash.add(l);
        if ((++read & 0xFFFF) == 0 && progress.cancelled()) {
            cancelled = true;
            return false;
        }
        return true;
    });
    if (cancelled) return Status::cancelled();
    if (!counts.isOk()) return counts;
    return hash.result();
}

Result<CfTrainReport> trainCf(ProjectStore& store, const AlsOptions& als,
                              const InteractionOptions& interactions, const Progress& progress) {
    // Marks the project "training" until this returns, so a killed process is noticed on reopening.
    const training_journal::Scope journal(store, QStringLiteral("cf"));
    QElapsedTimer clock;
    clock.start();
    const QString kind = QStringLiteral("cf.als"), key = QStringLiteral("model");
    // Which listens the model saw, cheaply comparable with the project's later (ImportRecords).
    const QString inputs = listensDigest(store);
    // The listens are read twice and never held: once in time order for the fingerprint, once
    // in (user, track) order straight into the matrix. At Last.fm-1K scale holding them cost
    // more memory than the matrix and the user factors together.
    const auto fingerprint = cfFingerprint(store, als, interactions, progress.sub(0.0, 0.05));
    if (!fingerprint) return fingerprint.status();
    CfTrainReport report;

    CfModel model;
    // Only a model trained on the same inputs is read (a stored model is as big as a new one).
    if (store.resultFingerprint(kind, key) == fingerprint.value()) {
        if (const auto stored = store.result(kind, key)) {
            auto loaded = CfModel::deserialise(stored->data);
            if (loaded) {
                model = std::move(loaded).value();
                report.reused = true;
                report.loss = stored->meta.value(QStringLiteral("loss")).toDouble();
            }
        }
    }
    auto read = loadInteractions(store, interactions, progress.sub(0.05, 0.1));
    if (!read) return read.status();
    Interactions in = std::move(read).value();
    report.rows = in.userItems.rows;
    report.items = in.userItems.cols;
    report.nonZeros = in.userItems.nonZeros();
    report.listensCounted = in.listensCounted;
    report.listensDropped = in.listensDropped;
    report.sessionRows = in.sessionRows;
    // Training needs the matrix only; the id lookups go before the factors are allocated.
    // (Assigning new maps frees their buckets; `= {}` would keep them.)
    in.trackColumn = std::unordered_map<Id, int>();
    in.userRow = std::unordered_map<Id, int>();

    // On a demo world, how well do track neighbours recover the planted genres?
    const std::vector<int> itemGenre = itemGenres(store.groundTruth(), in.itemTrack);
    auto genrePrecision = [&](const ImplicitAls& query) {
        return neighbourGenrePrecision(
            itemGenre, 10, [&](int item, int n) { return query.similarItems(item, n); }, 2000);
    };

    if (!report.reused) {
        model.als = als;
        model.interactions = interactions;
        model.rowUser = std::move(in.rowUser);
        model.itemTrack = std::move(in.itemTrack);
        model.sessionRows = in.sessionRows;
        StoredResult result;
        {
            ImplicitAls fitted(als);
            fitted.setTrackLoss(false);
            if (Status s = fitted.fit(in.userItems, progress.sub(0.1, 0.9)); !s.isOk()) return s;
            report.loss = fitted.loss(in.userItems);
            if (!itemGenre.empty()) report.genrePrecision10 = genrePrecision(fitted);
            in.userItems = SparseMatrix();  // what is not stored goes before the copy is made
            // Serialised straight from the fitted factors, with no CfModel copy of them.
            result.data = serialiseCfModel(model, fitted.userFactors(), fitted.itemFactors());
        }  // the fitted factors go before SQLite copies the bytes into its record
        result.kind = kind;
        result.key = key;
        result.fingerprint = fingerprint.value();
        result.meta = QJsonObject{{QStringLiteral("loss"), report.loss},
                                  {QStringLiteral("rows"), report.rows},
                                  {QStringLiteral("items"), report.items},
                                  {QStringLiteral("factors"), als.factors},
                                  {QStringLiteral("settings"), cfSettingsKey(als)},
                                  {QStringLiteral("session_rows"), report.sessionRows},
                                  {QStringLiteral("inputs"), inputs}};
        if (progress.cancelled()) return Status::cancelled();
        ProjectStore::Transaction tx(store);
        if (Status s = store.putResult(result); !s.isOk()) return s;
        if (Status s = tx.commit(); !s.isOk()) return s;
    } else if (!itemGenre.empty()) {
        ImplicitAls query(model.als);
        query.setFactors(model.userFactors, model.itemFactors);
        query.prepareForQueries();
        report.genrePrecision10 = genrePrecision(query);
    }
    report.seconds = double(clock.elapsed()) / 1000.0;
    progress.report(1.0, QStringLiteral("CF model ready"));
    return report;
}

Result<CfModel> loadCfModel(const ProjectStore& store) {
    const auto stored = store.result(QStringLiteral("cf.als"), QStringLiteral("model"));
    if (!stored)
        return Status::error(QStringLiteral("no CF model in this project yet"), Remedy::TrainCf);
    return CfModel::deserialise(stored->data);
}

CfModel cfModelFrom(const ImplicitAls& fitted, const Interactions& in, const AlsOptions& als,
                    const InteractionOptions& interactions) {
    CfModel m;
    m.als = als;
    m.interactions = interactions;
    m.rowUser = in.rowUser;
    m.itemTrack = in.itemTrack;
    m.sessionRows = in.sessionRows;
    m.userFactors = fitted.userFactors();
    m.itemFactors = fitted.itemFactors();
    return m;
}

}  // namespace tl
