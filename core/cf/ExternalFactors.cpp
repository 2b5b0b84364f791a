#include "cf/ExternalFactors.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>
#include <cstring>
#include <limits>
#include <span>
#include <unordered_map>

#include "cf/CfModel.h"
#include "cf/FactorFiles.h"
#include "store/ImportRecords.h"
#include "store/ModelSettings.h"
#include "store/ProjectStore.h"

namespace tl {
namespace {

constexpr char kManifest[] = "export.json";
constexpr char kManifestFormat[] = "tastelab-cf-interactions";

QString csvField(const QString& s) {
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) &&
        !s.contains(QLatin1Char('\n')) && !s.contains(QLatin1Char('\r')))
        return s;
    QString quoted = s;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

// Which ids stand behind the rows and columns, cheaply compared at import.
QString idsDigest(const Interactions& in) {
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const auto* ids : {&in.rowUser, &in.itemTrack}) {
        const qint64 n = qint64(ids->size());
        hash.addData(QByteArrayView(reinterpret_cast<const char*>(&n), sizeof n));
        for (Id id : *ids) {
            const qint64 v = id;
            hash.addData(QByteArrayView(reinterpret_cast<const char*>(&v), sizeof v));
        }
    }
    return QString::fromLatin1(hash.result().toHex().left(32));
}

Status writeText(const QString& path, const QByteArray& bytes) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return Status::error(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return Status::ok();
}

}  // namespace

QJsonObject interactionOptionsToJson(const InteractionOptions& o, bool sessionRows) {
    using IO = InteractionOptions;
    return QJsonObject{
        {QStringLiteral("strength"), o.strength == IO::Strength::PlayMinutes
                                         ? QStringLiteral("minutes")
                                         : QStringLiteral("plays")},
        {QStringLiteral("short_play_ms"), o.shortPlayMs},
        {QStringLiteral("short_plays"),
         o.shortPlays == IO::ShortPlays::Drop ? QStringLiteral("drop") : QStringLiteral("weak")},
        {QStringLiteral("weak_weight"), double(o.weakWeight)},
        {QStringLiteral("skips_are_short"), o.skipsAreShort},
        {QStringLiteral("rows"),
         sessionRows ? QStringLiteral("sessions") : QStringLiteral("users")},
        {QStringLiteral("session_gap_minutes"), o.sessionGapMinutes}};
}

Result<InteractionOptions> interactionOptionsFromJson(const QJsonObject& j) {
    using IO = InteractionOptions;
    IO o;
    const QString strength = j.value(QStringLiteral("strength")).toString();
    const QString shortPlays = j.value(QStringLiteral("short_plays")).toString();
    const QString rows = j.value(QStringLiteral("rows")).toString();
    const auto bad = [](const char* what) {
        return Status::error(
            QStringLiteral("export.json: the interaction option \"%1\" is missing or unknown")
                .arg(QLatin1String(what)));
    };
    if (strength != QLatin1String("plays") && strength != QLatin1String("minutes"))
        return bad("strength");
    if (shortPlays != QLatin1String("drop") && shortPlays != QLatin1String("weak"))
        return bad("short_plays");
    if (rows != QLatin1String("users") && rows != QLatin1String("sessions")) return bad("rows");
    o.strength =
        strength == QLatin1String("minutes") ? IO::Strength::PlayMinutes : IO::Strength::PlayCount;
    o.shortPlays =
        shortPlays == QLatin1String("drop") ? IO::ShortPlays::Drop : IO::ShortPlays::Weak;
    o.rows = rows == QLatin1String("sessions") ? IO::Rows::Sessions : IO::Rows::Users;
    o.shortPlayMs = j.value(QStringLiteral("short_play_ms")).toInt(o.shortPlayMs);
    o.weakWeight = float(j.value(QStringLiteral("weak_weight")).toDouble(o.weakWeight));
    o.skipsAreShort = j.value(QStringLiteral("skips_are_short")).toBool(o.skipsAreShort);
    o.sessionGapMinutes = j.value(QStringLiteral("session_gap_minutes")).toInt(o.sessionGapMinutes);
    return o;
}

Result<InteractionExport> exportInteractions(ProjectStore& store, const InteractionOptions& options,
                                             const QString& dir, const Progress& progress) {
    auto listens = loadListens(store, progress.sub(0.0, 0.4));
    if (!listens) return listens.status();
    const QString digest = listensDigest(store);
    const Interactions in = buildInteractions(listens.value(), options);
    if (in.userItems.nonZeros() == 0)
        return Status::error(
            QStringLiteral("no listens to export: the project has no listening "
                           "history (or the options dropped every play)"));
    if (!QDir().mkpath(dir)) return Status::error(QStringLiteral("cannot create %1").arg(dir));
    const QDir out(dir);
    if (progress.cancelled()) return Status::cancelled();
    progress.report(0.5, QStringLiteral("Writing interactions"));

    QByteArray triples = "user_index,item_index,strength\n";
    triples.reserve(qsizetype(in.userItems.nonZeros()) * 16);
    const SparseMatrix& m = in.userItems;
    for (int r = 0; r < m.rows; ++r)
        for (int64_t k = m.rowStart[size_t(r)]; k < m.rowStart[size_t(r) + 1]; ++k) {
            triples += QByteArray::number(r);
            triples += ',';
            triples += QByteArray::number(m.colIndex[size_t(k)]);
            triples += ',';
            triples += QByteArray::number(double(m.values[size_t(k)]), 'g', 7);
            triples += '\n';
        }
    if (Status s = writeText(out.filePath(QStringLiteral("interactions.csv")), triples); !s.isOk())
        return s;

    std::unordered_map<Id, QString> userName, artistName;
    for (const User& u : store.users()) userName.emplace(u.id, u.name);
    for (const Artist& a : store.artists()) artistName.emplace(a.id, a.name);
    QString users = QStringLiteral("index,user_id,name\n");
    for (size_t r = 0; r < in.rowUser.size(); ++r)
        users += QStringLiteral("%1,%2,%3\n")
                     .arg(r)
                     .arg(in.rowUser[r])
                     .arg(csvField(userName[in.rowUser[r]]));
    if (Status s = writeText(out.filePath(QStringLiteral("users.csv")), users.toUtf8()); !s.isOk())
        return s;
    std::unordered_map<Id, const Track*> trackById;
    const std::vector<Track> tracks = store.tracks();
    for (const Track& t : tracks) trackById.emplace(t.id, &t);
    QString items = QStringLiteral("index,track_id,artist,title\n");
    for (size_t c = 0; c < in.itemTrack.size(); ++c) {
        const auto it = trackById.find(in.itemTrack[c]);
        const Track* t = it == trackById.end() ? nullptr : it->second;
        items += QStringLiteral("%1,%2,%3,%4\n")
                     .arg(c)
                     .arg(in.itemTrack[c])
                     .arg(csvField(t ? artistName[t->artistId] : QString()),
                          csvField(t ? t->title : QString()));
    }
    if (Status s = writeText(out.filePath(QStringLiteral("items.csv")), items.toUtf8()); !s.isOk())
        return s;

    const QJsonObject manifest{
        {QStringLiteral("format"), QLatin1String(kManifestFormat)},
        {QStringLiteral("version"), 1},
        {QStringLiteral("users"), m.rows},
        {QStringLiteral("items"), m.cols},
        {QStringLiteral("interactions"), double(m.nonZeros())},
        {QStringLiteral("listens_counted"), double(in.listensCounted)},
        {QStringLiteral("listens_dropped"), double(in.listensDropped)},
        {QStringLiteral("options"), interactionOptionsToJson(options, in.sessionRows)},
        {QStringLiteral("listens_digest"), digest},
        {QStringLiteral("ids_digest"), idsDigest(in)},
        {QStringLiteral("project"), QFileInfo(store.path()).absoluteFilePath()}};
    if (Status s = writeText(out.filePath(QLatin1String(kManifest)),
                             QJsonDocument(manifest).toJson(QJsonDocument::Indented));
        !s.isOk())
        return s;

    // Where the last export went, so import-factors finds it without being told.
    StoredResult last{QStringLiteral("cf.export"),
                      QStringLiteral("last"),
                      {},
                      {},
                      QJsonObject{{QStringLiteral("dir"), QFileInfo(dir).absoluteFilePath()}},
                      {}};
    {
        ProjectStore::Transaction tx(store);
        if (Status s = store.putResult(last); !s.isOk()) return s;
        if (Status s = tx.commit(); !s.isOk()) return s;
    }
    progress.report(1.0, QStringLiteral("Interactions exported"));
    InteractionExport report;
    report.dir = QFileInfo(dir).absoluteFilePath();
    report.users = m.rows;
    report.items = m.cols;
    report.interactions = m.nonZeros();
    report.sessionRows = in.sessionRows;
    report.listensCounted = in.listensCounted;
    report.listensDropped = in.listensDropped;
    return report;
}

Result<FactorImportReport> importFactors(ProjectStore& store, const FactorImport& request,
                                         const Progress& progress) {
    FactorImportReport report;
    QString dir = request.exportDir;
    if (dir.isEmpty()) {
        const auto last = store.resultMeta(QStringLiteral("cf.export"), QStringLiteral("last"));
        dir = last ? last->value(QStringLiteral("dir")).toString() : QString();
        if (dir.isEmpty())
            return Status::error(QStringLiteral(
                "this project has no interaction export to map the factors' indices back to "
                "tracks: run `tastelab-cli export interactions` first, or name it with --export"));
    }
    report.exportDir = QFileInfo(dir).absoluteFilePath();
    const QString manifestPath = QDir(dir).filePath(QLatin1String(kManifest));
    QFile manifestFile(manifestPath);
    if (!manifestFile.open(QIODevice::ReadOnly))
        return Status::error(QStringLiteral("%1: %2 (the folder `export interactions` wrote)")
                                 .arg(manifestPath, manifestFile.errorString()));
    QJsonParseError parseError;
    const QJsonObject manifest =
        QJsonDocument::fromJson(manifestFile.read(1 << 20), &parseError).object();
    if (manifest.value(QStringLiteral("format")).toString() != QLatin1String(kManifestFormat) ||
        manifest.value(QStringLiteral("version")).toInt() != 1)
        return Status::error(
            QStringLiteral("%1 is not an export manifest this build reads").arg(manifestPath));
    // Counts as the manifest says them, checked before any cast: it is a file like any other.
    const auto count = [&manifest](const char* key) -> qint64 {
        const double v = manifest.value(QLatin1String(key)).toDouble(-1);
        return v >= 1 && v <= std::numeric_limits<qint32>::max() ? qint64(v) : -1;
    };
    const qint64 rows = count("users");
    const qint64 cols = count("items");
    auto options = interactionOptionsFromJson(manifest.value(QStringLiteral("options")).toObject());
    if (!options) return options.status();
    if (rows <= 0 || cols <= 0)
        return Status::error(QStringLiteral("%1: no user or item counts").arg(manifestPath));
    if (manifest.value(QStringLiteral("listens_digest")).toString() != listensDigest(store))
        return Status::error(
            QStringLiteral(
                "the project's listens changed since the export in %1, so its indices no longer "
                "name the same users and tracks: export again and train on the new export")
                .arg(dir));
    auto listens = loadListens(store, progress.sub(0.0, 0.2));
    if (!listens) return listens.status();
    const Interactions in = buildInteractions(listens.value(), options.value());
    if (in.userItems.rows != rows || in.userItems.cols != cols ||
        idsDigest(in) != manifest.value(QStringLiteral("ids_digest")).toString())
        return Status::error(
            QStringLiteral("the export in %1 does not match this project (another project's "
                           "export, or a changed one)")
                .arg(dir));

    progress.report(0.3, QStringLiteral("Reading item factors"));
    auto items =
        readFactorFile(request.items, QStringLiteral("item_factors"), cols, &report.itemsFormat);
    if (!items) return items.status();
    const qint64 rank = items->cols();
    FactorMatrix users;
    progress.report(0.5, QStringLiteral("Reading user factors"));
    if (!request.users.isEmpty() || report.itemsFormat == QLatin1String("npz")) {
        const QString path = request.users.isEmpty() ? request.items : request.users;
        auto read = readFactorFile(path, QStringLiteral("user_factors"), rows, &report.usersFormat);
        if (!read) return read.status();
        users = std::move(read).value();
        if (users.cols() != rank)
            return Status::error(QStringLiteral("the user factors have rank %1 but the item "
                                                "factors rank %2: they are not one model")
                                     .arg(users.cols())
                                     .arg(rank));
    }

    AlsOptions als;
    als.factors = int(rank);
    // The seed names the model: a model trained here with the same settings never shares its
    // fingerprint, so `train cf` trains, and the audio model notices the change of targets.
    {
        QCryptographicHash hash(QCryptographicHash::Sha256);
        hash.addData(QByteArrayView(reinterpret_cast<const char*>(items->data()),
                                    qsizetype(items->size() * sizeof(float))));
        hash.addData(QByteArrayView(reinterpret_cast<const char*>(users.data()),
                                    qsizetype(users.size() * sizeof(float))));
        const QByteArray h = hash.result();
        quint64 seed = 0;
        std::memcpy(&seed, h.constData(), sizeof seed);
        als.seed = seed;
    }
    if (users.size() == 0) {
        // No user factors (Spark's itemFactors or a lone .npy): each row's vector is one exact
        // least-squares solve against the fixed item factors, as for a user added later.
        report.usersFormat = QStringLiteral("folded-in");
        ImplicitAls solver(als);
        solver.setFactors(FactorMatrix::Zero(rows, rank), *items);
        solver.prepareForQueries();
        users.resize(rows, rank);
        const SparseMatrix& m = in.userItems;
        for (int r = 0; r < m.rows; ++r) {
            const auto b = size_t(m.rowStart[size_t(r)]);
            const auto n = size_t(m.rowSize(r));
            users.row(r) =
                solver
                    .foldIn(std::span(m.colIndex.data() + b, n), std::span(m.values.data() + b, n))
                    .transpose();
        }
    }
    if (progress.cancelled()) return Status::cancelled();

    CfModel model;
    model.als = als;
    model.interactions = options.value();
    model.rowUser = in.rowUser;
    model.itemTrack = in.itemTrack;
    model.sessionRows = in.sessionRows;
    model.userFactors = std::move(users);
    model.itemFactors = std::move(items).value();

    StoredResult result;
    result.kind = QStringLiteral("cf.als");
    result.key = QStringLiteral("model");
    result.fingerprint = cfFingerprint(listens.value(), model.als, model.interactions);
    result.data = model.serialise();
    const QJsonObject origin{
        {QStringLiteral("items"), QFileInfo(request.items).absoluteFilePath()},
        {QStringLiteral("items_format"), report.itemsFormat},
        {QStringLiteral("users"), request.users.isEmpty()
                                      ? (report.usersFormat == QLatin1String("folded-in")
                                             ? QString()
                                             : QFileInfo(request.items).absoluteFilePath())
                                      : QFileInfo(request.users).absoluteFilePath()},
        {QStringLiteral("users_format"), report.usersFormat},
        {QStringLiteral("export"), report.exportDir}};
    result.meta =
        QJsonObject{{QStringLiteral("external"), true},
                    {QStringLiteral("origin"), origin},
                    {QStringLiteral("rows"), int(rows)},
                    {QStringLiteral("items"), int(cols)},
                    {QStringLiteral("factors"), int(rank)},
                    {QStringLiteral("settings"), cfSettingsKey(als)},
                    {QStringLiteral("session_rows"), in.sessionRows},
                    {QStringLiteral("inputs"), manifest.value(QStringLiteral("listens_digest"))}};
    {
        ProjectStore::Transaction tx(store);
        if (Status s = store.putResult(result); !s.isOk()) return s;
        if (Status s = tx.commit(); !s.isOk()) return s;
    }
    report.users = int(rows);
    report.items = int(cols);
    report.rank = int(rank);
    progress.report(1.0, QStringLiteral("External CF model stored"));
    return report;
}

}  // namespace tl
