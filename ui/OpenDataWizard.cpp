#include "OpenDataWizard.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDirIterator>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <functional>
#include <tuple>

#include "Format.h"
#include "MusicFolderProbe.h"
#include "text/TextSources.h"

namespace tl {
namespace {

constexpr int kProbeEntries = 5000;  // a folder is judged by this many entries: answers at once

// A page whose Next/Finish waits for `ready` (QWizard asks isComplete()).
class OpenDataPage : public QWizardPage {
public:
    OpenDataPage(const QString& title, const QString& subTitle, std::function<bool()> ready)
        : ready_(std::move(ready)) {
        setTitle(title);
        setSubTitle(subTitle);
    }
    bool isComplete() const override { return ready_(); }
    void changed() { Q_EMIT completeChanged(); }

private:
    std::function<bool()> ready_;
};

// The page's longer explanation, in its body: QWizard's subtitle shows two lines at most.
QLabel* introLabel(const QString& text) {
    auto* label = new QLabel(text);
    label->setWordWrap(true);
    return label;
}

QLabel* statusLabel(const QString& objectName) {
    auto* label = new QLabel;
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setMinimumHeight(label->fontMetrics().height() * 2);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return label;
}

// A line edit for a folder with a Browse… button beside it.
QHBoxLayout* folderRow(QLineEdit* edit, QPushButton* browse) {
    auto* row = new QHBoxLayout;
    row->addWidget(edit, 1);
    row->addWidget(browse);
    return row;
}

QString sizeText(qint64 bytes) {
    return bytes < 0 ? QStringLiteral("?") : QLocale().formattedDataSize(bytes);
}

// The path a person recognises: inside a folder or archive they added, from its name on (a
// zip's members as my_spotify_data.zip!/folder/member.json).
QString shownPath(const QString& path, const QStringList& roots) {
    for (const QString& root : roots) {
        const QFileInfo info(root);
        if (path.startsWith(info.absoluteFilePath() + QLatin1Char('/')) ||
            path.startsWith(info.absoluteFilePath() + QStringLiteral("!/")))
            return QDir::toNativeSeparators(info.fileName() +
                                            path.mid(info.absoluteFilePath().size()));
    }
    return QDir::toNativeSeparators(path);
}

}  // namespace

OpenDataWizard::OpenDataWizard(const QString& suggestedMe, const QString& startDirectory,
                               QWidget* parent)
    : QWizard(parent), suggestedMe_(suggestedMe), startDirectory_(startDirectory) {
    setObjectName(QStringLiteral("openDataWizard"));
    setWindowTitle(tr("Open My Data"));
    setWizardStyle(QWizard::ClassicStyle);  // the same look on every platform and in tests
    setOption(QWizard::NoBackButtonOnStartPage);
    setButtonText(QWizard::FinishButton, tr("Create Project"));
    setPage(HistoriesPage, makeHistoriesPage());
    setPage(MusicPage, makeMusicPage());
    setPage(TextPage, makeTextPage());
    setPage(MePage, makeMePage());
    setPage(ProjectPage, makeProjectPage());
    // Room for a file name, its format, size and rows side by side, and the subtitles unclipped.
    setMinimumSize(fontMetrics().averageCharWidth() * 125, fontMetrics().height() * 32);
}

OpenDataWizard::~OpenDataWizard() {
    if (previewProgress_) previewProgress_->cancel();
}

// --- histories ---------------------------------------------------------------------------------

QWizardPage* OpenDataWizard::makeHistoriesPage() {
    auto* page = new OpenDataPage(
        tr("Your listening history"),
        tr("Add the export you downloaded: Spotify (account data or extended streaming history), "
           "ListenBrainz, Last.fm, or a research data set; files, folders or .zip archives."),
        [this] { return !previewing_ && preview_.listenFiles() > 0; });
    files_ = new QTreeWidget;
    files_->setObjectName(QStringLiteral("wizardHistoryFiles"));
    files_->setHeaderLabels({tr("File"), tr("Detected as"), tr("Size"), tr("Rows")});
    files_->setRootIsDecorated(false);
    files_->setUniformRowHeights(true);
    files_->setSelectionMode(QAbstractItemView::SingleSelection);
    // An export's files differ at the end (Streaming_History_Audio_2024_0.json, …_1.json): keep
    // both ends of a long name in view.
    files_->setTextElideMode(Qt::ElideMiddle);
    files_->header()->setStretchLastSection(false);
    files_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    files_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    files_->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    files_->header()->setSectionResizeMode(3, QHeaderView::ResizeToContents);
    files_->setToolTip(
        tr("What each file was detected as from its first 64 KB, and about how "
           "many rows it holds (“≈” when estimated from its start)"));

    auto* addFiles = new QPushButton(tr("Add Files…"));
    addFiles->setObjectName(QStringLiteral("wizardAddFiles"));
    addFiles->setToolTip(tr("History files or archives (.json, .jsonl, .csv, .tsv, .txt, .zip)"));
    connect(addFiles, &QPushButton::clicked, this, &OpenDataWizard::chooseHistoryFiles);
    auto* addFolder = new QPushButton(tr("Add Folder…"));
    addFolder->setObjectName(QStringLiteral("wizardAddFolder"));
    addFolder->setToolTip(tr("An unpacked export: every history file below it is read"));
    connect(addFolder, &QPushButton::clicked, this, &OpenDataWizard::chooseHistoryFolder);
    auto* remove = new QPushButton(tr("Remove"));
    remove->setObjectName(QStringLiteral("wizardRemovePath"));
    remove->setToolTip(tr("Leave the selected file's path out of the import"));
    connect(remove, &QPushButton::clicked, this, [this] {
        // A row belongs to the path that brought it in; removing the row removes that path.
        const QTreeWidgetItem* item = files_->currentItem();
        if (!item) return;
        removeHistoryPath(item->data(0, Qt::UserRole).toInt());
    });
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(addFiles);
    buttons->addWidget(addFolder);
    buttons->addWidget(remove);
    buttons->addStretch(1);

    historyStatus_ = statusLabel(QStringLiteral("wizardHistoryStatus"));
    historyStatus_->setText(tr("No history added yet."));
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(files_, 1);
    layout->addLayout(buttons);
    layout->addWidget(historyStatus_);
    connect(this, &OpenDataWizard::previewReady, page, [page] { page->changed(); });
    return page;
}

void OpenDataWizard::chooseHistoryFiles() {
    const QStringList chosen =
        QFileDialog::getOpenFileNames(this, tr("Add Listening History"), startDirectory_,
                                      tr("Listening histories (*.json *.jsonl *.csv *.tsv *.txt "
                                         "*.zip *.gz *.tgz);;All files (*)"));
    if (!chosen.isEmpty()) addHistoryPaths(chosen);
}

void OpenDataWizard::chooseHistoryFolder() {
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("Add History Folder"), startDirectory_);
    if (!dir.isEmpty()) addHistoryPaths({dir});
}

void OpenDataWizard::addHistoryPaths(const QStringList& paths) {
    for (const QString& path : paths) {
        const QString absolute = QFileInfo(path).absoluteFilePath();
        if (!paths_.contains(absolute)) paths_ << absolute;
    }
    startPreview();
}

void OpenDataWizard::removeHistoryPath(int index) {
    if (index < 0 || index >= paths_.size()) return;
    paths_.removeAt(index);
    startPreview();
}

void OpenDataWizard::startPreview() {
    // Every change previews the whole list again (64 KB a file): simpler than merging, and a
    // newer preview simply replaces an older one still running.
    if (previewProgress_) previewProgress_->cancel();
    previewProgress_ = std::make_shared<Progress>();
    previewing_ = true;
    const quint64 generation = ++previewGeneration_;
    historyStatus_->setText(
        tr("Looking at %1…").arg(countText(paths_.size(), tr("path"), tr("paths"))));
    if (auto* page = static_cast<OpenDataPage*>(this->page(HistoriesPage))) page->changed();
    const QStringList paths = paths_;
    const Progress progress = *previewProgress_;
    using Previewed = std::pair<HistoryPreview, std::vector<int>>;  // files, path of each
    auto* watcher = new QFutureWatcher<Previewed>(this);
    connect(watcher, &QFutureWatcher<Previewed>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != previewGeneration_) return;  // an older list
        std::tie(preview_, origins_) = watcher->result();
        previewing_ = false;
        showPreview();
        Q_EMIT previewReady();
    });
    watcher->setFuture(QtConcurrent::run([paths, progress] {
        // Path by path, so each file row knows which added path brought it (Remove).
        Previewed all;
        for (qsizetype i = 0; i < paths.size(); ++i) {
            HistoryPreview one = previewHistories({paths[i]}, progress);
            for (PreviewFile& f : one.files) {
                all.first.files.push_back(std::move(f));
                all.second.push_back(int(i));
            }
            for (const QString& user : one.users)
                if (!all.first.users.contains(user)) all.first.users << user;
            all.first.needsMe = all.first.needsMe || one.needsMe;
            all.first.truncated = all.first.truncated || one.truncated;
        }
        return all;
    }));
}

void OpenDataWizard::showPreview() {
    files_->clear();
    for (size_t i = 0; i < preview_.files.size(); ++i) {
        const PreviewFile& f = preview_.files[i];
        auto* item = new QTreeWidgetItem(files_);
        item->setText(0, shownPath(f.path, paths_));
        item->setToolTip(0, QDir::toNativeSeparators(f.path));
        item->setData(0, Qt::UserRole, i < origins_.size() ? origins_[i] : -1);
        const bool read = f.listens() || f.format == HistoryFormat::MsdTrackList ||
                          f.format == HistoryFormat::ListenBrainzUser;
        // Short in the column, the whole reason in the tooltip.
        QString what = formatTitle(f.format);
        if (f.format == HistoryFormat::Unknown)
            what = f.note == QLatin1String("no such file or folder") ? tr("missing")
                                                                     : tr("not a history");
        item->setText(1, read ? what : tr("%1 (skipped)").arg(what));
        item->setToolTip(1, f.note.isEmpty() ? formatTitle(f.format) : f.note);
        item->setText(2, sizeText(f.bytes));
        item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
        if (f.listens())
            item->setText(
                3, (f.exact ? QString() : QStringLiteral("≈ ")) + QLocale().toString(f.rows));
        item->setTextAlignment(3, Qt::AlignRight | Qt::AlignVCenter);
        if (!read) {
            QFont font = item->font(0);
            font.setItalic(true);
            for (int c = 0; c < 4; ++c) {
                item->setFont(c, font);
                item->setForeground(c, palette().color(QPalette::PlaceholderText));
            }
        }
    }
    const int histories = preview_.listenFiles();
    const int missing =
        int(std::count_if(preview_.files.begin(), preview_.files.end(), [](const PreviewFile& f) {
            return f.note == QLatin1String("no such file or folder");
        }));
    QString text;
    if (paths_.isEmpty())
        text = tr("No history added yet.");
    else if (histories == 0)
        text =
            tr("None of these files is a listening history Tastelab can read. Add the "
               "export's history files (e.g. StreamingHistory_music_0.json, "
               "Streaming_History_Audio_2023.json, a ListenBrainz .jsonl, a Last.fm .csv).");
    else
        text = tr("%1 to import, about %2; files marked “skipped” are not histories and are "
                  "passed over.")
                   .arg(countText(histories, tr("history file"), tr("history files")),
                        countText(preview_.estimatedRows(), tr("row"), tr("rows")));
    if (missing > 0)
        text += QLatin1Char(' ') +
                tr("%1 no longer exist.").arg(countText(missing, tr("path"), tr("paths")));
    if (preview_.truncated) text += QLatin1Char(' ') + tr("Only the first 500 files are listed.");
    historyStatus_->setText(text);
}

// --- music and text folders --------------------------------------------------------------------

QWizardPage* OpenDataWizard::makeMusicPage() {
    auto* page = new OpenDataPage(tr("Your music folder (optional)"),
                                  tr("The folder your audio files are in. Leave it empty to skip."),
                                  [this] { return musicProblem().isEmpty(); });
    musicFolder_ = new QLineEdit;
    musicFolder_->setObjectName(QStringLiteral("wizardMusicFolder"));
    musicFolder_->setPlaceholderText(tr("No music folder"));
    musicFolder_->setToolTip(tr("Scanned after the import; remembered for rescans"));
    auto* browse = new QPushButton(tr("Browse…"));
    browse->setObjectName(QStringLiteral("wizardMusicBrowse"));
    browse->setToolTip(tr("Choose the music folder"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Music Folder"), startDirectory_);
        if (!dir.isEmpty()) musicFolder_->setText(QDir::toNativeSeparators(dir));
    });
    musicStatus_ = statusLabel(QStringLiteral("wizardMusicStatus"));
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(introLabel(
        tr("Tastelab reads the files' tags, matches them to the tracks in your history and "
           "analyses their sound for the audio model, which can then place songs nobody has "
           "played yet.")));
    layout->addLayout(folderRow(musicFolder_, browse));
    layout->addWidget(musicStatus_);
    layout->addStretch(1);
    connect(musicFolder_, &QLineEdit::textChanged, this, [this, page] {
        updateMusicStatus();
        page->changed();
    });
    updateMusicStatus();
    return page;
}

QString OpenDataWizard::musicProblem() const {
    const QString dir = musicFolder_->text().trimmed();
    if (dir.isEmpty()) return {};
    if (!QFileInfo(dir).isDir())
        return tr("%1 is not a folder.").arg(QDir::toNativeSeparators(dir));
    return {};
}

void OpenDataWizard::updateMusicStatus() {
    const QString dir = musicFolder_->text().trimmed();
    if (const QString problem = musicProblem(); !problem.isEmpty())
        musicStatus_->setText(problem);
    else if (dir.isEmpty())
        musicStatus_->setText(
            tr("No music folder: the audio model will have nothing to "
               "listen to. You can add one later (File > Add Music Folder…)."));
    else if (!looksLikeMusicFolder(dir, kProbeEntries))
        musicStatus_->setText(tr("No audio files (FLAC, Ogg, Opus, MP3, WAV, …) among the first "
                                 "%1 entries of this folder; it will be scanned all the same.")
                                  .arg(kProbeEntries));
    else
        musicStatus_->setText(
            tr("Audio files found: the folder is scanned right after the import."));
}

QWizardPage* OpenDataWizard::makeTextPage() {
    auto* page = new OpenDataPage(
        tr("Text about your music (optional)"),
        tr("A folder of documents about artists and tracks. Leave it empty to skip."),
        [this] { return textProblem().isEmpty(); });
    textFolder_ = new QLineEdit;
    textFolder_->setObjectName(QStringLiteral("wizardTextFolder"));
    textFolder_->setPlaceholderText(tr("No text folder"));
    textFolder_->setToolTip(tr("Remembered as the text model's corpus folder"));
    auto* browse = new QPushButton(tr("Browse…"));
    browse->setObjectName(QStringLiteral("wizardTextBrowse"));
    browse->setToolTip(tr("Choose the folder of documents"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Text Folder"), startDirectory_);
        if (!dir.isEmpty()) textFolder_->setText(QDir::toNativeSeparators(dir));
    });
    textStatus_ = statusLabel(QStringLiteral("wizardTextStatus"));
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(introLabel(
        tr("Reviews, biographies, blog posts, tag lists, saved as .txt, .md or .html: the text "
           "model links each one to the artists and tracks it names. Tags in your music files "
           "and notes beside them are read anyway.")));
    layout->addLayout(folderRow(textFolder_, browse));
    layout->addWidget(textStatus_);
    layout->addStretch(1);
    connect(textFolder_, &QLineEdit::textChanged, this, [this, page] {
        updateTextStatus();
        page->changed();
    });
    updateTextStatus();
    return page;
}

QString OpenDataWizard::textProblem() const {
    const QString dir = textFolder_->text().trimmed();
    if (dir.isEmpty()) return {};
    if (!QFileInfo(dir).isDir())
        return tr("%1 is not a folder.").arg(QDir::toNativeSeparators(dir));
    return {};
}

void OpenDataWizard::updateTextStatus() {
    const QString dir = textFolder_->text().trimmed();
    if (const QString problem = textProblem(); !problem.isEmpty()) {
        textStatus_->setText(problem);
        return;
    }
    if (dir.isEmpty()) {
        textStatus_->setText(tr("No text folder: the text model reads your files' tags only."));
        return;
    }
    int documents = 0, seen = 0;
    QDirIterator it(dir, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext() && seen++ < kProbeEntries)
        if (isCorpusDocument(it.next())) ++documents;
    textStatus_->setText(
        documents == 0
            ? tr("No .txt, .md or .html documents in this folder: the text model would find "
                 "nothing here.")
            : tr("%1 found (the text model is trained from Models > Train Text Model).")
                  .arg(countText(documents, tr("document"), tr("documents"))));
}

// --- me ----------------------------------------------------------------------------------------

QWizardPage* OpenDataWizard::makeMePage() {
    auto* page = new OpenDataPage(tr("Who is “me”?"), tr("The weekly playlist is made for “me”."),
                                  [this] { return !me_->currentText().trimmed().isEmpty(); });
    me_ = new QComboBox;
    me_->setObjectName(QStringLiteral("wizardMe"));
    me_->setEditable(true);
    me_->setInsertPolicy(QComboBox::NoInsert);
    me_->setToolTip(tr("Type a name, or pick a user found in the histories"));
    incognito_ = new QCheckBox(tr("Count plays from Spotify private sessions"));
    incognito_->setObjectName(QStringLiteral("wizardIncognito"));
    incognito_->setToolTip(
        tr("Spotify keeps private-session plays out of your taste profile; "
           "so does Tastelab unless this is ticked."));
    auto* hint = statusLabel(QStringLiteral("wizardMeHint"));
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(introLabel(
        tr("Spotify and Last.fm exports do not say whose they are: their listens go to this "
           "name. ListenBrainz exports and research data sets keep the users they name; the "
           "list offers them, so you can pick which one is you.")));
    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Me:")));
    row->addWidget(me_, 1);
    layout->addLayout(row);
    layout->addWidget(incognito_);
    layout->addWidget(hint);
    layout->addStretch(1);
    connect(me_, &QComboBox::currentTextChanged, this, [page, hint, this] {
        hint->setText(me_->currentText().trimmed().isEmpty()
                          ? tr("Give a name: the listens that name nobody need an owner.")
                          : QString());
        page->changed();
    });
    me_->addItem(suggestedMe_);
    connect(this, &OpenDataWizard::previewReady, this, &OpenDataWizard::fillUsers);
    return page;
}

void OpenDataWizard::fillUsers() {
    // The typed name stays; the list offers the users the files name, then the suggestion.
    const QString typed = me_->currentText();
    me_->blockSignals(true);
    me_->clear();
    for (const QString& user : preview_.users) me_->addItem(user);
    if (me_->findText(suggestedMe_) < 0) me_->addItem(suggestedMe_);
    me_->setCurrentText(typed.isEmpty() ? suggestedMe_ : typed);
    me_->blockSignals(false);
    incognito_->setEnabled(preview_.needsMe || preview_.files.empty());
}

// --- project -----------------------------------------------------------------------------------

QWizardPage* OpenDataWizard::makeProjectPage() {
    auto* page = new OpenDataPage(
        tr("Where to save the project"),
        tr("A project is one .tastelab file holding your catalog and everything the models "
           "learn. Your own files are only read, never changed."),
        [this] { return projectProblem().isEmpty(); });
    projectPath_ = new QLineEdit;
    projectPath_->setObjectName(QStringLiteral("wizardProjectPath"));
    projectPath_->setPlaceholderText(tr("e.g. %1").arg(QDir::toNativeSeparators(
        QDir(startDirectory_).filePath(QStringLiteral("my-music.tastelab")))));
    projectPath_->setToolTip(tr("A new file; .tastelab is added when missing"));
    auto* browse = new QPushButton(tr("Browse…"));
    browse->setObjectName(QStringLiteral("wizardProjectBrowse"));
    browse->setToolTip(tr("Choose where to save the project"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getSaveFileName(
            this, tr("Save Project As"), startDirectory_, tr("Tastelab projects (*.tastelab)"),
            nullptr, QFileDialog::DontConfirmOverwrite);  // an existing file is refused anyway
        if (!file.isEmpty()) projectPath_->setText(QDir::toNativeSeparators(file));
    });
    projectStatus_ = statusLabel(QStringLiteral("wizardProjectStatus"));
    summary_ = statusLabel(QStringLiteral("wizardSummary"));
    auto* layout = new QVBoxLayout(page);
    layout->addLayout(folderRow(projectPath_, browse));
    layout->addWidget(projectStatus_);
    layout->addWidget(summary_);
    layout->addStretch(1);
    connect(projectPath_, &QLineEdit::textChanged, this, [this, page] {
        updateProjectStatus();
        page->changed();
    });
    connect(this, &QWizard::currentIdChanged, this, [this](int id) {
        if (id == ProjectPage) updateProjectStatus();
    });
    return page;
}

QString OpenDataWizard::projectFile() const {
    QString path = QDir::fromNativeSeparators(projectPath_->text().trimmed());
    if (path.isEmpty()) return {};
    if (!path.endsWith(QStringLiteral(".tastelab"), Qt::CaseInsensitive))
        path += QStringLiteral(".tastelab");
    return QFileInfo(path).absoluteFilePath();
}

QString OpenDataWizard::projectProblem() const {
    const QString file = projectFile();
    if (file.isEmpty()) return tr("Choose where to save the project.");
    const QFileInfo info(file);
    if (info.exists())
        return tr("%1 already exists. Choose another name, or open it with File > Open "
                  "Project… and import into it.")
            .arg(QDir::toNativeSeparators(file));
    if (!info.absoluteDir().exists())
        return tr("The folder %1 does not exist.")
            .arg(QDir::toNativeSeparators(info.absolutePath()));
    return {};
}

void OpenDataWizard::updateProjectStatus() {
    const QString problem = projectProblem();
    projectStatus_->setText(problem.isEmpty()
                                ? tr("Will create %1.").arg(QDir::toNativeSeparators(projectFile()))
                                : problem);
    QStringList steps;
    steps << tr("import %1 (about %2) as %3")
                 .arg(countText(preview_.listenFiles(), tr("history file"), tr("history files")),
                      countText(preview_.estimatedRows(), tr("row"), tr("rows")),
                      me_->currentText().trimmed());
    if (!musicFolder_->text().trimmed().isEmpty())
        steps << tr("scan %1").arg(musicFolder_->text().trimmed());
    if (!textFolder_->text().trimmed().isEmpty())
        steps << tr("remember %1 for the text model").arg(textFolder_->text().trimmed());
    // The match report comes before training: the person sees at once whether collaborative
    // filtering can place them among the other listeners (core/store/MatchReport).
    steps << (musicFolder_->text().trimmed().isEmpty()
                  ? tr("show how much of your history matches the other listeners'")
                  : tr("show how much of your history and folder matches the other listeners'"))
          << tr("then train the models");
    summary_->setText(tr("Create Project will: %1.").arg(steps.join(QStringLiteral("; "))));
}

OpenDataRequest OpenDataWizard::request() const {
    OpenDataRequest r;
    r.histories = paths_;
    const auto folder = [](const QLineEdit* edit) {
        const QString text = edit->text().trimmed();
        return text.isEmpty() ? QString()
                              : QFileInfo(QDir::fromNativeSeparators(text)).absoluteFilePath();
    };
    r.musicFolder = folder(musicFolder_);
    r.textFolder = folder(textFolder_);
    r.me = me_->currentText().trimmed();
    r.includeIncognito = incognito_->isChecked();
    r.projectPath = projectFile();
    return r;
}

}  // namespace tl
