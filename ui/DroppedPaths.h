#pragma once

#include <QList>
#include <QStringList>
#include <QUrl>

namespace tl {

// What a drop onto the window carries, sorted by what Tastelab does with it: project files are
// opened, history files and music folders go to the import queue. Non-local URLs are ignored.
struct DroppedPaths {
    QStringList projects;  // *.tastelab files
    QStringList files;     // anything else that is a file
    QStringList folders;   // directories: music folders

    bool isEmpty() const { return projects.isEmpty() && files.isEmpty() && folders.isEmpty(); }
};

DroppedPaths classifyDroppedUrls(const QList<QUrl>& urls);
bool isProjectFile(const QString& path);

}  // namespace tl
