#pragma once

#include <QFrame>

class QLabel;

namespace tl {

struct ProjectSnapshot;

// The line above the workspace that says which project is open and what it holds: users,
// artists, tracks, listens and audio files, whether it is a demo world, and which paths are
// waiting for the importers.
class ProjectHeader : public QFrame {
    Q_OBJECT
public:
    explicit ProjectHeader(QWidget* parent = nullptr);

    void showProject(const ProjectSnapshot& snapshot);
    QString countsText() const;
    QString pendingText() const;

private:
    QLabel* name_;
    QLabel* badge_;
    QLabel* counts_;
    QLabel* pending_;
    QLabel* models_;
};

}  // namespace tl
