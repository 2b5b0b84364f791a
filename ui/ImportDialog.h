#pragma once

#include <QDialog>
#include <QStringList>

class QCheckBox;
class QDialogButtonBox;
class QLineEdit;
class QListWidget;

namespace tl {

// Asks what an import needs before it starts: the files, folders and archives chosen (shown, so a
// person sees what is about to be read), whose history it is ("me": Spotify and Last.fm exports
// do not say), and whether Spotify's private-session plays count. Music folders are listed too:
// they are scanned, not parsed as histories.
class ImportDialog : public QDialog {
    Q_OBJECT
public:
    ImportDialog(const QStringList& histories, const QStringList& musicFolders,
                 const QString& suggestedMe, QWidget* parent = nullptr);

    QString me() const;
    bool includeIncognito() const;
    QLineEdit* meEdit() const { return me_; }
    QDialogButtonBox* buttons() const { return buttons_; }

private:
    void validate();

    QLineEdit* me_;
    QCheckBox* incognito_;
    QListWidget* list_;
    QDialogButtonBox* buttons_;
    bool needsMe_ = false;
};

}  // namespace tl
