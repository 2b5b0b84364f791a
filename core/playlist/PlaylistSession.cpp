#include "playlist/PlaylistSession.h"

#include "cf/Interactions.h"
#include "playlist/ContentSourceList.h"
#include "store/ProjectStore.h"

namespace tl {

std::map<QString, QString> PlaylistSession::sources() const {
    std::map<QString, QString> out;
    for (const SourceSlot& slot : week.sources)
        out[slot.name] = slot.source ? QString() : slot.missingReason;
    for (const auto& [name, why] : week.missing) out[name] = why;
    return out;
}

WeeklyPlaylist PlaylistSession::playlist(const std::map<QString, double>& weights) const {
    if (settings.mode != PlaylistMode::Blend) return fixed;
    return finishPlaylist(catalog, week, weights);
}

Result<std::shared_ptr<PlaylistSession>> openPlaylistSession(ProjectStore& store, Id user,
                                                             qint64 weekStart,
                                                             const PlaylistSettings& settings,
                                                             const Progress& progress) {
    auto session = std::make_shared<PlaylistSession>();
    session->user = user;
    session->weekStart = weekStart;
    session->settings = settings;
    session->catalog = PlaylistCatalog::load(store);
    auto listens = loadListens(store, progress.sub(0.0, 0.1));
    if (!listens) return listens.status();
    auto model = cfModelBefore(store, listens.value(), weekStart, AlsOptions{},
                               InteractionOptions{}, progress.sub(0.1, 0.8));
    if (!model) return model.status();
    session->model = std::make_unique<WeekModel>(std::move(model).value());
    session->modelTrained = !session->model->reused;
    if (progress.cancelled()) return Status::cancelled();
    std::vector<SourceSlot> sources = weekSources(*session->model);
    addContentSources(sources, store, listens.value(), weekStart);
    if (settings.mode == PlaylistMode::Blend) {
        auto week = prepareWeek(session->catalog, listens.value(), std::move(sources), user,
                                weekStart, settings, progress.sub(0.8, 1.0));
        if (!week) return week.status();
        session->week = std::move(week).value();
        if (!session->model->note.isEmpty()) session->week.warnings.prepend(session->model->note);
    } else {
        auto fixed =
            generateWeeklyPlaylist(session->catalog, listens.value(), weekSources(*session->model),
                                   user, weekStart, settings, progress.sub(0.8, 1.0));
        if (!fixed) return fixed.status();
        session->fixed = std::move(fixed).value();
        if (!session->model->note.isEmpty()) session->fixed.warnings.prepend(session->model->note);
    }
    return session;
}

}  // namespace tl
