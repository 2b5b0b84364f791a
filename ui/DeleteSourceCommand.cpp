#include "DeleteSourceCommand.h"

#include <QCoreApplication>

namespace tl {

DeleteSourceCommand::DeleteSourceCommand(Id id, const QString& label, Apply apply)
    : id_(id), apply_(std::move(apply)) {
    // QUndoStack's actions read "Undo <text>" and "Redo <text>".
    setText(QCoreApplication::translate("DeleteSourceCommand", "Delete Source “%1”").arg(label));
}

}  // namespace tl
