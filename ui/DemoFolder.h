#pragma once

#include <QString>

namespace tl {

// Where "Try the demo" writes its world: <AppDataLocation>/demo-<seed>, or demo-<seed>-2, -3, …
// when that folder already exists, so a second try never mixes into (or refuses to overwrite)
// an earlier world the user may still be using.
QString freshDemoFolder(const QString& base, quint64 seed);
QString defaultDemoFolder(quint64 seed);  // freshDemoFolder under AppDataLocation

}  // namespace tl
