// Engine errors as the desktop app says them. The core reports what is wrong and, as a Remedy
// (core/job/Status.h), what would fix it; here each remedy is worded as this app's own menu item,
// button or setting, as tastelab-cli words it as its command or flag (app/cli/Cli.cpp). No text
// written for the command line reaches a person using the window.
#pragma once

#include <QString>

#include "job/Status.h"

namespace tl {

// One sentence naming the app's action for `remedy` ("Train it with Models > Train …"); empty
// for Remedy::None.
QString remedyForGui(Remedy remedy);
// The status's message, then its remedy: what the app shows in error boxes, the status bar and
// the Jobs list.
QString messageForGui(const Status& status);

}  // namespace tl
