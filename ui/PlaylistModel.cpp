#include "PlaylistModel.h"

#include <QPainter>

#include "SourceColors.h"

namespace tl {

PlaylistModel::PlaylistModel(QObject* parent) : QAbstractTableModel(parent) {}

void PlaylistModel::setPlaylist(WeeklyPlaylist playlist) {
    beginResetModel();
    playlist_ = std::move(playlist);
    endResetModel();
}

const PlaylistEntry* PlaylistModel::entry(int row) const {
    if (row < 0 || row >= int(playlist_.entries.size())) return nullptr;
    return &playlist_.entries[size_t(row)];
}

int PlaylistModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(playlist_.entries.size());
}

int PlaylistModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PlaylistModel::data(const QModelIndex& index, int role) const {
    const PlaylistEntry* e = entry(index.row());
    if (!e) return {};
    if (role == kTrackIdRole) return e->trackId;
    if (role == kSharesRole) {
        QVariantList shares;
        for (const SourceShare& s : e->sources)
            if (s.share > 0.0f) shares << QVariant(QVariantList{s.source, double(s.share)});
        return shares;
    }
    if (role == Qt::ToolTipRole) {
        QStringList lines{e->summary};
        for (const SourceShare& s : e->sources)
            if (s.weight > 0.0f)
                lines << tr("%1: %2% of the score (normalised score %3)%4")
                             .arg(sourceTitle(s.source))
                             .arg(qRound(100.0f * s.share))
                             .arg(double(s.normalised), 0, 'f', 2)
                             .arg(s.phrase.isEmpty() ? QString()
                                                     : QStringLiteral(" — ") + s.phrase);
        if (!e->because.isEmpty())
            lines << tr("Because you played %1").arg(e->because.mid(0, 3).join(tr(", ")));
        return lines.join(QLatin1Char('\n'));
    }
    if (role == Qt::TextAlignmentRole && index.column() == Position)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case Position:
            return e->position;
        case Artist:
            return e->artist;
        case Title:
            return e->title;
        case Album:
            return e->album;
        case Summary:
            return e->summary;
        default:
            return {};
    }
}

QVariant PlaylistModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::ToolTipRole && section == Sources)
        return tr("What each model contributed to the pick: its share of the blended score");
    if (role != Qt::DisplayRole) return {};
    switch (section) {
        case Position:
            return tr("#");
        case Artist:
            return tr("Artist");
        case Title:
            return tr("Title");
        case Album:
            return tr("Album");
        case Sources:
            return tr("Why");
        case Summary:
            return tr("Summary");
        default:
            return {};
    }
}

void SourceBarDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                              const QModelIndex& index) const {
    QStyledItemDelegate::paint(painter, option, QModelIndex());  // background and selection
    const QVariantList shares = index.data(PlaylistModel::kSharesRole).toList();
    const QRectF bar =
        QRectF(option.rect)
            .adjusted(4, option.rect.height() * 0.28, -4, -option.rect.height() * 0.28);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, false);
    double x = bar.left();
    for (const QVariant& item : shares) {
        const QVariantList pair = item.toList();
        const double w = bar.width() * pair.value(1).toDouble();
        painter->fillRect(QRectF(x, bar.top(), w, bar.height()),
                          sourceColor(pair.value(0).toString()));
        x += w;
    }
    painter->setPen(option.palette.color(QPalette::Mid));
    painter->drawRect(bar);
    painter->restore();
}

QSize SourceBarDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const {
    return {option.fontMetrics.averageCharWidth() * 14, option.fontMetrics.height() + 8};
}

}  // namespace tl
