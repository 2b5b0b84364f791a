#pragma once

#include <QObject>
#include <QStringList>
#include <optional>

namespace tl {

// The recently opened projects, newest first, kept in the app settings so they survive a
// restart. Files that no longer exist are pruned whenever the list is read for display, so
// the menu and the welcome page never offer a dead entry.
class RecentProjects : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxEntries = 8;

    explicit RecentProjects(QObject* parent = nullptr);

    QStringList paths() const;  // existing files only; rewrites the stored list when it prunes
    void add(const QString& path);
    void remove(const QString& path);
    void clear();

Q_SIGNALS:
    void changed();

private:
    QStringList stored() const;
    void store(const QStringList& paths) const;  // the settings, and the copy below
    // The list as last read or written: opening the settings file for every read would cost
    // the window milliseconds each time a project opens (the menu and the welcome page read it).
    mutable std::optional<QStringList> cache_;
};

}  // namespace tl
