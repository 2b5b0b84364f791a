#pragma once

#include <QFrame>

class QLabel;

namespace tl {

// What an area shows while it has nothing to show: a title saying what will appear there and
// a line saying what to do to get it. No area of the window is ever a blank box.
class HintPanel : public QFrame {
    Q_OBJECT
public:
    explicit HintPanel(QWidget* parent = nullptr);
    HintPanel(const QString& title, const QString& body, QWidget* parent = nullptr);

    void setHint(const QString& title, const QString& body);
    QString title() const;
    QString body() const;

private:
    QLabel* title_;
    QLabel* body_;
};

}  // namespace tl
