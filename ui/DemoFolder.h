#pragma once

#include <QString>
#include <QStringList>

namespace tl {

// Where "Try the demo" writes its world: <data folder>/demo-<seed>, or demo-<seed>-2, -3, …
// when that folder already exists, so a second try never mixes into (or refuses to overwrite)
// an earlier world the user may still be using.
QString freshDemoFolder(const QString& base, quint64 seed);
QString defaultDemoFolder(quint64 seed);  // freshDemoFolder under demoFolderBase()

// The application's own data folder: <GenericDataLocation>/<application name>, e.g.
// ~/.local/share/Tastelab. (AppDataLocation appends the organisation name as well, which is
// also "Tastelab": …/Tastelab/Tastelab.)
QString demoFolderBase();
// Where to look for an earlier demo to reopen: demoFolderBase() first, then the
// AppDataLocation earlier versions wrote to, when it differs.
QStringList demoFolderBases();

}  // namespace tl
