#pragma once

#include <QDialog>

class QTextBrowser;

namespace tl {

// Help ▸ User Guide: docs/user-guide.md (compiled in as :/help/user-guide.md) in a text
// browser. Not modal, so the guide can stay open beside the window it describes.
class UserGuideDialog : public QDialog {
    Q_OBJECT
public:
    explicit UserGuideDialog(QWidget* parent = nullptr);

    static QString markdown();  // the guide's source; empty if the resource is missing
    QTextBrowser* browser() const { return browser_; }

private:
    QTextBrowser* browser_;
};

}  // namespace tl
