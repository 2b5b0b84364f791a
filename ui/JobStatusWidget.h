#pragma once

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace tl {

class ElidedLabel;
class JobRunner;
class Status;

// The status bar's view of the running job: what it is doing, how far it got, how long it has
// run, and a Cancel button. It follows a JobRunner's signals and hides itself when idle, so the
// status bar only carries it while there is something to watch.
class JobStatusWidget : public QWidget {
    Q_OBJECT
public:
    explicit JobStatusWidget(JobRunner* runner, QWidget* parent = nullptr);

    QProgressBar* progressBar() const { return bar_; }
    QPushButton* cancelButton() const { return cancel_; }
    QString text() const;  // the full job title and message (the label may be elided)

private:
    void onStarted(const QString& title);
    void onProgress(double fraction, const QString& message);
    void onFinished(const Status& status, double seconds);
    void requestCancel();
    void updateLabel();
    void updateElapsed();

    JobRunner* runner_;
    ElidedLabel* label_;
    QProgressBar* bar_;
    QLabel* elapsed_;
    QPushButton* cancel_;
    QTimer tick_;
    QElapsedTimer clock_;
    QString title_;
    QString message_;
};

}  // namespace tl
