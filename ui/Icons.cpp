#include "Icons.h"

#include <QFile>

// The resources live in a static library: the linker would drop them unless something refers
// to their initialiser, so the first icon request pulls them in.
static void ensureResources() {
    static const bool loaded = [] {
        Q_INIT_RESOURCE(tastelab);
        return true;
    }();
    (void)loaded;
}

namespace tl {

QIcon appIcon() {
    return actionIcon(QStringLiteral("tastelab"));
}

QIcon actionIcon(const QString& name) {
    ensureResources();
    const QString path = QStringLiteral(":/icons/%1.svg").arg(name);
    return QFile::exists(path) ? QIcon(path) : QIcon();
}

}  // namespace tl
