#pragma once

#include <QFrame>
#include <QPointer>
#include <functional>
#include <vector>

class QLabel;
class QPushButton;

namespace tl {

// One step of a guided tour: what to say, which view it is about, and what to do first so the
// view shows it (switch a tab, select a track).
struct TourStep {
    QString title;
    QString text;
    std::function<QWidget*()> target;  // the view the callout sits beside
    std::function<void()> prepare;     // may be empty
    // When set, the text is asked for after `prepare`, so it says what is on screen then (which
    // map, which track) rather than what was there when the tour started. Replaces `text`.
    std::function<QString()> describe;
};

// The presentation tour: a callout with the step's text placed beside (never over) the view
// it is about, that view ringed, and Back / Next / Close. Esc closes, the arrow keys step.
// A child of the window it tours, so it moves and hides with it.
class TourOverlay : public QFrame {
    Q_OBJECT
public:
    explicit TourOverlay(QWidget* window);

    void start(std::vector<TourStep> steps);
    void next();
    void back();
    int currentStep() const { return current_; }
    int stepCount() const { return int(steps_.size()); }
    QWidget* currentTarget() const { return target_; }
    QString titleText() const;
    QString bodyText() const;
    QPushButton* nextButton() const { return next_; }
    QPushButton* backButton() const { return back_; }

Q_SIGNALS:
    void finished();

protected:
    void keyPressEvent(QKeyEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void show(int step);
    void place();
    void finish();

    std::vector<TourStep> steps_;
    int current_ = -1;
    QPointer<QWidget> target_;
    QWidget* ring_;  // a frame drawn around the target, transparent to the mouse
    QLabel* title_;
    QLabel* body_;
    QLabel* counter_;
    QPushButton* back_;
    QPushButton* next_;
    QPushButton* close_;
};

}  // namespace tl
