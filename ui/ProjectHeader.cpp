#include "ProjectHeader.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

#include "Format.h"
#include "ProjectSnapshot.h"

namespace tl {

ProjectHeader::ProjectHeader(QWidget* parent) : QFrame(parent) {
    setObjectName(QStringLiteral("projectHeader"));
    name_ = new QLabel(this);
    name_->setObjectName(QStringLiteral("projectName"));
    QFont nameFont = name_->font();
    nameFont.setPointSizeF(nameFont.pointSizeF() * 1.4);
    nameFont.setBold(true);
    name_->setFont(nameFont);

    // Highlight colours from the palette: a badge that stays readable in dark themes too.
    badge_ = new QLabel(tr("Demo world"), this);
    badge_->setObjectName(QStringLiteral("demoBadge"));
    badge_->setToolTip(
        tr("A generated world with known genres and tastes: Tastelab can say "
           "how well each model recovers them."));
    badge_->setStyleSheet(
        QStringLiteral("QLabel { background: palette(highlight); color: palette(highlighted-text);"
                       " border-radius: 4px; padding: 1px 8px; }"));

    counts_ = new QLabel(this);
    counts_->setObjectName(QStringLiteral("projectCounts"));
    counts_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    pending_ = new QLabel(this);
    pending_->setObjectName(QStringLiteral("projectPending"));
    pending_->setWordWrap(true);
    // A role, not a copied colour, so it follows a switch between light and dark.
    pending_->setForegroundRole(QPalette::PlaceholderText);

    models_ = new QLabel(this);
    models_->setObjectName(QStringLiteral("projectModels"));
    // One line per model, never wrapped: a wrapped label's height depends on its width, and the
    // splitters below squeezed it. A narrow window cuts the lines; the tooltip has them whole.
    models_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    auto* top = new QHBoxLayout;
    top->addWidget(name_);
    top->addWidget(badge_);
    top->addSpacing(12);
    top->addWidget(counts_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 4);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addWidget(models_);
    layout->addWidget(pending_);
    // The panes below give way when the window is short; the header's lines do not.
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void ProjectHeader::showProject(const ProjectSnapshot& s) {
    name_->setText(s.name);
    name_->setToolTip(QDir::toNativeSeparators(s.path));
    badge_->setVisible(s.isDemo());
    QStringList parts{countText(s.counts.users, tr("user"), tr("users")),
                      countText(s.counts.artists, tr("artist"), tr("artists")),
                      countText(s.counts.tracks, tr("track"), tr("tracks")),
                      countText(s.counts.listens, tr("listen"), tr("listens")),
                      countText(s.counts.files, tr("audio file"), tr("audio files"))};
    if (s.isDemo()) parts << countText(s.genreNames.size(), tr("genre"), tr("genres"));
    counts_->setText(s.loading ? tr("Reading the project…") : parts.join(QStringLiteral("  ·  ")));

    QStringList pending;
    if (!s.pendingImports.isEmpty())
        pending << countText(s.pendingImports.size(), tr("history file"), tr("history files"));
    if (!s.musicFolders.isEmpty())
        pending << countText(s.musicFolders.size(), tr("music folder"), tr("music folders"));
    pending_->setText(pending.isEmpty()
                          ? QString()
                          : tr("Recorded while another job ran, not read yet: %1. Add it again "
                               "(File > Add Music Folder…, Import History…) to read it now.")
                                .arg(pending.join(tr(" and "))));
    pending_->setToolTip(QStringList(s.pendingImports + s.musicFolders).join(QLatin1Char('\n')));
    pending_->setVisible(!pending.isEmpty());

    QStringList models;
    // Which CF mode is in use matters when reading its results: with one listener, sessions
    // stand in for users.
    const QJsonObject& cf = s.cfModel;
    if (!cf.isEmpty()) {
        const bool sessions = cf.value(QStringLiteral("session_rows")).toBool();
        // Factors trained elsewhere (tastelab-cli import-factors) say where they came from.
        const bool external = cf.value(QStringLiteral("external")).toBool();
        const QJsonObject origin = cf.value(QStringLiteral("origin")).toObject();
        const QString how =
            external
                ? tr("imported from %1 (%2)")
                      .arg(QFileInfo(origin.value(QStringLiteral("items")).toString()).fileName(),
                           origin.value(QStringLiteral("items_format")).toString())
                : tr("implicit ALS");
        models << tr("Collaborative filtering: %1, %2 factors, on %3 × %4 tracks — %5.")
                      .arg(how)
                      .arg(cf.value(QStringLiteral("factors")).toInt())
                      .arg(countText(cf.value(QStringLiteral("rows")).toInt(),
                                     sessions ? tr("session") : tr("listener"),
                                     sessions ? tr("sessions") : tr("listeners")))
                      .arg(cf.value(QStringLiteral("items")).toInt())
                      .arg(sessions ? tr("one listener in the history, so listening sessions "
                                         "stand in for users")
                                    : tr("listeners as rows"));
        // The settings changed since: say so, or the views would pass off the old model as
        // the one Preferences describes. The next training recomputes (its fingerprint differs).
        // First on the line, so a narrow window that cuts the line still shows it.
        if (external && s.cfInputsChanged)
            models.back().prepend(
                tr("Older than the listens (they changed since its export): used as it is; "
                   "training here, Ctrl+T, replaces it. "));
        else if (s.cfOutOfDate)
            models.back().prepend(
                tr("Out of date (the project's CF settings changed since; "
                   "train again, Ctrl+T). "));
        else if (s.cfInputsChanged)
            models.back().prepend(
                tr("Out of date (the listens changed since: an import or a "
                   "deleted source; train again, Ctrl+T). "));
    }
    const QJsonObject& text = s.textModel;
    const QString textEmpty = text.value(QStringLiteral("nothing_to_learn")).toString();
    if (!textEmpty.isEmpty()) {
        // The engine's own reason (train text prints the same), as one sentence.
        QString why = textEmpty;
        why[0] = why[0].toUpper();
        models << tr("Text: %1.").arg(why);
    } else if (!text.isEmpty())
        models << tr("Text: %1 terms from %2, top terms for %3 and %4; %5 LSA dimensions.")
                      .arg(text.value(QStringLiteral("vocabulary")).toInt())
                      .arg(countText(qint64(text.value(QStringLiteral("documents")).toDouble()),
                                     tr("document"), tr("documents")))
                      .arg(countText(text.value(QStringLiteral("artists")).toInt(), tr("artist"),
                                     tr("artists")))
                      .arg(countText(text.value(QStringLiteral("tracks")).toInt(), tr("track"),
                                     tr("tracks")))
                      .arg(text.value(QStringLiteral("lsa_dims")).toInt());
    const QJsonObject& audio = s.audioModel;
    if (!audio.isEmpty())
        models << tr("Audio: a CNN of %1 parameters from log-mels to CF vectors, trained on %2; "
                     "validation loss %3 (ridge baseline %4); %5 without plays get vectors.")
                      .arg(QLocale().toString(
                          qint64(audio.value(QStringLiteral("parameters")).toDouble())))
                      .arg(countText(audio.value(QStringLiteral("tracks_used")).toInt(),
                                     tr("track"), tr("tracks")))
                      .arg(audio.value(QStringLiteral("cnn_validation_loss")).toDouble(), 0, 'f', 3)
                      .arg(audio.value(QStringLiteral("ridge_validation_loss")).toDouble(), 0, 'f',
                           3)
                      .arg(countText(audio.value(QStringLiteral("cold_start_tracks")).toInt(),
                                     tr("track"), tr("tracks")));
    // Which model's vectors the playlist uses, and a note when it learnt from few tracks: the
    // engine's own sentences, as `train audio` prints them.
    if (!audio.isEmpty()) {
        if (const QString why = audio.value(QStringLiteral("vectors_reason")).toString();
            !why.isEmpty())
            models.back() += QLatin1Char(' ') + why;
        if (const QString few = audio.value(QStringLiteral("few_tracks_note")).toString();
            !few.isEmpty())
            models.back() += QLatin1Char(' ') + few;
    }
    if (!audio.isEmpty() && s.audioOutOfDate)
        models.back().prepend(
            tr("Out of date (the project's analysis rate or excerpts "
               "changed since; train again, Ctrl+Shift+T). "));
    if (models.isEmpty() && s.counts.listens > 0)
        models << tr("Models: none trained yet (Models > Train Collaborative Filtering, Ctrl+T).");
    models_->setText(models.join(QLatin1Char('\n')));
    models_->setToolTip(models_->text());
    models_->setVisible(!models_->text().isEmpty());
}

QString ProjectHeader::countsText() const {
    return counts_->text();
}
QString ProjectHeader::pendingText() const {
    return pending_->text();
}

}  // namespace tl
