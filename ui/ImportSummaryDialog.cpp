#include "ImportSummaryDialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "Format.h"
#include "store/MatchReport.h"

namespace tl {

namespace {

QString number(qint64 n) {
    return QLocale().toString(n);
}

QLabel* valueLabel(const QString& text, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

QTableWidgetItem* numberItem(qint64 n) {
    auto* item = new QTableWidgetItem;
    item->setData(Qt::DisplayRole, n);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

}  // namespace

QString ImportSummaryDialog::headline(const ImportReport& report) {
    // Every file, also those past the report's list.
    const qint64 histories = report.filesWithStatus(QStringLiteral("imported"));
    if (!report.anythingValid())
        return tr("Nothing was imported: none of the %1 held listens Tastelab could read.")
            .arg(countText(report.filesTotal, tr("file"), tr("files")));
    QString text =
        tr("Imported %1 from %2 of %3.")
            .arg(countText(report.totals.listensImported, tr("new listen"), tr("new listens")))
            .arg(histories)
            .arg(countText(report.filesTotal, tr("file"), tr("files")));
    if (report.totals.rowsRejected > 0)
        text +=
            QLatin1Char(' ') +
            (report.totals.rowsRejected == 1
                 ? tr("1 malformed row was rejected.")
                 : tr("%1 malformed rows were rejected.").arg(number(report.totals.rowsRejected)));
    return text;
}

ImportSummaryDialog::ImportSummaryDialog(const ImportReport& report, QWidget* parent)
    : QDialog(parent) {
    setObjectName(QStringLiteral("importSummary"));
    setWindowTitle(tr("Import Summary"));

    auto* title =
        new QLabel(QStringLiteral("<b>%1</b>").arg(headline(report).toHtmlEscaped()), this);
    title->setObjectName(QStringLiteral("importHeadline"));
    title->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("New listens:"), valueLabel(number(report.totals.listensImported), this));
    form->addRow(tr("Already in the project:"),
                 valueLabel(number(report.totals.listensDuplicate), this));
    form->addRow(tr("Malformed rows rejected:"),
                 valueLabel(number(report.totals.rowsRejected), this));
    QStringList why;
    for (const auto& [reason, n] : report.totals.skippedBy)
        why << QStringLiteral("%1 %2").arg(number(n), reason);
    form->addRow(tr("Skipped (not music):"),
                 valueLabel(why.isEmpty() ? number(report.totals.rowsSkipped)
                                          : tr("%1 (%2)").arg(number(report.totals.rowsSkipped),
                                                              why.join(QStringLiteral(", "))),
                            this));
    form->addRow(
        tr("Added:"),
        valueLabel(tr("%1, %2, %3; %4")
                       .arg(countText(report.usersAdded, tr("user"), tr("users")),
                            countText(report.artistsAdded, tr("artist"), tr("artists")),
                            countText(report.tracksAdded, tr("track"), tr("tracks")),
                            countText(report.mergesAdded, tr("differently written name merged"),
                                      tr("differently written names merged"))),
                   this));
    form->addRow(
        tr("The project now holds:"),
        valueLabel(tr("%1, %2, %3, %4")
                       .arg(countText(report.project.users, tr("user"), tr("users")),
                            countText(report.project.artists, tr("artist"), tr("artists")),
                            countText(report.project.tracks, tr("track"), tr("tracks")),
                            countText(report.project.listens, tr("listen"), tr("listens"))),
                   this));
    if (!report.me.isEmpty()) form->addRow(tr("Me:"), valueLabel(report.me, this));

    // The report lists the first files read; one more row says what the others were.
    const int listed = int(report.files.size());
    files_ = new QTableWidget(listed + (report.filesNotListed() > 0 ? 1 : 0), 7, this);
    files_->setObjectName(QStringLiteral("importFiles"));
    files_->setHorizontalHeaderLabels({tr("File"), tr("Format"), tr("Outcome"), tr("New"),
                                       tr("Already there"), tr("Rejected"), tr("Note")});
    files_->verticalHeader()->hide();
    files_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    files_->setSelectionBehavior(QAbstractItemView::SelectRows);
    files_->setWordWrap(false);
    for (int row = 0; row < listed; ++row) {
        const FileReport& f = report.files[size_t(row)];
        auto* name = new QTableWidgetItem(QFileInfo(f.path).fileName());
        name->setToolTip(QDir::toNativeSeparators(f.path));
        files_->setItem(row, 0, name);
        files_->setItem(row, 1, new QTableWidgetItem(f.format));
        files_->setItem(row, 2, new QTableWidgetItem(f.status));
        files_->setItem(row, 3, numberItem(f.counts.listensImported));
        files_->setItem(row, 4, numberItem(f.counts.listensDuplicate));
        files_->setItem(row, 5, numberItem(f.counts.rowsRejected));
        auto* note = new QTableWidgetItem(f.note);
        note->setToolTip(f.note);
        files_->setItem(row, 6, note);
    }
    if (report.filesNotListed() > 0) {
        QStringList byStatus;
        for (const auto& [status, n] : report.unlistedByStatus())
            byStatus << QStringLiteral("%1 %2").arg(number(n), status);
        auto* more = new QTableWidgetItem(
            report.filesNotListed() == 1
                ? tr("… and 1 more file")
                : tr("… and %1 more files").arg(number(report.filesNotListed())));
        QStringList why;
        for (const auto& [reason, n] : report.filesByReason)
            why << QStringLiteral("%1: %2").arg(number(n), reason);
        more->setToolTip(tr("Files not imported, by reason:\n%1").arg(why.join(QLatin1Char('\n'))));
        files_->setItem(listed, 0, more);
        files_->setItem(listed, 2, new QTableWidgetItem(byStatus.join(QStringLiteral(", "))));
    }
    files_->resizeColumnsToContents();
    // A long note would push its header out of sight; its tooltip has the whole text.
    files_->setColumnWidth(6, fontMetrics().averageCharWidth() * 40);
    files_->horizontalHeader()->setStretchLastSection(true);

    problems_ = new QListWidget(this);
    problems_->setObjectName(QStringLiteral("importProblems"));
    for (const ImportProblem& p : report.problems) {
        // The file's name reads better in a list; its whole path is in the tooltip.
        const QString name = QFileInfo(p.file).fileName();
        const QString where = p.line > 0 ? QStringLiteral("%1:%2").arg(name).arg(p.line) : name;
        auto* item = new QListWidgetItem(QStringLiteral("%1 — %2").arg(where, p.reason), problems_);
        item->setToolTip(QStringLiteral("%1\n%2").arg(QDir::toNativeSeparators(p.file), p.reason));
    }
    if (report.problemCount > qint64(report.problems.size()))
        new QListWidgetItem(
            tr("… and %1 more").arg(number(report.problemCount - qint64(report.problems.size()))),
            problems_);
    auto* problemsTitle = new QLabel(report.problemCount == 0
                                         ? tr("No problems.")
                                         : tr("Problems (%1), the first quoted with file and line:")
                                               .arg(number(report.problemCount)),
                                     this);

    // Before any training: how my plays and files meet the other listeners'.
    matchBox_ = new QGroupBox(this);
    matchBox_->setObjectName(QStringLiteral("importMatch"));
    match_ = valueLabel(QString(), matchBox_);
    match_->setObjectName(QStringLiteral("importMatchText"));
    match_->setTextFormat(Qt::RichText);
    (new QVBoxLayout(matchBox_))->addWidget(match_);
    matchBox_->hide();

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton* copy = buttons->addButton(tr("Copy Report"), QDialogButtonBox::ActionRole);
    text_ = report.toText();
    connect(copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(text_); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addLayout(form);
    for (const QString& note : report.notes) {
        auto* label = new QLabel(tr("Note: %1").arg(note), this);
        label->setWordWrap(true);
        layout->addWidget(label);
    }
    layout->addWidget(matchBox_);
    layout->addWidget(files_, 2);
    layout->addWidget(problemsTitle);
    problems_->setVisible(report.problemCount > 0);
    layout->addWidget(problems_, 1);
    layout->addWidget(buttons);
    resize(fontMetrics().averageCharWidth() * 140, fontMetrics().height() * 34);
}

void ImportSummaryDialog::setMatchReport(const MatchReport& match) {
    // The CLI's lines: the first names the box; the verdict (the last) comes first, in bold,
    // because it says what the figures mean; then the figures.
    const QStringList lines = match.lines();
    QString heading = lines.value(0).trimmed();
    if (heading.endsWith(QLatin1Char(':'))) heading.chop(1);
    matchBox_->setTitle(heading);
    QStringList html{QStringLiteral("<b>%1</b>").arg(lines.last().trimmed().toHtmlEscaped())};
    for (qsizetype i = 1; i + 1 < lines.size(); ++i) html << lines[i].trimmed().toHtmlEscaped();
    match_->setText(html.join(QStringLiteral("<br>")));
    matchBox_->show();
    if (!text_.endsWith(QLatin1Char('\n'))) text_ += QLatin1Char('\n');
    text_ += lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
    resize(width(), height() + match_->sizeHint().height() + fontMetrics().height() * 2);
}

}  // namespace tl
