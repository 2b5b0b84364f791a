#pragma once

#include <QLabel>

namespace tl {

// A one-line label that shortens its text with "…" to the width it gets, and then shows the
// whole text as its tooltip: long titles and paths never push a layout wider or get cut off
// mid-letter.
class ElidedLabel : public QLabel {
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget* parent = nullptr);

    void setFullText(const QString& text);
    const QString& fullText() const { return full_; }
    // Middle (the default) keeps both ends of a path: its folder and its file name.
    void setElideMode(Qt::TextElideMode mode);
    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void elide();
    QString full_;
    Qt::TextElideMode mode_ = Qt::ElideMiddle;
};

}  // namespace tl
