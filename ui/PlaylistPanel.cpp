#include "PlaylistPanel.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QResizeEvent>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QTableView>
#include <QVBoxLayout>

#include "BlendPanel.h"
#include "CurrentTrackSelection.h"
#include "ElidedLabel.h"
#include "PlaylistModel.h"
#include "SourceColors.h"
#include "playlist/BlendWeights.h"
#include "playlist/DefaultWeek.h"
#include "playlist/IsoWeek.h"
#include "playlist/PlaylistSession.h"

namespace tl {

namespace {

// The explanation's scroll area asks for the height its text takes at its width (between the
// minimum and maximum heights it is given): a short explanation leaves its rows to the picks, one
// of five or six lines shows whole, and only a longer one scrolls.
class ExplanationScroll : public QScrollArea {
public:
    using QScrollArea::QScrollArea;
    QSize sizeHint() const override {
        QSize hint = QScrollArea::sizeHint();
        if (const QWidget* w = widget(); w && w->hasHeightForWidth())
            hint.setHeight(w->heightForWidth(viewport()->width()) + 2 * frameWidth());
        return hint;
    }

protected:
    // New text (the label asks its parent, the viewport, to lay out again) or a new width: the
    // height wanted changes.
    bool viewportEvent(QEvent* event) override {
        if (event->type() == QEvent::LayoutRequest) updateGeometry();
        return QScrollArea::viewportEvent(event);
    }
    void resizeEvent(QResizeEvent* event) override {
        QScrollArea::resizeEvent(event);
        if (event->size().width() != event->oldSize().width()) updateGeometry();
    }
};

}  // namespace

PlaylistPanel::PlaylistPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("playlistPanel"));
    users_ = new QComboBox(this);
    users_->setObjectName(QStringLiteral("playlistUser"));
    users_->setToolTip(tr("Whose weekly playlist"));
    users_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    week_ = new QLineEdit(isoWeekName(comingMonday(QDateTime::currentSecsSinceEpoch())), this);
    week_->setObjectName(QStringLiteral("playlistWeek"));
    week_->setToolTip(tr("The ISO week (e.g. 2026-W48): only listens before its Monday are used"));
    week_->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("\\d{4}-W\\d{2}")), week_));
    // Always the whole week ("2026-W48"): the note beside it gives way, not the field.
    const int weekWidth = fontMetrics().horizontalAdvance(QStringLiteral("2026-W48")) + 24;
    week_->setMinimumWidth(weekWidth);
    week_->setMaximumWidth(weekWidth);
    weekNote_ = new ElidedLabel(this);
    weekNote_->setElideMode(Qt::ElideRight);
    weekNote_->setObjectName(QStringLiteral("playlistWeekNote"));
    weekNote_->setForegroundRole(QPalette::PlaceholderText);
    weekNote_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A long note ("the week after me's last listen (2026-11-20)") shortens before the controls
    // do; its tooltip keeps it whole.
    mode_ = new QComboBox(this);
    mode_->setObjectName(QStringLiteral("playlistMode"));
    mode_->addItems({tr("Tastelab blend"), tr("Weekly Exploration (ListenBrainz)"),
                     tr("Weekly Jams (ListenBrainz)")});
    mode_->setToolTip(
        tr("Tastelab blends the models with diversity and explanations; ListenBrainz's "
           "Exploration shuffles 50 of the top 1,000 ALS picks never played, Jams the same "
           "over tracks last played more than 60 days ago"));
    mode_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    generate_ = new QPushButton(tr("Generate"), this);
    generate_->setObjectName(QStringLiteral("playlistGenerate"));
    generate_->setDefault(true);
    generate_->setToolTip(
        tr("Prepare the chosen user's week as a job: candidates from every trained model, then "
           "the blend the sliders set, re-ranked live as they move"));
    export_ = new QPushButton(tr("Export…"), this);
    export_->setObjectName(QStringLiteral("playlistExport"));
    export_->setToolTip(tr("Save as M3U8, XSPF or JSPF (ListenBrainz)"));
    export_->setEnabled(false);

    status_ = new QLabel(tr("Choose a user and a week, then Generate."), this);
    status_->setObjectName(QStringLiteral("playlistStatus"));
    status_->setWordWrap(true);

    model_ = new PlaylistModel(this);
    table_ = new QTableView(this);
    table_->setObjectName(QStringLiteral("playlistView"));
    table_->setModel(model_);
    table_->setItemDelegateForColumn(PlaylistModel::Sources, new SourceBarDelegate(table_));
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setAlternatingRowColors(true);
    table_->setWordWrap(false);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    QHeaderView* header = table_->horizontalHeader();
    header->setHighlightSections(false);
    const int ch = fontMetrics().averageCharWidth();
    header->resizeSection(PlaylistModel::Position, ch * 5);
    header->resizeSection(PlaylistModel::Sources, ch * 14);
    for (int c : {int(PlaylistModel::Artist), int(PlaylistModel::Title), int(PlaylistModel::Album)})
        header->resizeSection(c, ch * 18);
    header->setStretchLastSection(true);

    explanation_ = new QLabel(this);
    explanation_->setObjectName(QStringLiteral("playlistExplanation"));
    explanation_->setWordWrap(true);
    explanation_->setTextFormat(Qt::RichText);
    explanation_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    explanation_->setMinimumHeight(fontMetrics().height() * 4);
    explanation_->setAlignment(Qt::AlignTop | Qt::AlignLeft);

    auto* controls = new QHBoxLayout;
    controls->addWidget(users_);
    controls->addWidget(week_);
    controls->addWidget(weekNote_);
    controls->addWidget(mode_);
    controls->addStretch(1);
    controls->addWidget(generate_);
    controls->addWidget(export_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(controls);
    layout->addWidget(status_);
    layout->addWidget(table_, 1);
    // A long explanation scrolls in a few lines of its own instead of pushing the picks out of
    // sight (with the "sounds like" pair below, the pane is short).
    auto* explanationScroll = new ExplanationScroll(this);
    explanationScroll->setObjectName(QStringLiteral("playlistExplanationScroll"));
    explanationScroll->setWidget(explanation_);
    explanationScroll->setWidgetResizable(true);
    explanationScroll->setFrameShape(QFrame::NoFrame);
    explanationScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    explanationScroll->setMinimumHeight(fontMetrics().height() * 4 + 4);
    explanationScroll->setMaximumHeight(fontMetrics().height() * 7 + 4);
    layout->addWidget(explanationScroll);

    connect(generate_, &QPushButton::clicked, this,
            [this] { Q_EMIT generateRequested(currentUser(), weekText(), modeIndex()); });
    connect(export_, &QPushButton::clicked, this, &PlaylistPanel::exportRequested);
    // A week typed by the person stays; an emptied field follows the default again.
    connect(week_, &QLineEdit::textEdited, this, [this](const QString& text) {
        weekTyped_ = !text.trimmed().isEmpty();
        if (weekTyped_)
            weekNote_->setFullText(tr("the week you chose"));
        else
            followDefaultWeek();
    });
    connect(users_, &QComboBox::currentIndexChanged, this, &PlaylistPanel::followDefaultWeek);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                showExplanation();
                announce(current);
            });
    // A click on the row that is already current is still a choice of its track.
    connect(table_, &QTableView::clicked, this, &PlaylistPanel::announce);
}

void PlaylistPanel::setSelection(CurrentTrackSelection* selection) {
    selection_ = selection;
    connect(selection_, &CurrentTrackSelection::currentTrackChanged, this,
            [this](Id trackId) { selectTrack(trackId); });
}

void PlaylistPanel::announce(const QModelIndex& index) {
    if (following_ || !selection_ || !index.isValid()) return;
    selection_->setCurrentTrack(index.data(PlaylistModel::kTrackIdRole).toLongLong(),
                                CurrentTrackSelection::Origin::Playlist);
}

Id PlaylistPanel::selectedTrack() const {
    const QModelIndex current = table_->currentIndex();
    return current.isValid() ? current.data(PlaylistModel::kTrackIdRole).toLongLong() : 0;
}

void PlaylistPanel::setUsers(const std::vector<User>& users,
                             const std::map<Id, qint64>& lastListens) {
    lastListens_ = lastListens;
    {
        const QSignalBlocker block(users_);
        users_->clear();
        for (const User& u : users)
            if (u.isMe) users_->addItem(tr("%1 (me)").arg(u.name), u.id);
        for (const User& u : users)
            if (!u.isMe) users_->addItem(u.name, u.id);
    }
    followDefaultWeek();
    generate_->setEnabled(users_->count() > 0);
    if (users_->count() == 0) status_->setText(tr("Import a listening history first."));
}

void PlaylistPanel::followDefaultWeek() {
    if (weekTyped_) return;
    if (users_->count() == 0) {
        weekNote_->setFullText({});
        return;
    }
    // The user's name as the core writes it in its sentences (the list adds " (me)").
    QString name = users_->currentText();
    if (name.endsWith(tr(" (me)"))) name.chop(tr(" (me)").size());
    const DefaultWeek week =
        defaultWeek(lastListens_, currentUser(), QDateTime::currentSecsSinceEpoch());
    week_->setText(isoWeekName(week.weekStart));
    weekNote_->setFullText(week.reason(name));
    week_->setToolTip(tr("The ISO week (e.g. 2026-W48): only listens before its Monday are "
                         "used. By default %1; type another to keep it.")
                          .arg(week.reason(name)));
}

QString PlaylistPanel::weekNoteText() const {
    return weekNote_->fullText();
}

void PlaylistPanel::showFailure(const QString& week, const QString& why) {
    session_.reset();
    madeWith_.clear();
    refresh();
    status_->setText(tr("No playlist for %1: %2").arg(week, why));
}

Id PlaylistPanel::currentUser() const {
    return users_->currentData().toLongLong();
}

QString PlaylistPanel::currentUserName() const {
    return users_->currentText();
}

QString PlaylistPanel::weekText() const {
    return week_->text().trimmed();
}

int PlaylistPanel::modeIndex() const {
    return mode_->currentIndex();
}

void PlaylistPanel::setBusy(bool busy) {
    generate_->setEnabled(!busy && users_->count() > 0);
    if (busy) status_->setText(tr("Preparing the week (training the week's model if needed)…"));
}

void PlaylistPanel::setSession(std::shared_ptr<const PlaylistSession> session,
                               const std::map<QString, double>& madeWith) {
    session_ = std::move(session);
    madeWith_ = madeWith;
    if (session_) {
        // The controls name the week shown (a playlist restored on reopening is not the week the
        // field defaults to), so Generate makes that week again.
        week_->setText(isoWeekName(session_->weekStart));
        if (!weekTyped_ &&
            defaultWeek(lastListens_, currentUser(), QDateTime::currentSecsSinceEpoch())
                    .weekStart != session_->weekStart)
            weekNote_->setFullText(tr("the week of the playlist shown"));
        mode_->setCurrentIndex(session_->settings.mode == PlaylistMode::Exploration ? 1
                               : session_->settings.mode == PlaylistMode::Jams      ? 2
                                                                                    : 0);
    }
    refresh();
}

void PlaylistPanel::setWeights(const std::map<QString, double>& weights) {
    if (weights == weights_) return;
    weights_ = weights;
    madeWith_.clear();  // re-ranked with the sliders from now on
    if (session_) refresh();
}

void PlaylistPanel::showSliderWeights(const std::map<QString, double>& weights) {
    if (weights == weights_) return;
    // Pinned to the weights it is shown with, so it does not re-rank under the person's eyes.
    if (session_ && madeWith_.empty()) madeWith_ = model_->playlist().weights;
    weights_ = weights;
    if (session_) refresh();
}

const WeeklyPlaylist* PlaylistPanel::playlist() const {
    return session_ ? &model_->playlist() : nullptr;
}

void PlaylistPanel::refresh() {
    // The window's current track keeps its row when the sliders re-rank the list or a new week
    // comes: the row follows the selection, it does not make one.
    const Id selected = selection_ ? selection_->trackId() : selectedTrack();
    if (!session_) {
        model_->setPlaylist({});
        export_->setEnabled(false);
        // No week: the line names no one's playlist (another project's would linger here).
        status_->setText(users_->count() > 0 ? tr("Choose a user and a week, then Generate.")
                                             : tr("Import a listening history first."));
        status_->setToolTip(QString());
        explanation_->clear();
        return;
    }
    std::map<QString, double> weights = session_->settings.weights;
    for (const auto& [name, w] : weights_) weights[name] = w;
    if (!madeWith_.empty()) weights = madeWith_;
    model_->setPlaylist(session_->playlist(weights));
    const WeeklyPlaylist& p = model_->playlist();
    export_->setEnabled(!p.entries.empty());
    // One short line; the seed and the full warnings are in its tooltip.
    QStringList parts{tr("%1: %2 tracks").arg(p.title()).arg(p.entries.size())};
    if (p.fallback) parts << tr("no history before this week: popular tracks (a fallback)");
    QStringList missing;
    for (const auto& [name, why] : p.missingSources) missing << sourceTitle(name).toLower();
    if (!missing.isEmpty()) parts << tr("not trained yet: %1").arg(missing.join(tr(", ")));
    // Made with other weights than the sliders' (a playlist restored from the project after
    // they moved): said on a line of its own until the week is re-ranked or generated again.
    const std::map<QString, double> sliders = blendAsUsed(p, weights_);
    otherWeights_ = madeWithOtherWeights(p, weights_)
                        ? tr("Made with %1; the sliders would make it %2 — Generate to use them.")
                              .arg(BlendPanel::describeWeights(p.weights),
                                   sliders.empty() ? tr("no weight for this week's models")
                                                   : BlendPanel::describeWeights(sliders))
                        : QString();
    // Fewer picks than asked: why, in the core's words (as `tastelab-cli weekly` prints them).
    const QString shortfall =
        p.shortfall.isEmpty() ? QString() : QLatin1Char('\n') + tr("Short: %1").arg(p.shortfall);
    status_->setText(parts.join(QStringLiteral(" · ")) + shortfall +
                     (otherWeights_.isEmpty() ? QString() : QLatin1Char('\n') + otherWeights_));
    QStringList details{tr("Seed %1 (this week's order)").arg(p.weekSeed)};
    for (const auto& [name, why] : p.missingSources)
        details << tr("%1: %2").arg(sourceTitle(name), why);
    details << p.warnings;
    if (!otherWeights_.isEmpty())
        details << tr(
            "Weights are shares: a slider's value over the sum of the sliders of "
            "this week's models. Moving a slider re-ranks the week with them.");
    status_->setToolTip(details.join(QLatin1Char('\n')));
    selectTrack(selected);
    showExplanation();
}

void PlaylistPanel::showExplanation() {
    const PlaylistEntry* e = model_->entry(table_->currentIndex().row());
    if (!e) {
        explanation_->setText(model_->rowCount() > 0
                                  ? tr("Select a pick to see why it is in the playlist.")
                                  : QString());
        return;
    }
    QString html =
        QStringLiteral("<b>%1 — %2</b>: %3<br>")
            .arg(e->artist.toHtmlEscaped(), e->title.toHtmlEscaped(), e->summary.toHtmlEscaped());
    for (const SourceShare& s : e->sources) {
        if (s.weight <= 0.0f) continue;
        // The core's words, as the CLI prints them.
        QString evidence = s.phrase.toHtmlEscaped();
        if (!s.detail.isEmpty()) evidence += QStringLiteral("; ") + s.detail.toHtmlEscaped();
        html += QStringLiteral(
                    "<span style='color:%1'>■</span> %2: %3% of the score "
                    "(normalised %4)%5<br>")
                    .arg(sourceColor(s.source).name(), sourceTitle(s.source))
                    .arg(qRound(100.0f * s.share))
                    .arg(double(s.normalised), 0, 'f', 2)
                    .arg(evidence.isEmpty() ? QString() : QStringLiteral(" — ") + evidence);
    }
    if (!e->because.isEmpty())
        html += tr("Because you played: %1")
                    .arg(e->because.mid(0, 3).join(QStringLiteral(", ")).toHtmlEscaped());
    explanation_->setText(html);
}

bool PlaylistPanel::selectTrack(Id trackId) {
    following_ = true;
    bool found = false;
    for (int row = 0; trackId != 0 && row < model_->rowCount() && !found; ++row) {
        const QModelIndex index = model_->index(row, 0);
        if (index.data(PlaylistModel::kTrackIdRole).toLongLong() != trackId) continue;
        if (table_->currentIndex().row() != row) {
            table_->setCurrentIndex(index);
            table_->scrollTo(index);
        }
        table_->selectRow(row);
        found = true;
    }
    if (!found) {
        // Not a pick of this week: no current row either, or choosing the pick that was current
        // before would not be a change, and the window would go on showing another track.
        table_->clearSelection();
        table_->setCurrentIndex(QModelIndex());
    }
    following_ = false;
    return found;
}

QString PlaylistPanel::explanationText() const {
    return explanation_->text();
}

QString PlaylistPanel::statusText() const {
    return status_->text();
}

}  // namespace tl
