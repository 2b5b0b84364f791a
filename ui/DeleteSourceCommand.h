#pragma once

#include <QUndoCommand>
#include <functional>

#include "catalog/Catalog.h"

namespace tl {

// Edit > Undo's record of a deleted imported source. The rows move in a job the window runs
// (`apply(id, true)` deletes, `apply(id, false)` restores), so the command holds only the id.
class DeleteSourceCommand : public QUndoCommand {
public:
    using Apply = std::function<void(Id id, bool remove)>;
    DeleteSourceCommand(Id id, const QString& label, Apply apply);
    void redo() override { apply_(id_, true); }
    void undo() override { apply_(id_, false); }

private:
    Id id_;
    Apply apply_;
};

}  // namespace tl
