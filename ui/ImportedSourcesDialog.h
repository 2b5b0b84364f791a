#pragma once

#include <QDialog>
#include <vector>

#include "store/ImportRecords.h"

class QLabel;
class QPushButton;
class QTreeWidget;

namespace tl {

// File > Imported Sources: every history the project was given (one row per import run, with
// what it brought now), and Delete for the one that should not be there. The window asks
// (deleteRequested) and shows; the deletion runs as a job and Edit > Undo puts it back.
class ImportedSourcesDialog : public QDialog {
    Q_OBJECT
public:
    explicit ImportedSourcesDialog(QWidget* parent = nullptr);

    void setRecords(const std::vector<ImportRecord>& records);
    // A job is running: nothing can be deleted meanwhile (one job at a time).
    void setBusy(bool busy);
    // Selects the row of source `id`; false when it is not listed.
    bool selectSource(Id id);

    QTreeWidget* table() const { return table_; }
    QPushButton* deleteButton() const { return delete_; }

Q_SIGNALS:
    void deleteRequested(tl::Id id, const QString& label, qint64 listens, qint64 playCounts);

private:
    void updateButtons();
    void requestDelete();

    QTreeWidget* table_;
    QLabel* summary_;
    QPushButton* delete_;
    bool busy_ = false;
};

}  // namespace tl
