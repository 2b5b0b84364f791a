#include "RecentProjects.h"

#include <QFileInfo>

#include "AppSettings.h"

namespace tl {
namespace {
// The same file reached through different spellings ("a/../b", a symlink) is one entry.
QString canonical(const QString& path) {
    const QFileInfo info(path);
    const QString resolved = info.canonicalFilePath();
    return resolved.isEmpty() ? info.absoluteFilePath() : resolved;
}
}  // namespace

RecentProjects::RecentProjects(QObject* parent) : QObject(parent) {}

QStringList RecentProjects::stored() const {
    if (!cache_) cache_ = openAppSettings()->value(settings_key::kRecentProjects).toStringList();
    return *cache_;
}

void RecentProjects::store(const QStringList& paths) const {
    cache_ = paths;
    openAppSettings()->setValue(settings_key::kRecentProjects, paths);
}

QStringList RecentProjects::paths() const {
    const QStringList all = stored();
    QStringList existing;
    for (const QString& path : all)
        if (QFileInfo(path).isFile()) existing << path;
    if (existing.size() != all.size()) store(existing);
    return existing;
}

void RecentProjects::add(const QString& path) {
    const QString entry = canonical(path);
    QStringList list = stored();
    list.removeAll(entry);
    list.prepend(entry);
    while (list.size() > kMaxEntries) list.removeLast();
    store(list);
    Q_EMIT changed();
}

void RecentProjects::remove(const QString& path) {
    QStringList list = stored();
    if (list.removeAll(canonical(path)) + list.removeAll(path) == 0) return;
    store(list);
    Q_EMIT changed();
}

void RecentProjects::clear() {
    store({});
    Q_EMIT changed();
}

}  // namespace tl
