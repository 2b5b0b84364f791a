#pragma once

#include <QAbstractTableModel>
#include <QStyledItemDelegate>

#include "playlist/WeeklyPlaylist.h"

namespace tl {

// The weekly playlist as a table: position, artist, title, album, a stacked bar of what each
// source contributed (its share of the blended score), and the one-line summary.
class PlaylistModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Position, Artist, Title, Album, Sources, Summary, ColumnCount };
    static constexpr int kTrackIdRole = Qt::UserRole + 1;
    static constexpr int kSharesRole = Qt::UserRole + 2;  // QVariantList of {source, share}

    explicit PlaylistModel(QObject* parent = nullptr);
    void setPlaylist(WeeklyPlaylist playlist);
    const WeeklyPlaylist& playlist() const { return playlist_; }
    const PlaylistEntry* entry(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    WeeklyPlaylist playlist_;
};

// Draws a pick's per-source shares as one stacked bar in the sources' colours.
class SourceBarDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

}  // namespace tl
