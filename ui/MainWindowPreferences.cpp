// Edit > Preferences: the dialog, and what the window does once it applied (colours at once; a
// header that says which trained model the new settings made out of date).
#include <QStatusBar>

#include "BlendPanel.h"
#include "ColorScheme.h"
#include "MainWindow.h"
#include "PreferencesDialog.h"
#include "WorkspacePage.h"
#include "store/ModelSettings.h"

namespace tl {

void MainWindow::showPreferences() {
    // Window-modal and non-blocking (open(), not exec()): tests drive it like any window.
    auto* dialog = new PreferencesDialog(store_.get(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &PreferencesDialog::applied, this,
            [this](bool projectChanged, bool applicationChanged) {
                if (applicationChanged) applyColorScheme(savedColorScheme());
                if (projectChanged && store_) {
                    refreshWorkspace();  // the header marks models trained with other settings
                    // The blend is the sliders' as well: they show what was saved.
                    showProjectBlend(true);
                    statusBar()->showMessage(
                        tr("Project settings saved; models trained with other settings are "
                           "recomputed on their next training."),
                        10000);
                }
            });
    dialog->open();
}

}  // namespace tl
