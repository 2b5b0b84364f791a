#include "HintPanel.h"

#include <QLabel>
#include <QVBoxLayout>

namespace tl {

HintPanel::HintPanel(QWidget* parent) : HintPanel(QString(), QString(), parent) {}

HintPanel::HintPanel(const QString& title, const QString& body, QWidget* parent) : QFrame(parent) {
    setFrameShape(QFrame::StyledPanel);
    setFrameShadow(QFrame::Sunken);
    setMinimumSize(160, 90);

    title_ = new QLabel(this);
    title_->setObjectName(QStringLiteral("hintTitle"));
    title_->setAlignment(Qt::AlignCenter);
    title_->setWordWrap(true);
    QFont titleFont = title_->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setBold(true);
    title_->setFont(titleFont);

    body_ = new QLabel(this);
    body_->setObjectName(QStringLiteral("hintBody"));
    body_->setAlignment(Qt::AlignCenter);
    body_->setWordWrap(true);
    body_->setTextFormat(Qt::PlainText);
    // The palette's placeholder colour is the theme's own "secondary text" in light and dark
    // themes alike, so the hint reads as a hint without a hard-coded grey.
    // A role, not a copied colour, so it follows a switch between light and dark.
    body_->setForegroundRole(QPalette::PlaceholderText);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 16, 24, 16);
    layout->addStretch(1);
    layout->addWidget(title_);
    layout->addSpacing(6);
    layout->addWidget(body_);
    layout->addStretch(1);

    setHint(title, body);
}

void HintPanel::setHint(const QString& title, const QString& body) {
    title_->setText(title);
    title_->setVisible(!title.isEmpty());
    body_->setText(body);
    body_->setVisible(!body.isEmpty());
}

QString HintPanel::title() const {
    return title_->text();
}
QString HintPanel::body() const {
    return body_->text();
}

}  // namespace tl
