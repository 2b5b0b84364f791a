#pragma once

#include <QString>

class QWidget;

namespace tl {

// Saves `window` as a PNG after `delayMs` (time for layouts and a first paint) and quits the
// application: how the docs' screenshots are made under Xvfb (TASTELAB_SCREENSHOT=path).
void saveScreenshotLater(QWidget* window, const QString& path, int delayMs);

}  // namespace tl
