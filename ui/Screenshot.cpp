#include "Screenshot.h"

#include <QApplication>
#include <QPixmap>
#include <QPointer>
#include <QTimer>
#include <QWidget>
#include <cstdio>

namespace tl {

void saveScreenshotLater(QWidget* window, const QString& path, int delayMs) {
    QPointer<QWidget> target(window);
    QTimer::singleShot(delayMs, qApp, [target, path] {
        int code = 1;
        if (target && target->grab().save(path, "PNG")) {
            std::fprintf(stderr, "tastelab: screenshot saved to %s\n", qPrintable(path));
            code = 0;
        } else {
            std::fprintf(stderr, "tastelab: could not save a screenshot to %s\n", qPrintable(path));
        }
        QApplication::exit(code);
    });
}

}  // namespace tl
