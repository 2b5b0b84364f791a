#pragma once

#include <QAbstractTableModel>
#include <vector>

#include "catalog/Catalog.h"

namespace tl {

// The library table: one row per track, as ProjectStore::trackSummaries() gives them.
// Numbers are returned as numbers (not text) so a sort proxy orders them numerically.
class LibraryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Artist, Title, Album, Plays, Listeners, HasAudio, ColumnCount };
    static constexpr int kTrackIdRole = Qt::UserRole + 1;

    explicit LibraryModel(QObject* parent = nullptr);

    void setTracks(std::vector<TrackSummary> tracks);
    const TrackSummary& track(int row) const { return tracks_.at(size_t(row)); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::vector<TrackSummary> tracks_;
};

}  // namespace tl
