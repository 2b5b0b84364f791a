#include "playlist/WeekSources.h"

#include <optional>

#include "playlist/CfSource.h"
#include "playlist/IsoWeek.h"
#include "playlist/PopularitySource.h"
#include "store/ProjectStore.h"

namespace tl {

namespace {

// The interactions of `all` on the model's own rows and columns, in its order, so column c is
// row c of the model's item factors. An imported model was trained on an older export: tracks
// and listeners it never saw are left out (a listener it never saw folds in from the tracks it
// knows).
Interactions alignToModel(const Interactions& all, const CfModel& model) {
    Interactions out;
    out.sessionRows = model.sessionRows;
    out.rowUser = model.rowUser;
    out.itemTrack = model.itemTrack;
    out.listensCounted = all.listensCounted;
    out.listensDropped = all.listensDropped;
    for (size_t c = 0; c < out.itemTrack.size(); ++c) out.trackColumn[out.itemTrack[c]] = int(c);
    if (!out.sessionRows)
        for (size_t r = 0; r < out.rowUser.size(); ++r) out.userRow[out.rowUser[r]] = int(r);
    std::vector<SparseMatrix::Entry> entries;
    const SparseMatrix& m = all.userItems;
    for (int r = 0; r < m.rows; ++r) {
        // User rows by user; session rows only where the same row still holds the same user.
        int row = -1;
        if (!out.sessionRows)
            row = out.rowOf(all.rowUser[size_t(r)]);
        else if (all.sessionRows && size_t(r) < out.rowUser.size() &&
                 out.rowUser[size_t(r)] == all.rowUser[size_t(r)])
            row = r;
        if (row < 0) continue;
        for (int64_t k = m.rowStart[size_t(r)]; k < m.rowStart[size_t(r) + 1]; ++k) {
            const int col = out.columnOf(all.itemTrack[size_t(m.colIndex[size_t(k)])]);
            if (col >= 0) entries.push_back({int32_t(row), int32_t(col), m.values[size_t(k)]});
        }
    }
    out.userItems = SparseMatrix::fromEntries(int(out.rowUser.size()), int(out.itemTrack.size()),
                                              std::move(entries));
    return out;
}

}  // namespace

Result<WeekModel> cfModelBefore(ProjectStore& store, const std::vector<Listen>& listens,
                                qint64 weekStart, const AlsOptions& defaultAls,
                                const InteractionOptions& defaultInteractions,
                                const Progress& progress, std::vector<StoredResult>* deferred) {
    WeekModel out;
    qint64 last = 0;
    for (const Listen& l : listens) last = std::max(last, l.endedAt);
    // The settings the project's CF model was trained with, when there is one: a playlist
    // follows what `train cf` chose rather than retraining with other settings.
    AlsOptions als = defaultAls;
    InteractionOptions interactions = defaultInteractions;
    std::optional<CfModel> projectModel;
    std::optional<CfModel> olderImport;  // imported, and the listens changed since its export
    QString importedFrom;
    if (const auto stored = store.result(QStringLiteral("cf.als"), QStringLiteral("model"))) {
        if (auto model = CfModel::deserialise(stored->data)) {
            als = model->als;
            interactions = model->interactions;
            if (cfFingerprint(listens, als, interactions) == stored->fingerprint) {
                projectModel = std::move(model).value();
            } else if (stored->meta.value(QStringLiteral("external")).toBool()) {
                olderImport = std::move(model).value();
                importedFrom = stored->meta.value(QStringLiteral("origin"))
                                   .toObject()
                                   .value(QStringLiteral("items"))
                                   .toString();
            }
        }
    }
    if (weekStart > last && interactions.before == 0) {
        // Every listen is before the week: the project's own model is the right one.
        if (projectModel) {
            out.reused = true;
            out.model = std::move(*projectModel);
        } else if (olderImport) {
            // Factors trained elsewhere are the person's choice: only training here (train cf,
            // Train All) replaces them. Used as they are, and the week says so.
            out.reused = true;
            out.model = std::move(*olderImport);
            out.train = alignToModel(buildInteractions(listens, out.model.interactions), out.model);
            out.note =
                QStringLiteral(
                    "the CF model is the one imported from %1, and the listens changed "
                    "since its export: it is used as it is, so tracks and listeners it "
                    "never saw get no CF score (train CF here, or export and train "
                    "elsewhere again, to include them)")
                    .arg(importedFrom.isEmpty() ? QStringLiteral("another tool") : importedFrom);
            return out;
        } else {
            auto trained = trainCf(store, als, interactions, progress.sub(0.0, 0.9));
            if (!trained) return trained.status();
            auto model = loadCfModel(store);
            if (!model) return model.status();
            out.model = std::move(model).value();
        }
        out.train = buildInteractions(listens, out.model.interactions);
        return out;
    }
    InteractionOptions options = interactions;
    options.before = weekStart;
    options.rows = InteractionOptions::Rows::Users;  // a playlist is for a user: users are rows
    std::vector<Listen> before;
    for (const Listen& l : listens)
        if (l.endedAt < weekStart) before.push_back(l);
    const QByteArray fingerprint = cfFingerprint(before, als, options);
    const QString key = isoWeekName(weekStart);
    out.train = buildInteractions(before, options);
    if (out.train.userItems.cols == 0) {
        qint64 first = listens.empty() ? 0 : listens.front().endedAt;
        for (const Listen& l : listens) first = std::min(first, l.endedAt);
        return Status::error(
            QStringLiteral("week %1 is outside the data: the first listen is in %2, so nothing "
                           "was known before %1")
                .arg(key, listens.empty() ? QStringLiteral("no week") : isoWeekName(first)));
    }
    if (store.resultFingerprint(QStringLiteral("playlist.cf"), key) == fingerprint) {
        if (auto stored = store.result(QStringLiteral("playlist.cf"), key)) {
            auto model = CfModel::deserialise(stored->data);
            if (model) {
                out.model = std::move(model).value();
                out.reused = true;
                return out;
            }
        }
    }
    ImplicitAls fitted(als);
    if (Status s = fitted.fit(out.train.userItems, progress.sub(0.0, 0.95)); !s.isOk()) return s;
    out.model.als = als;
    out.model.interactions = options;
    out.model.rowUser = out.train.rowUser;
    out.model.itemTrack = out.train.itemTrack;
    out.model.sessionRows = out.train.sessionRows;
    out.model.userFactors = fitted.userFactors();
    out.model.itemFactors = fitted.itemFactors();
    if (progress.cancelled()) return Status::cancelled();
    StoredResult result{QStringLiteral("playlist.cf"),
                        key,
                        fingerprint,
                        out.model.serialise(),
                        QJsonObject{{QStringLiteral("week"), key},
                                    {QStringLiteral("rows"), out.train.userItems.rows},
                                    {QStringLiteral("items"), out.train.userItems.cols}},
                        {}};
    if (deferred) {
        deferred->push_back(std::move(result));
        return out;
    }
    ProjectStore::Transaction tx(store);
    if (Status s = store.putResult(result); !s.isOk()) return s;
    if (Status s = tx.commit(); !s.isOk()) return s;
    return out;
}

std::vector<SourceSlot> weekSources(const WeekModel& cf) {
    std::vector<SourceSlot> slots;
    slots.push_back({QStringLiteral("cf"), std::make_shared<CfSource>(cf.model, cf.train), {}});
    slots.push_back(
        {QStringLiteral("popularity"), std::make_shared<PopularitySource>(cf.train), {}});
    slots.push_back(
        {QStringLiteral("text"), nullptr, QStringLiteral("no text model in this project yet")});
    slots.push_back(
        {QStringLiteral("audio"), nullptr, QStringLiteral("no audio model in this project yet")});
    return slots;
}

}  // namespace tl
