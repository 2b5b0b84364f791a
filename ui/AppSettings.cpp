#include "AppSettings.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace tl {

std::unique_ptr<QSettings> openAppSettings() {
    return std::make_unique<QSettings>(QStringLiteral("Tastelab"), QStringLiteral("Tastelab"));
}

QString lastDirectory() {
    const QString saved = openAppSettings()->value(settings_key::kLastDirectory).toString();
    if (!saved.isEmpty() && QFileInfo(saved).isDir()) return saved;
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return documents.isEmpty() ? QDir::homePath() : documents;
}

void rememberDirectory(const QString& directory) {
    if (directory.isEmpty()) return;
    openAppSettings()->setValue(settings_key::kLastDirectory, QDir::cleanPath(directory));
}

int workerThreads() {
    const int threads = openAppSettings()->value(settings_key::kWorkerThreads, 0).toInt();
    return threads >= 0 && threads <= kMaxWorkerThreads ? threads : 0;
}

void setWorkerThreads(int threads) {
    openAppSettings()->setValue(settings_key::kWorkerThreads,
                                threads >= 0 && threads <= kMaxWorkerThreads ? threads : 0);
}

}  // namespace tl
