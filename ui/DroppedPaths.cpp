#include "DroppedPaths.h"

#include <QFileInfo>

namespace tl {

bool isProjectFile(const QString& path) {
    return path.endsWith(QStringLiteral(".tastelab"), Qt::CaseInsensitive);
}

DroppedPaths classifyDroppedUrls(const QList<QUrl>& urls) {
    DroppedPaths out;
    for (const QUrl& url : urls) {
        if (!url.isLocalFile()) continue;
        const QFileInfo info(url.toLocalFile());
        if (!info.exists()) continue;
        const QString path = info.absoluteFilePath();
        if (info.isDir())
            out.folders << path;
        else if (isProjectFile(path))
            out.projects << path;
        else
            out.files << path;
    }
    return out;
}

}  // namespace tl
