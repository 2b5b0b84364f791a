// A test program: appends batches of listens to a project, one transaction per batch, and
// prints "committed TOTAL" after each, forever, with a page cache small enough that uncommitted
// pages reach the database file. The store test kills it with SIGKILL mid-write and
// checks the file holds whole batches only.
#include <QCoreApplication>
#include <QSqlQuery>
#include <cstdio>

#include "store/ProjectStore.h"

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    if (argc != 3) {
        std::fprintf(stderr, "usage: store_writer PROJECT BATCH_SIZE\n");
        return 2;
    }
    auto opened = tl::ProjectStore::open(QString::fromLocal8Bit(argv[1]));
    if (!opened) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.status().message()));
        return 1;
    }
    tl::ProjectStore& store = *opened.value();
    const int batch = std::atoi(argv[2]);
    // A tiny page cache makes SQLite spill changed pages into the database file before commit,
    // so a kill mid-transaction leaves a hot journal that the next open must roll back.
    QSqlQuery(store.database()).exec(QStringLiteral("PRAGMA cache_size = -64"));
    const tl::Id user = store.users().front().id;
    const tl::Id track = store.tracks().front().id;
    // Continue after what earlier (killed) runs committed, so every batch adds new listens.
    const qint64 base = store.counts().listens;
    for (qint64 round = 0;; ++round) {
        tl::ProjectStore::Transaction tx(store);
        for (int i = 0; i < batch; ++i) {
            const tl::Listen listen{user, track, base + round * batch + i, 1000, false};
            if (auto s = store.addListen(listen); !s.isOk()) {
                std::fprintf(stderr, "%s\n", qPrintable(s.message()));
                return 1;
            }
        }
        if (auto s = tx.commit(); !s.isOk()) return 1;
        // The total of listens in the project once this batch is committed.
        std::printf("committed %lld\n", static_cast<long long>(base + (round + 1) * batch));
        std::fflush(stdout);
    }
}
