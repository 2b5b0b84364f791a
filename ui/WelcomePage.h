#pragma once

#include <QWidget>

class QCommandLinkButton;
class QLabel;
class QListWidget;

namespace tl {

class RecentProjects;

// The first-run page, shown whenever no project is open: what Tastelab does, a one-click demo,
// Open and New, and the recent projects (double-click or Enter opens one).
class WelcomePage : public QWidget {
    Q_OBJECT
public:
    explicit WelcomePage(RecentProjects* recent, QWidget* parent = nullptr);

    void setBusy(bool busy);  // while a job runs the demo button waits for it
    void refreshRecent();
    QListWidget* recentList() const { return recentList_; }

Q_SIGNALS:
    void tryDemoRequested();
    void openMyDataRequested();
    void openRequested();
    void newRequested();
    void recentRequested(const QString& path);

private:
    QCommandLinkButton* makeButton(const QString& objectName, const QString& iconName,
                                   const QString& text, const QString& description);

    RecentProjects* recent_;
    QCommandLinkButton* demoButton_;
    QListWidget* recentList_;
    QLabel* recentEmpty_;
    QString demoDescription_;  // the idle description, restored when the job ends
};

}  // namespace tl
