#pragma once

#include <QFrame>
#include <vector>

#include "store/TrainingJournal.h"

class QLabel;
class QPushButton;

namespace tl {

// A strip above the workspace saying that a training was interrupted (the app was killed or
// crashed while it ran) and which models the project still shows, with Resume and Dismiss. It
// is not modal: the rest of the window works while it is there. One entry at a time, oldest
// first; when one is resumed or dismissed the next appears, and the strip hides after the last.
class InterruptedTrainingBanner : public QFrame {
    Q_OBJECT
public:
    explicit InterruptedTrainingBanner(QWidget* parent = nullptr);

    void setEntries(std::vector<TrainingJournalEntry> entries);  // hides when empty
    void clear() { setEntries({}); }
    // The entry shown (the first of those left); null when the banner is hidden.
    const TrainingJournalEntry* current() const {
        return entries_.empty() ? nullptr : &entries_.front();
    }
    QString text() const;
    QPushButton* resumeButton() const { return resume_; }
    QPushButton* dismissButton() const { return dismiss_; }
    void removeCurrent();  // shows the next entry, or hides

    // "Training the audio model was interrupted at 14:02. The model from 13:40 is shown."
    static QString describe(const TrainingJournalEntry& entry);

Q_SIGNALS:
    void resumeRequested(const QString& job);
    void dismissRequested(const QString& job);

private:
    void showCurrent();

    std::vector<TrainingJournalEntry> entries_;
    QLabel* label_;
    QPushButton* resume_;
    QPushButton* dismiss_;
};

}  // namespace tl
