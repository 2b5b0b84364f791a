#pragma once

#include <QDialog>

#include "importers/ImportReport.h"

class QGroupBox;
class QLabel;
class QTableWidget;
class QListWidget;

namespace tl {

struct MatchReport;

// What an import did, shown once it ends: one headline, the counts (new, already there,
// rejected, skipped and why), what was added and merged, each file with its format and outcome,
// and the first problems quoted with file and line; with setMatchReport(), how much of my
// history and music folder matches the other listeners' (core/store/MatchReport), in the words
// `tastelab-cli import` prints. "Copy Report" puts the CLI's text on the clipboard, so a problem
// can be pasted into a bug report.
class ImportSummaryDialog : public QDialog {
    Q_OBJECT
public:
    explicit ImportSummaryDialog(const ImportReport& report, QWidget* parent = nullptr);

    // The one line the status bar shows after an import (also the dialog's headline).
    static QString headline(const ImportReport& report);

    // Shows the match report above the files (hidden until set); Copy Report copies it too.
    void setMatchReport(const MatchReport& match);

    QTableWidget* filesTable() const { return files_; }
    QListWidget* problemsList() const { return problems_; }
    QLabel* matchLabel() const { return match_; }

private:
    QTableWidget* files_;
    QListWidget* problems_;
    QGroupBox* matchBox_;
    QLabel* match_;
    QString text_;  // what Copy Report copies
};

}  // namespace tl
