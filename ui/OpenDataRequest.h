#pragma once

#include <QString>
#include <QStringList>

namespace tl {

// Everything "Open my data" needs to make a project from a person's own files: what the wizard
// (OpenDataWizard) collects and MainWindow::openMyData() carries out.
struct OpenDataRequest {
    QStringList histories;  // history files, export folders and archives (.zip, .tar.gz)
    QString musicFolder;    // optional: scanned after the import
    QString textFolder;     // optional: the text model's corpus folder (text.corpus_dirs)
    QString me;             // whose history the exports that name nobody are
    bool includeIncognito = false;
    QString projectPath;  // the new .tastelab file; must not exist yet
};

}  // namespace tl
