#include "UserGuideDialog.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "Icons.h"

namespace tl {

QString UserGuideDialog::markdown() {
    appIcon();  // pulls in the static library's resources (see Icons.cpp)
    QFile file(QStringLiteral(":/help/user-guide.md"));
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QString::fromUtf8(file.readAll());
}

UserGuideDialog::UserGuideDialog(QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("userGuideDialog"));
    setWindowTitle(tr("Tastelab User Guide"));

    browser_ = new QTextBrowser(this);
    browser_->setObjectName(QStringLiteral("userGuideBrowser"));
    browser_->setOpenExternalLinks(true);
    browser_->setMarkdown(markdown());
    browser_->document()->setDocumentMargin(16);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(browser_);
    layout->addWidget(buttons);
    resize(760, 680);
}

}  // namespace tl
