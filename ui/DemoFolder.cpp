#include "DemoFolder.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace tl {

QString freshDemoFolder(const QString& base, quint64 seed) {
    const QDir dir(base);
    const QString stem = QStringLiteral("demo-%1").arg(seed);
    QString candidate = dir.filePath(stem);
    for (int n = 2; QFileInfo::exists(candidate); ++n)
        candidate = dir.filePath(QStringLiteral("%1-%2").arg(stem).arg(n));
    return candidate;
}

QString demoFolderBase() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
        .filePath(QCoreApplication::applicationName());
}

QStringList demoFolderBases() {
    QStringList bases{demoFolderBase()};
    const QString legacy = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (QDir::cleanPath(legacy) != QDir::cleanPath(bases.front())) bases << legacy;
    return bases;
}

QString defaultDemoFolder(quint64 seed) {
    return freshDemoFolder(demoFolderBase(), seed);
}

}  // namespace tl
