#pragma once

#include <QIcon>
#include <QString>

namespace tl {

// Icons drawn for Tastelab, from resources/icons/*.svg. They need Qt's SVG icon engine
// (Debian: libqt6svg6) at run time; without it they come back null and every place that shows
// one also shows text, so nothing is left unlabelled.
QIcon appIcon();
QIcon actionIcon(const QString& name);  // "new", "open", "import", "music-folder", …

}  // namespace tl
