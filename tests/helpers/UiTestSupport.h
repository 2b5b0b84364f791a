// Helpers for the GUI tests (test_ui_*.cpp only: they need QtWidgets, which the rest of the
// test support does not link).
#pragma once

#include <QCoreApplication>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QSettings>
#include <QStandardPaths>
#include <QUrl>
#include <QWidget>

#include "OpenDataRequest.h"
#include "demo/DemoWorld.h"
#include "library/FileTags.h"
#include "library/TaggedAudioWriter.h"

namespace tl::test {

// Sends the drag-enter and drop a file manager would, carrying `paths` as file URLs.
inline bool dropPaths(QWidget& target, const QStringList& paths) {
    QMimeData mime;
    QList<QUrl> urls;
    for (const QString& p : paths) urls << QUrl::fromLocalFile(p);
    mime.setUrls(urls);
    const QPoint pos = target.rect().center();
    QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&target, &enter);
    if (!enter.isAccepted()) return false;
    QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&target, &drop);
    return drop.isAccepted();
}

// With TASTELAB_UI_GRAB_DIR set, saves what a window looks like at interesting moments (a job
// mid-run, a selected track, a dialog) so a person can look at states a screenshot of the
// running app does not reach.
// Lets every posted relayout run (a label that changed re-lays out one level per pass).
inline void settle() {
    for (int pass = 0; pass < 6; ++pass) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QCoreApplication::processEvents();
    }
}

inline void maybeGrab(QWidget* window, const QString& name, QSize size = QSize(1280, 800)) {
    const QString dir = qEnvironmentVariable("TASTELAB_UI_GRAB_DIR");
    if (dir.isEmpty()) return;
    if (size.isValid()) window->resize(size);
    // A changed label re-lays out its parents one level per posted LayoutRequest: let them all run.
    for (int pass = 0; pass < 4; ++pass) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QCoreApplication::processEvents();
    }
    window->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

// Keeps a GUI test away from the developer's own settings and data: QStandardPaths' test mode and
// QSettings files under `dir`.
inline void isolateSettings(const QString& dir) {
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir);
}

// Generates the small demo world into dir/demo and returns its project path (empty, with a
// warning, when generation failed).
inline QString smallDemoProject(const QString& dir, quint64 seed) {
    DemoOptions options;
    options.outDir = QDir(dir).filePath(QStringLiteral("demo"));
    options.seed = seed;
    options.size = DemoSize::Small;
    auto demo = generateDemo(options, Progress());
    if (!demo) {
        qWarning("%s", qPrintable(demo.status().message()));
        return {};
    }
    return demo.value().projectPath;
}

// A person's own data as "Open my data" takes it: a Spotify account export and a ListenBrainz
// export (tests/data/import), a music folder under `dir` of two tagged FLAC files (one a track of
// the exports, one nobody played) and "ana" as me, into dir/mine.tastelab. Empty on failure.
inline OpenDataRequest myDataRequest(const QString& dir, const QString& spotifyExport,
                                     const QString& listenBrainzExport) {
    const QString music = QDir(dir).filePath(QStringLiteral("music"));
    if (!QDir().mkpath(music)) return {};
    const QString known = music + QStringLiteral("/hoppipolla.flac");
    const QString fresh = music + QStringLiteral("/fresh.flac");
    ToneSpec tone;
    tone.format = QStringLiteral("FLAC");
    if (!writeTone(known, tone).isOk() || !writeTone(fresh, tone).isOk()) return {};
    FileTags knownTags;
    knownTags.artist = QStringLiteral("Sigur Rós");
    knownTags.title = QStringLiteral("Hoppípolla");
    FileTags freshTags;
    freshTags.artist = QStringLiteral("Nobody Yet");
    freshTags.title = QStringLiteral("First Song");
    if (!writeFileTags(known, knownTags).isOk() || !writeFileTags(fresh, freshTags).isOk())
        return {};
    OpenDataRequest request;
    request.histories = {spotifyExport, listenBrainzExport};
    request.musicFolder = music;
    request.me = QStringLiteral("ana");
    request.projectPath = QDir(dir).filePath(QStringLiteral("mine.tastelab"));
    return request;
}

}  // namespace tl::test
