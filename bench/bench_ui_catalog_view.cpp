// Benchmark: the catalog view on a large project (bench/make_big_project.py writes one).
//
//   bench_ui_catalog_view PROJECT.tastelab
//
// Measures, on the offscreen platform: the store's catalog read (each table), opening the
// project in MainWindow until the library table is on screen, sorting the library by each kind
// of column (text, number, flag), filtering keystroke by keystroke, and the catalog window's
// four tabs. A 1 ms QTimer on the GUI thread records the longest gap between its ticks: the
// longest time the window could not repaint or react. Peak RSS from getrusage().
#include <sys/resource.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QTableView>
#include <QTimer>
#include <cstdio>

#include "CatalogTableModel.h"
#include "CatalogTablePanel.h"
#include "CatalogWindow.h"
#include "LibraryPanel.h"
#include "MainWindow.h"
#include "WorkspacePage.h"
#include "store/CatalogQueries.h"
#include "store/ProjectStore.h"

using namespace tl;

namespace {

double peakRssMb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;
}

// The longest gap between ticks of a 1 ms timer since the last reset().
class StallMeter : public QObject {
public:
    StallMeter() {
        timer_.setTimerType(Qt::PreciseTimer);
        timer_.setInterval(1);
        connect(&timer_, &QTimer::timeout, this,
                [this] { longest_ = std::max(longest_, clock_.restart()); });
        clock_.start();
        timer_.start();
    }
    void reset() {
        QCoreApplication::processEvents();
        clock_.restart();
        longest_ = 0;
    }
    qint64 longestMs() const { return longest_; }

private:
    QTimer timer_;
    QElapsedTimer clock_;
    qint64 longest_ = 0;
};

// Runs the event loop until `done` holds (checked every millisecond), at most `limitMs`.
template <typename F>
bool waitFor(F done, int limitMs = 600000) {
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > limitMs) return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: bench_ui_catalog_view PROJECT.tastelab\n");
        return 2;
    }
    const QString path = QString::fromLocal8Bit(argv[1]);

    {  // the store's catalog read, each part on its own
        auto opened = ProjectStore::open(path);
        if (!opened) {
            std::fprintf(stderr, "%s\n", qPrintable(opened.status().message()));
            return 1;
        }
        const CatalogCounts c = opened.value()->counts();
        std::printf("project: %lld users, %lld artists, %lld tracks, %lld listens, %lld files\n",
                    c.users, c.artists, c.tracks, c.listens, c.files);
        for (auto [part, name] :
             {std::pair{int(CatalogTracks), "tracks"}, std::pair{int(CatalogArtists), "artists"},
              std::pair{int(CatalogUsers), "users"}, std::pair{int(CatalogFiles), "files"},
              std::pair{kAllCatalogParts, "all four"}}) {
            QElapsedTimer t;
            t.start();
            auto tables = loadCatalogTables(*opened.value(), part, Progress());
            std::printf("store: %-9s %6.2f s%s\n", name, t.elapsed() / 1000.0,
                        tables ? "" : " (failed)");
        }
        QElapsedTimer t;
        t.start();
        const auto old = opened.value()->trackSummaries();
        std::printf("store: trackSummaries() (the GROUP BY it replaces) %6.2f s\n",
                    t.elapsed() / 1000.0);
    }

    StallMeter stall;
    MainWindow window;
    window.setModalDialogsEnabled(false);
    window.resize(1280, 800);
    window.show();
    stall.reset();
    QElapsedTimer open;
    open.start();
    if (!window.openProject(path)) return 1;
    const double returned = open.elapsed() / 1000.0;
    if (!waitFor([&] { return !window.isLibraryLoading(); })) return 1;
    std::printf(
        "gui: open to library ready %.2f s (openProject returned after %.2f s), "
        "longest GUI stall %lld ms, peak RSS %.0f MB\n",
        open.elapsed() / 1000.0, returned, stall.longestMs(), peakRssMb());

    LibraryPanel* library = window.workspacePage()->library();
    CatalogTableModel* model = library->table()->model();
    {  // the library's default order (plays, descending) is sorted by a worker after opening
        stall.reset();
        QElapsedTimer t;
        t.start();
        waitFor([&] { return !model->isSorting(); });
        std::printf(
            "gui: default sort (plays) finished %.0f ms after the table arrived, "
            "longest GUI stall %lld ms\n",
            double(t.nsecsElapsed()) / 1e6, stall.longestMs());
    }
    for (auto [column, kind] :
         {std::pair{int(catalog_columns::TrackTitle), "text (title)"},
          std::pair{int(catalog_columns::TrackArtist), "text (artist)"},
          std::pair{int(catalog_columns::TrackListeners), "number (listeners)"},
          std::pair{int(catalog_columns::TrackHasAudio), "flag (audio)"}}) {
        for (const char* pass : {"first", "cached, reversed"}) {
            stall.reset();
            QElapsedTimer t;
            t.start();
            library->view()->sortByColumn(column, std::string_view(pass) == "first"
                                                      ? Qt::AscendingOrder
                                                      : Qt::DescendingOrder);
            waitFor([&] { return !model->isSorting(); });
            std::printf("gui: sort by %-20s %-17s %7.0f ms, longest GUI stall %lld ms\n", kind,
                        pass, double(t.nsecsElapsed()) / 1e6, stall.longestMs());
        }
    }

    const QString typed = QStringLiteral("storm riv");
    qint64 worst = 0, total = 0;
    for (int i = 1; i <= typed.size(); ++i) {
        library->filterEdit()->setText(typed.left(i));
        QElapsedTimer t;
        t.start();
        library->table()->applyFilterNow();
        const qint64 ns = t.nsecsElapsed();
        worst = std::max(worst, ns);
        total += ns;
        std::printf("gui: filter \"%s\": %d rows, %.1f ms\n", qPrintable(typed.left(i)),
                    model->rowCount(), double(ns) / 1e6);
    }
    // The filter runs on the GUI thread after the typing pause: its time is the stall.
    std::printf("gui: filter per keystroke mean %.1f ms, worst %.1f ms (= the GUI stall)\n",
                double(total) / 1e6 / typed.size(), double(worst) / 1e6);

    stall.reset();
    QElapsedTimer cat;
    cat.start();
    window.openCatalog();
    waitFor([&] { return !window.catalogWindow()->isLoading(); });
    std::printf(
        "gui: catalog window, four tabs ready %.2f s, longest GUI stall %lld ms, peak "
        "RSS %.0f MB\n",
        cat.elapsed() / 1000.0, stall.longestMs(), peakRssMb());
    return 0;
}
