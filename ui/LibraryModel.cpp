#include "LibraryModel.h"

namespace tl {

LibraryModel::LibraryModel(QObject* parent) : QAbstractTableModel(parent) {}

void LibraryModel::setTracks(std::vector<TrackSummary> tracks) {
    beginResetModel();
    tracks_ = std::move(tracks);
    endResetModel();
}

int LibraryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(tracks_.size());
}

int LibraryModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LibraryModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const TrackSummary& t = tracks_[size_t(index.row())];
    if (role == kTrackIdRole) return t.trackId;
    if (role == Qt::TextAlignmentRole) {
        if (index.column() == Plays || index.column() == Listeners)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        if (index.column() == HasAudio) return int(Qt::AlignCenter);
        return {};
    }
    if (role == Qt::ToolTipRole && index.column() == HasAudio)
        return t.hasAudio ? tr("An audio file in the music folder belongs to this track")
                          : tr("No audio file is linked to this track");
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case Artist:
            return t.artist;
        case Title:
            return t.title;
        case Album:
            return t.album;
        case Plays:
            return t.plays;
        case Listeners:
            return t.listeners;
        case HasAudio:
            return t.hasAudio ? tr("Yes") : tr("No");
        default:
            return {};
    }
}

QVariant LibraryModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
            case Plays:
                return tr("How often the track was played, by everyone in the history");
            case Listeners:
                return tr("How many different people played the track");
            case HasAudio:
                return tr("Whether an audio file for the track is known");
            default:
                return {};
        }
    }
    if (role != Qt::DisplayRole) return {};
    switch (section) {
        case Artist:
            return tr("Artist");
        case Title:
            return tr("Title");
        case Album:
            return tr("Album");
        case Plays:
            return tr("Plays");
        case Listeners:
            return tr("Listeners");
        case HasAudio:
            return tr("Audio");
        default:
            return {};
    }
}

}  // namespace tl
