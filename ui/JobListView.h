#pragma once

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace tl {

class StageQueue;

// One row per stage of a queued run ("Try the demo", Train All): waiting, running with its
// progress, message and an estimate of the time left, done with its time and outcome, failed
// or not run with the reason, cancelled. It only draws the StageQueue the window owns; the
// Cancel button asks the window to stop the run.
class JobListView : public QWidget {
    Q_OBJECT
public:
    explicit JobListView(QWidget* parent = nullptr);

    // Shows `queue` (not owned; null clears the list) under `title`.
    void setQueue(const StageQueue* queue, const QString& title);
    // Re-reads the queue; `message` is the running stage's latest progress text.
    void refresh(const QString& message = {});

    QTreeWidget* list() const { return list_; }
    QPushButton* cancelButton() const { return cancel_; }
    QString summaryText() const;
    QString title() const { return title_; }  // the run's ("Train All"); empty without one
    // The texts of one row: stage, state, time, details (for tests).
    QStringList rowTexts(int row) const;

Q_SIGNALS:
    void cancelRequested();

private:
    const StageQueue* queue_ = nullptr;
    QLabel* summary_;
    QTreeWidget* list_;
    QPushButton* cancel_;
    QTimer tick_;               // the running row's clock and estimate move every second
    QElapsedTimer stageClock_;  // since the running stage started
    QString runningId_;
    QString runningMessage_;
    QString title_;
};

}  // namespace tl
