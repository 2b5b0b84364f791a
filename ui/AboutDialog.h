#pragma once

#include <QDialog>

class QLabel;

namespace tl {

// Help ▸ About Tastelab: the name, version, licence, the papers the three models follow (with
// their references) and the Qt it runs on. A dialog of its own rather than QMessageBox::about
// so the references can be selected and copied, and tests can read and grab it.
class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);

    // The rich text shown (also what tests check).
    static QString text();
    // "No licence published yet …" while TASTELAB_LICENSE is LicenseRef-proprietary, else the
    // SPDX identifier.
    static QString licenceText();

    QLabel* textLabel() const { return text_; }

private:
    QLabel* text_;
};

}  // namespace tl
