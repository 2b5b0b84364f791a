#include "ImportDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include "Format.h"

namespace tl {

ImportDialog::ImportDialog(const QStringList& histories, const QStringList& musicFolders,
                           const QString& suggestedMe, QWidget* parent)
    : QDialog(parent) {
    setObjectName(QStringLiteral("importDialog"));
    setWindowTitle(tr("Import"));

    QStringList what;
    if (!histories.isEmpty())
        what << countText(histories.size(), tr("listening history"), tr("listening histories"));
    if (!musicFolders.isEmpty())
        what << countText(musicFolders.size(), tr("music folder"), tr("music folders"));
    auto* intro = new QLabel(tr("<b>Import %1 into this project.</b> Listens already in the "
                                "project are not added twice; nothing is lost if the import "
                                "is cancelled.")
                                 .arg(what.join(tr(" and "))),
                             this);
    intro->setWordWrap(true);

    list_ = new QListWidget(this);
    list_->setObjectName(QStringLiteral("importPaths"));
    for (const QString& path : histories) {
        auto* item = new QListWidgetItem(QDir::toNativeSeparators(path), list_);
        item->setToolTip(tr("Read as a listening history (format detected from its content)"));
    }
    for (const QString& path : musicFolders) {
        auto* item = new QListWidgetItem(
            tr("%1  (music folder)").arg(QDir::toNativeSeparators(path)), list_);
        item->setToolTip(tr("Scanned for audio files and their tags"));
    }
    list_->setMaximumHeight(fontMetrics().height() * 7);

    me_ = new QLineEdit(suggestedMe, this);
    me_->setObjectName(QStringLiteral("importMe"));
    me_->setPlaceholderText(tr("Your name in this project"));
    me_->setToolTip(
        tr("Spotify and Last.fm exports do not say whose they are: their listens "
           "go to this user, who is marked as “me” for the weekly playlist. "
           "ListenBrainz and research data sets keep the users they name."));
    incognito_ = new QCheckBox(tr("Count plays from Spotify private sessions"), this);
    incognito_->setObjectName(QStringLiteral("importIncognito"));
    incognito_->setToolTip(
        tr("Spotify keeps private-session plays out of your taste profile; "
           "so does Tastelab unless this is ticked."));

    auto* form = new QFormLayout;
    form->addRow(tr("Whose history:"), me_);
    form->addRow(QString(), incognito_);

    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("Import"));
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(me_, &QLineEdit::textChanged, this, &ImportDialog::validate);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(list_);
    if (!histories.isEmpty()) layout->addLayout(form);
    layout->addWidget(buttons_);
    needsMe_ = !histories.isEmpty();
    me_->setVisible(needsMe_);
    incognito_->setVisible(needsMe_);
    resize(fontMetrics().averageCharWidth() * 80, sizeHint().height());
    validate();
}

QString ImportDialog::me() const {
    return me_->text().trimmed();
}

bool ImportDialog::includeIncognito() const {
    return incognito_->isChecked();
}

void ImportDialog::validate() {
    // A history import needs a name for exports that do not carry one; a folder-only import
    // does not.
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(!needsMe_ || !me().isEmpty());
}

}  // namespace tl
