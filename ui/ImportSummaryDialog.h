#pragma once

#include <QDialog>

#include "importers/ImportReport.h"

class QLabel;
class QTableWidget;
class QListWidget;

namespace tl {

// What an import did, shown once it ends: one headline, the counts (new, already there,
// rejected, skipped and why), what was added and merged, each file with its format and outcome,
// and the first problems quoted with file and line. "Copy Report" puts the CLI's text on the
// clipboard, so a problem can be pasted into a bug report.
class ImportSummaryDialog : public QDialog {
    Q_OBJECT
public:
    explicit ImportSummaryDialog(const ImportReport& report, QWidget* parent = nullptr);

    // The one line the status bar shows after an import (also the dialog's headline).
    static QString headline(const ImportReport& report);

    QTableWidget* filesTable() const { return files_; }
    QListWidget* problemsList() const { return problems_; }

private:
    QTableWidget* files_;
    QListWidget* problems_;
};

}  // namespace tl
