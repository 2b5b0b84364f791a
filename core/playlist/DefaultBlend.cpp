#include "playlist/DefaultBlend.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

#include "playlist/Backtest.h"
#include "playlist/WeeklyPlaylist.h"
#include "store/ModelSettings.h"
#include "store/ProjectStore.h"

namespace tl {
namespace {

const QString kKind = QStringLiteral("playlist.blend_choice");

struct StoredChoice {
    std::map<QString, double> weights;
    int scoredWeeks = 0;
    QString userName;
    QDateTime created;
    Id user = 0;
    double heldOutNdcg = 0.0;
    QString bestAlternative;  // empty: stored before alternatives were kept, or none
    double bestAlternativeNdcg = 0.0;
};

std::vector<StoredChoice> storedChoices(const ProjectStore& store) {
    std::vector<StoredChoice> out;
    QSqlQuery q(store.database());
    q.prepare(QStringLiteral("SELECT key, meta, created FROM results WHERE kind = ?"));
    q.addBindValue(kKind);
    if (!q.exec()) return out;
    while (q.next()) {
        const QJsonObject meta = QJsonDocument::fromJson(q.value(1).toByteArray()).object();
        StoredChoice c;
        c.user = q.value(0).toLongLong();
        c.scoredWeeks = meta.value(QStringLiteral("weeks_scored")).toInt();
        c.userName = meta.value(QStringLiteral("user")).toString();
        c.created = QDateTime::fromString(q.value(2).toString(), Qt::ISODateWithMs);
        c.heldOutNdcg = meta.value(QStringLiteral("held_out_ndcg")).toDouble();
        c.bestAlternative = meta.value(QStringLiteral("best_alternative")).toString();
        c.bestAlternativeNdcg = meta.value(QStringLiteral("best_alternative_ndcg")).toDouble();
        const QJsonObject w = meta.value(QStringLiteral("weights")).toObject();
        for (auto it = w.begin(); it != w.end(); ++it)
            if (it.value().toDouble() > 0.0) c.weights[it.key()] = it.value().toDouble();
        if (!c.weights.empty()) out.push_back(std::move(c));
    }
    return out;
}

}  // namespace

QString ProjectBlend::sentence() const {
    switch (origin) {
        case Origin::Chosen:
            return QStringLiteral("Your weights, kept in the project.");
        case Origin::HeldOut:
            return QStringLiteral(
                       "Default weights: the back-test's held-out choice (%1 scored weeks for "
                       "%2).")
                .arg(scoredWeeks)
                .arg(userName);
        case Origin::CfHeavy:
            break;
    }
    if (!beatenBy.isEmpty())
        return QStringLiteral(
                   "Default weights: CF-heavy. The back-test's held-out choice (%1 scored weeks "
                   "for %2) did worse than %3 on the weeks it was not chosen on (NDCG %4 vs "
                   "%5), so it is not the default.")
            .arg(scoredWeeks)
            .arg(userName, beatenBy)
            .arg(heldOutNdcg, 0, 'f', 3)
            .arg(beatenByNdcg, 0, 'f', 3);
    QString s = QStringLiteral(
        "Default weights: CF-heavy, as the back-tests of the demo worlds support; run a "
        "back-test to earn your own");
    if (scoredWeeks > 0)
        s += QStringLiteral(" (the last one scored %1 weeks for %2; %3 are needed)")
                 .arg(scoredWeeks)
                 .arg(userName)
                 .arg(kMinScoredWeeksForDefault);
    return s + QLatin1Char('.');
}

ProjectBlend defaultBlend(const ProjectStore& store) {
    ProjectBlend blend;
    blend.weights = cfHeavyDefaultWeights();
    const std::vector<StoredChoice> choices = storedChoices(store);
    if (choices.empty()) return blend;
    // The "me" user's back-test speaks for the project; else the latest one.
    Id me = 0;
    for (const User& u : store.users())
        if (u.isMe) me = u.id;
    const StoredChoice* pick = nullptr;
    for (const StoredChoice& c : choices)
        if (c.user == me) pick = &c;
    if (!pick)
        for (const StoredChoice& c : choices)
            if (!pick || c.created > pick->created) pick = &c;
    blend.scoredWeeks = pick->scoredWeeks;
    blend.userName = pick->userName;
    if (pick->scoredWeeks < kMinScoredWeeksForDefault) return blend;
    // Chosen on the earlier weeks, it must hold up on the later ones against what a person
    // could have had without it.
    if (!pick->bestAlternative.isEmpty() && pick->heldOutNdcg < pick->bestAlternativeNdcg) {
        blend.beatenBy = pick->bestAlternative;
        blend.heldOutNdcg = pick->heldOutNdcg;
        blend.beatenByNdcg = pick->bestAlternativeNdcg;
        return blend;
    }
    blend.origin = ProjectBlend::Origin::HeldOut;
    blend.weights = pick->weights;
    return blend;
}

ProjectBlend projectBlend(const ProjectStore& store) {
    if (auto chosen = chosenBlendWeights(store)) {
        ProjectBlend blend;
        blend.origin = ProjectBlend::Origin::Chosen;
        blend.weights = std::move(*chosen);
        return blend;
    }
    return defaultBlend(store);
}

Status storeBacktestChoice(ProjectStore& store, const BacktestReport& report,
                           const QString& userName) {
    const HeldOutCheck& h = report.heldOut;
    if (h.weights.empty() || h.scoreWeeks == 0) return Status::ok();
    QJsonObject weights;
    for (const auto& [name, w] : h.weights) weights[name] = w;
    // The best of what the later weeks also scored without the choice: the blend in use, and
    // each source alone.
    QString alternative = QStringLiteral("the blend in use");
    double alternativeNdcg = h.requested.ndcg;
    for (const auto& [name, score] : h.singleSource)
        if (score.ndcg > alternativeNdcg) {
            alternative = QStringLiteral("%1 alone").arg(name);
            alternativeNdcg = score.ndcg;
        }
    const QJsonObject meta{{QStringLiteral("user"), userName},
                           {QStringLiteral("weeks_scored"), report.weeksScored},
                           {QStringLiteral("choose_weeks"), h.chooseWeeks},
                           {QStringLiteral("score_weeks"), h.scoreWeeks},
                           {QStringLiteral("weights"), weights},
                           {QStringLiteral("held_out_ndcg"), h.heldOut.ndcg},
                           {QStringLiteral("best_alternative"), alternative},
                           {QStringLiteral("best_alternative_ndcg"), alternativeNdcg}};
    StoredResult r;
    r.kind = kKind;
    r.key = QString::number(report.userId);
    r.data = QJsonDocument(meta).toJson(QJsonDocument::Compact);
    r.fingerprint = r.data;
    r.meta = meta;
    ProjectStore::Transaction tx(store);
    if (Status s = store.putResult(r); !s.isOk()) return s;
    return tx.commit();
}

}  // namespace tl
