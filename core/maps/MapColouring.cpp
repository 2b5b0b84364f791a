#include "maps/MapColouring.h"

#include <QRegularExpression>
#include <QSqlQuery>
#include <QVariant>

#include "cf/CfModel.h"
#include "store/ProjectStore.h"

namespace tl {

QHash<Id, QString> trackGenres(const ProjectStore& store) {
    QHash<Id, QString> out;
    const GroundTruth truth = store.groundTruth();
    for (const auto& [track, genre] : truth.trackGenre)
        if (genre >= 0 && size_t(genre) < truth.genreNames.size())
            out.insert(track, truth.genreNames[size_t(genre)]);
    // Tags win over the demo's truth: they are what the user's files say.
    QSqlQuery q(const_cast<ProjectStore&>(store).database());
    q.setForwardOnly(true);
    if (q.exec(QStringLiteral("SELECT f.track_id, t.genre FROM file_tags t JOIN files f ON f.id "
                              "= t.file_id WHERE f.track_id IS NOT NULL AND t.genre != '' ORDER "
                              "BY f.id DESC"))) {
        while (q.next()) {
            const QString first =
                q.value(1).toString().split(QRegularExpression(QStringLiteral("[;/]"))).first();
            if (!first.trimmed().isEmpty()) out.insert(q.value(0).toLongLong(), first.trimmed());
        }
    }
    return out;
}

std::optional<User> mapUser(const ProjectStore& store) {
    const std::vector<User> users = store.users();
    for (const User& u : users)
        if (u.isMe) return u;
    if (users.empty()) return std::nullopt;
    return users.front();
}

QHash<Id, qint64> userPlayCounts(const ProjectStore& store, Id userId) {
    QHash<Id, qint64> plays;
    store.forEachListenOf(userId, [&](const Listen& l) {
        ++plays[l.trackId];
        return true;
    });
    store.forEachPlayCount([&](const PlayCount& c) {
        if (c.userId == userId) plays[c.trackId] += c.plays;
        return true;
    });
    return plays;
}

Result<QHash<Id, float>> cfUserScores(const ProjectStore& store, Id userId) {
    auto model = loadCfModel(store);
    if (!model) return model.status();
    ImplicitAls als(model->als);
    als.setFactors(model->userFactors, model->itemFactors);
    Eigen::VectorXf x;
    if (!model->sessionRows)
        for (size_t r = 0; r < model->rowUser.size(); ++r)
            if (model->rowUser[r] == userId && Eigen::Index(r) < model->userFactors.rows())
                x = model->userFactors.row(Eigen::Index(r)).transpose();
    if (x.size() == 0) {
        QHash<Id, int> column;
        for (size_t i = 0; i < model->itemTrack.size(); ++i)
            column.insert(model->itemTrack[i], int(i));
        std::vector<int32_t> items;
        std::vector<float> strengths;
        const QHash<Id, qint64> plays = userPlayCounts(store, userId);
        for (auto it = plays.cbegin(); it != plays.cend(); ++it)
            if (const int c = column.value(it.key(), -1); c >= 0) {
                items.push_back(c);
                strengths.push_back(float(it.value()));
            }
        if (items.empty())
            return Status::error(
                QStringLiteral("user %1 played none of the tracks the CF model knows").arg(userId));
        als.prepareForQueries();
        x = als.foldIn(items, strengths);
    }
    const Eigen::VectorXf scores = model->itemFactors * x;
    QHash<Id, float> out;
    out.reserve(qsizetype(scores.size()));
    for (Eigen::Index i = 0; i < scores.size(); ++i)
        out.insert(model->itemTrack[size_t(i)], scores(i));
    return out;
}

}  // namespace tl
