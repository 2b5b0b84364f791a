#pragma once

#include <QWizard>
#include <memory>

#include "OpenDataRequest.h"
#include "importers/HistoryPreview.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTreeWidget;

namespace tl {

// "Open my data": the short path from a person's own files to a project. Five pages — the
// listening histories (files, export folders, zips; each file's detected format and row
// estimate shown before anything is imported), the music folder (optional), a folder of text
// about the music (optional), who "me" is, and where to save the project. Each page says what
// is wrong in words while Next/Finish waits. The wizard only collects: request() is handed to
// MainWindow::openMyData(), which creates the project and runs the import and scan jobs.
class OpenDataWizard : public QWizard {
    Q_OBJECT
public:
    enum PageId { HistoriesPage, MusicPage, TextPage, MePage, ProjectPage };

    OpenDataWizard(const QString& suggestedMe, const QString& startDirectory,
                   QWidget* parent = nullptr);
    ~OpenDataWizard() override;

    OpenDataRequest request() const;

    // What "Add Files…"/"Add Folder…" do after their dialogs (tests call it directly). The
    // preview runs off the GUI thread; previewReady() follows.
    void addHistoryPaths(const QStringList& paths);
    void removeHistoryPath(int row);
    bool isPreviewing() const { return previewing_; }
    const HistoryPreview& preview() const { return preview_; }

    QTreeWidget* historyFiles() const { return files_; }
    QLabel* historyStatus() const { return historyStatus_; }
    QLineEdit* musicFolderEdit() const { return musicFolder_; }
    QLabel* musicStatus() const { return musicStatus_; }
    QLineEdit* textFolderEdit() const { return textFolder_; }
    QLabel* textStatus() const { return textStatus_; }
    QComboBox* meBox() const { return me_; }
    QCheckBox* incognitoBox() const { return incognito_; }
    QLineEdit* projectPathEdit() const { return projectPath_; }
    QLabel* projectStatus() const { return projectStatus_; }

    // The project file the path edit stands for (".tastelab" added), and what is wrong with it
    // (empty when it can be created).
    QString projectFile() const;
    QString projectProblem() const;
    QString musicProblem() const;
    QString textProblem() const;

Q_SIGNALS:
    void previewReady();

private:
    void startPreview();
    void showPreview();
    void chooseHistoryFiles();
    void chooseHistoryFolder();
    void updateMusicStatus();
    void updateTextStatus();
    void updateProjectStatus();
    void fillUsers();
    QWizardPage* makeHistoriesPage();
    QWizardPage* makeMusicPage();
    QWizardPage* makeTextPage();
    QWizardPage* makeMePage();
    QWizardPage* makeProjectPage();

    QString suggestedMe_;
    QString startDirectory_;
    QStringList paths_;
    HistoryPreview preview_;
    std::vector<int> origins_;  // for each previewed file, the index of the path it came from
    bool previewing_ = false;
    quint64 previewGeneration_ = 0;
    std::shared_ptr<Progress> previewProgress_;

    QTreeWidget* files_ = nullptr;
    QLabel* historyStatus_ = nullptr;
    QLineEdit* musicFolder_ = nullptr;
    QLabel* musicStatus_ = nullptr;
    QLineEdit* textFolder_ = nullptr;
    QLabel* textStatus_ = nullptr;
    QComboBox* me_ = nullptr;
    QCheckBox* incognito_ = nullptr;
    QLineEdit* projectPath_ = nullptr;
    QLabel* projectStatus_ = nullptr;
    QLabel* summary_ = nullptr;
};

}  // namespace tl
