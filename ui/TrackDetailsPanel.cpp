#include "TrackDetailsPanel.h"

#include <QDir>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QStackedWidget>
#include <QUrl>
#include <QVBoxLayout>
#include <algorithm>

#include "ElidedLabel.h"
#include "Format.h"
#include "HintPanel.h"
#include "ProjectSnapshot.h"
#include "store/CatalogQueries.h"
#include "util/NativePath.h"

namespace tl {

TrackDetailsPanel::TrackDetailsPanel(QWidget* parent) : QWidget(parent) {
    hint_ = new HintPanel(this);

    auto* page = new QWidget;
    heading_ = new QLabel(page);
    heading_->setObjectName(QStringLiteral("detailsHeading"));
    heading_->setWordWrap(true);
    heading_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont headingFont = heading_->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.25);
    headingFont.setBold(true);
    heading_->setFont(headingFont);
    // Two columns: the bottom band is wide and short, so one long column would need to scroll.
    listening_ = new QFormLayout;
    identity_ = new QFormLayout;
    for (QFormLayout* form : {listening_, identity_}) {
        form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        form->setRowWrapPolicy(QFormLayout::DontWrapRows);
        form->setVerticalSpacing(4);  // a dense read-out; the style's default is for inputs
    }
    for (const QString& name :
         {tr("Artist"), tr("Album"), tr("Plays"), tr("Listeners"), tr("Duration"), tr("Track id")})
        addField(listening_, name);
    for (const QString& name :
         {tr("Audio"), tr("File"), tr("Genre"), tr("MusicBrainz"), tr("Spotify")})
        addField(identity_, name);
    auto* columns = new QHBoxLayout;
    columns->setSpacing(24);
    columns->addLayout(listening_, 1);
    columns->addLayout(identity_, 1);
    auto* pageLayout = new QVBoxLayout(page);
    pageLayout->setContentsMargins(12, 10, 12, 10);
    pageLayout->addWidget(heading_);
    pageLayout->addLayout(columns);
    terms_ = new QLabel(page);
    terms_->setObjectName(QStringLiteral("detailsTopTerms"));
    terms_->setWordWrap(true);
    terms_->setTextFormat(Qt::RichText);
    terms_->setToolTip(
        tr("The text model's heaviest terms for this track (or its artist); click "
           "one to see every track on the map described by it"));
    terms_->hide();
    connect(terms_, &QLabel::linkActivated, this, [this](const QString& link) {
        Q_EMIT termActivated(QUrl::fromPercentEncoding(link.mid(5).toUtf8()));
    });
    pageLayout->addWidget(terms_);
    soundsLike_ = new QLabel(page);
    soundsLike_->setObjectName(QStringLiteral("detailsSoundsLike"));
    soundsLike_->setWordWrap(true);
    soundsLike_->setTextFormat(Qt::PlainText);
    soundsLike_->hide();
    pageLayout->addWidget(soundsLike_);
    pageLayout->addStretch(1);

    // A short bottom area must scroll rather than squash or clip the rows.
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(page);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::StyledPanel);

    stack_ = new QStackedWidget(this);
    stack_->addWidget(hint_);
    stack_->addWidget(scroll);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(stack_);
    showTrack(nullptr, 0);
}

void TrackDetailsPanel::setTopTerms(const std::vector<std::pair<QString, float>>& terms) {
    if (terms.empty()) {
        terms_->clear();
        terms_->hide();
        return;
    }
    const float top = std::max(terms.front().second, 1e-6f);
    QStringList parts;
    for (const auto& [term, weight] : terms) {
        // 90% to 150% of the font size by salience: a weighted list that reads at a glance.
        const int percent = 90 + int(60.0f * weight / top);
        parts << QStringLiteral(
                     "<a href=\"term:%1\" style=\"text-decoration:none\">"
                     "<span style=\"font-size:%2%\">%3</span></a>")
                     .arg(QString::fromUtf8(QUrl::toPercentEncoding(term)))
                     .arg(percent)
                     .arg(term.toHtmlEscaped());
    }
    terms_->setText(tr("<b>Described as:</b> %1").arg(parts.join(QStringLiteral(" · "))));
    terms_->show();
}

void TrackDetailsPanel::setSoundsLike(const QStringList& names, const QString& how) {
    if (names.isEmpty()) {
        soundsLike_->clear();
        soundsLike_->hide();
        return;
    }
    soundsLike_->setText(tr("Sounds like: %1").arg(names.join(QStringLiteral(" · "))));
    soundsLike_->setToolTip(tr("Nearest tracks %1.").arg(how));
    soundsLike_->show();
}

QString TrackDetailsPanel::soundsLikeText() const {
    return soundsLike_->isHidden() ? QString() : soundsLike_->text();
}

QString TrackDetailsPanel::topTermsText() const {
    return terms_->isHidden() ? QString() : terms_->text();
}

ElidedLabel* TrackDetailsPanel::addField(QFormLayout* form, const QString& name) {
    // One line per value: wrapped labels in a form make rows jump in height.
    auto* value = new ElidedLabel;
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(name + QLatin1Char(':'), value);
    fields_.insert(name, value);
    return value;
}

QString TrackDetailsPanel::fieldText(const QString& field) const {
    if (field == tr("Title")) return trackId_ ? heading_->text() : QString();
    const ElidedLabel* label = fields_.value(field);
    return label && trackId_ ? label->fullText() : QString();
}

void TrackDetailsPanel::showTrack(const ProjectSnapshot* snapshot, Id trackId,
                                  const Track* record) {
    using namespace catalog_columns;
    const CatalogTable* table = snapshot ? snapshot->tracks.get() : nullptr;
    const qint64 row = table && trackId ? table->rowOfId(trackId) : -1;
    trackId_ = row >= 0 ? trackId : 0;
    if (row < 0) {
        const bool noTracks = !snapshot || snapshot->counts.tracks == 0;
        hint_->setHint(tr("Track details"),
                       snapshot && snapshot->loading ? tr("Reading the project…")
                       : noTracks ? tr("The details of a track appear here once the project has "
                                       "tracks: import a listening history or add a music folder.")
                                  : tr("Select a track in the Library to see what the project "
                                       "knows about it: plays, listeners, its audio file and "
                                       "identifiers."));
        stack_->setCurrentWidget(hint_);
        return;
    }
    const size_t r = size_t(row);
    const Track known = record ? *record : Track{};
    const auto unknown = [](const QString& text) {
        return text.isEmpty() ? QObject::tr("unknown") : text;
    };
    heading_->setText(table->text(r, TrackTitle));
    fields_[tr("Artist")]->setFullText(table->text(r, TrackArtist));
    fields_[tr("Album")]->setFullText(unknown(table->text(r, TrackAlbum)));
    fields_[tr("Plays")]->setFullText(QLocale().toString(table->number(r, TrackPlays)));
    fields_[tr("Listeners")]->setFullText(QLocale().toString(table->number(r, TrackListeners)));
    // As the Library shows it: the file's length where there is a file (what plays). The demo's
    // files are 10 s excerpts of songs its history says last minutes: said in few words, as the
    // column is narrow.
    const QString length = durationText(int(table->number(r, TrackLength)));
    fields_[tr("Duration")]->setFullText(
        snapshot->isDemo() && snapshot->audioByTrack.value(trackId).durationMs > 0
            ? tr("%1 (demo excerpt)").arg(length)
            : length);
    if (snapshot->audioByTrack.contains(trackId)) {
        const AudioFile f = snapshot->audioByTrack.value(trackId);
        const QString channels = f.channels == 1   ? tr("mono")
                                 : f.channels == 2 ? tr("stereo")
                                                   : tr("%1 channels").arg(f.channels);
        fields_[tr("Audio")]->setFullText(tr("%1 · %2 Hz · %3 · %4")
                                              .arg(f.format, QLocale().toString(f.sampleRate),
                                                   channels, durationText(f.durationMs)));
        fields_[tr("File")]->setFullText(QDir::toNativeSeparators(displayPath(f.path)));
    } else {
        fields_[tr("Audio")]->setFullText(tr("no audio file linked"));
        fields_[tr("File")]->setFullText(tr("none"));
    }
    // Only demo worlds have a known genre; real data would show "unknown" on every track.
    identity_->setRowVisible(fields_[tr("Genre")], snapshot->isDemo());
    const QString genre = snapshot->genreOf(trackId);
    fields_[tr("Genre")]->setFullText(genre.isEmpty() ? tr("unknown")
                                                      : tr("%1 (demo ground truth)").arg(genre));
    fields_[tr("MusicBrainz")]->setFullText(unknown(known.mbid));
    fields_[tr("Spotify")]->setFullText(unknown(known.spotifyUri));
    fields_[tr("Track id")]->setFullText(QString::number(trackId));
    stack_->setCurrentIndex(1);
}

}  // namespace tl
