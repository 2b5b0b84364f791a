#include "WelcomePage.h"

#include <QCommandLinkButton>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QScrollArea>
#include <QVBoxLayout>

#include "Icons.h"
#include "RecentProjects.h"

namespace tl {
namespace {
constexpr int kColumnWidthChars = 92;  // a readable line length for the explanation
}

WelcomePage::WelcomePage(RecentProjects* recent, QWidget* parent)
    : QWidget(parent), recent_(recent) {
    setObjectName(QStringLiteral("welcomePage"));

    auto* logo = new QLabel;
    logo->setPixmap(appIcon().pixmap(64, 64));
    logo->setFixedSize(64, 64);
    auto* title = new QLabel(tr("Tastelab"));
    title->setObjectName(QStringLiteral("welcomeTitle"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 2.2);
    titleFont.setBold(true);
    title->setFont(titleFont);
    auto* subtitle = new QLabel(tr("A desktop lab for Discover-Weekly-style music recommendation"));
    QFont subtitleFont = subtitle->font();
    subtitleFont.setPointSizeF(subtitleFont.pointSizeF() * 1.15);
    subtitle->setFont(subtitleFont);
    auto* titles = new QVBoxLayout;
    titles->setSpacing(2);
    titles->addWidget(title);
    titles->addWidget(subtitle);
    auto* banner = new QHBoxLayout;
    banner->setSpacing(16);
    banner->addWidget(logo, 0, Qt::AlignTop);
    banner->addLayout(titles, 1);

    auto* explanation = new QLabel(
        tr("Tastelab learns what you like in three ways and shows what each one thinks. "
           "<b>Collaborative filtering</b> finds songs that people with listening histories "
           "like yours play; a <b>text</b> model compares what is written about artists and "
           "tracks; an <b>audio</b> model listens to the sound itself, so even songs nobody "
           "has played yet find their place. Blend the three into a <b>weekly playlist of 30 "
           "tracks</b>, each with an explanation of which model picked it and why, and see "
           "their maps of similar songs and spectrograms along the way."));
    explanation->setObjectName(QStringLiteral("welcomeExplanation"));
    explanation->setWordWrap(true);
    explanation->setTextFormat(Qt::RichText);

    demoButton_ =
        makeButton(QStringLiteral("tryDemoButton"), QStringLiteral("demo"), tr("Try the demo"),
                   tr("Generates a small music world with known genres, listeners, audio and text, "
                      "opens it and trains every model on it, up to your first weekly playlist. "
                      "Takes under a minute."));
    demoButton_->setDefault(true);
    // The first thing a new user should see: a size up from its neighbours.
    QFont demoFont = demoButton_->font();
    demoFont.setPointSizeF(demoFont.pointSizeF() * 1.15);
    demoButton_->setFont(demoFont);
    auto* myDataButton = makeButton(
        QStringLiteral("openMyDataButton"), QStringLiteral("import"), tr("Open my data…"),
        tr("Your listening history (Spotify, Last.fm, ListenBrainz), your music folder and "
           "text about your music, in a few steps; the project is made and imported for you."));
    auto* openButton =
        makeButton(QStringLiteral("openProjectButton"), QStringLiteral("open"), tr("Open project…"),
                   tr("Continue with a .tastelab project file."));
    auto* newButton = makeButton(
        QStringLiteral("newProjectButton"), QStringLiteral("new"), tr("New project…"),
        tr("Start an empty project, then import your listening history and music folder."));

    auto* recentTitle = new QLabel(tr("Recent projects"));
    QFont sectionFont = recentTitle->font();
    sectionFont.setBold(true);
    recentTitle->setFont(sectionFont);
    recentList_ = new QListWidget;
    recentList_->setObjectName(QStringLiteral("recentList"));
    recentList_->setAccessibleName(tr("Recent projects"));
    recentList_->setUniformItemSizes(true);
    // Room for every entry the list can hold (RecentProjects::kMaxEntries) and no more, so
    // the buttons above keep their natural height.
    const int rowHeight = qMax(fontMetrics().height(), 16) + 6;
    recentList_->setMinimumHeight(rowHeight * 3);
    recentList_->setMaximumHeight(rowHeight * RecentProjects::kMaxEntries + 8);
    recentEmpty_ =
        new QLabel(tr("No recent projects yet. Projects you open or create are "
                      "listed here."));
    recentEmpty_->setObjectName(QStringLiteral("recentEmptyHint"));
    recentEmpty_->setWordWrap(true);
    // A role, not a copied colour, so it follows a switch between light and dark.
    recentEmpty_->setForegroundRole(QPalette::PlaceholderText);

    auto* column = new QWidget;
    column->setMaximumWidth(fontMetrics().averageCharWidth() * kColumnWidthChars);
    auto* columnLayout = new QVBoxLayout(column);
    columnLayout->setSpacing(10);
    columnLayout->addLayout(banner);
    columnLayout->addSpacing(6);
    columnLayout->addWidget(explanation);
    columnLayout->addSpacing(6);
    columnLayout->addWidget(demoButton_);
    columnLayout->addWidget(myDataButton);
    columnLayout->addWidget(openButton);
    columnLayout->addWidget(newButton);
    columnLayout->addSpacing(8);
    columnLayout->addWidget(recentTitle);
    columnLayout->addWidget(recentEmpty_);
    columnLayout->addWidget(recentList_);

    // Centred column inside a scroll area: nothing clips on a small screen, and on a large
    // one the text keeps a readable width. More room below than above reads as centred.
    auto* centre = new QWidget;
    auto* row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(column, 6);
    row->addStretch(1);
    auto* centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(24, 24, 24, 24);
    centreLayout->addStretch(1);
    centreLayout->addLayout(row);
    centreLayout->addStretch(2);
    auto* scroll = new QScrollArea;
    scroll->setWidget(centre);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);

    connect(demoButton_, &QCommandLinkButton::clicked, this, &WelcomePage::tryDemoRequested);
    connect(myDataButton, &QCommandLinkButton::clicked, this, &WelcomePage::openMyDataRequested);
    connect(openButton, &QCommandLinkButton::clicked, this, &WelcomePage::openRequested);
    connect(newButton, &QCommandLinkButton::clicked, this, &WelcomePage::newRequested);
    connect(recentList_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        Q_EMIT recentRequested(item->data(Qt::UserRole).toString());
    });
    connect(recent_, &RecentProjects::changed, this, &WelcomePage::refreshRecent);
    refreshRecent();
}

QCommandLinkButton* WelcomePage::makeButton(const QString& objectName, const QString& iconName,
                                            const QString& text, const QString& description) {
    auto* button = new QCommandLinkButton(text, description);
    button->setObjectName(objectName);
    button->setIcon(actionIcon(iconName));
    button->setIconSize(QSize(32, 32));
    button->setToolTip(description);
    return button;
}

void WelcomePage::setBusy(bool busy) {
    // Say where the work went: a greyed-out button alone looks broken.
    if (demoDescription_.isEmpty()) demoDescription_ = demoButton_->description();
    demoButton_->setDescription(busy ? tr("A job is running: its progress and a Cancel "
                                          "button are in the status bar below.")
                                     : demoDescription_);
    demoButton_->setEnabled(!busy);
    demoButton_->setToolTip(busy ? tr("Wait for the running job to finish, or cancel it in "
                                      "the status bar.")
                                 : demoDescription_);
}

void WelcomePage::refreshRecent() {
    recentList_->clear();
    for (const QString& path : recent_->paths()) {
        const QFileInfo info(path);
        auto* item = new QListWidgetItem(
            actionIcon(QStringLiteral("project")),
            QStringLiteral("%1   —   %2")
                .arg(info.completeBaseName(), QDir::toNativeSeparators(info.absolutePath())));
        item->setData(Qt::UserRole, path);
        item->setToolTip(QDir::toNativeSeparators(path));
        recentList_->addItem(item);
    }
    const bool empty = recentList_->count() == 0;
    recentList_->setVisible(!empty);
    recentEmpty_->setVisible(empty);
}

}  // namespace tl
