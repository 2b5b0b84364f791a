// A small catalog where the per-artist cap binds: 12 artists with 5 songs each (62 tracks with
// the 13th artist's 2), user 1 ("u", me) has played only the 13th artist's 2 songs, user 2
// ("v") everything in the 20 days before the week. One audio-like vector per track (three
// directions), so a VectorSource can rank all 60 eligible songs. Shared by test_playlist and
// test_ui_playlist, which check the "short playlist" reason in the core and on screen.
#pragma once

#include <QString>
#include <vector>

#include "cf/CfModel.h"
#include "playlist/PlaylistCatalog.h"

namespace tl::test {

struct CapBoundWorld {
    FactorMatrix vectors{62, 3};
    std::vector<Id> ids;
    std::vector<Listen> listens;
};

// Fills `catalog`'s users and tracks (it may be a session's own catalog) for a week starting at
// `weekStart`.
inline CapBoundWorld capBoundWorld(PlaylistCatalog& catalog, qint64 weekStart) {
    CapBoundWorld w;
    catalog.users = {{1, QStringLiteral("u"), true}, {2, QStringLiteral("v"), false}};
    for (int i = 0; i < 62; ++i) {
        Track t;
        t.id = 100 + i;
        t.artistId = 10 + i / 5;
        t.title = QStringLiteral("Song %1").arg(i);
        catalog.add(t, Artist{t.artistId, QStringLiteral("Artist %1").arg(i / 5), {}});
        w.ids.push_back(t.id);
        w.vectors.row(i) << float(i % 3 == 0), float(i % 3 == 1), float(i % 3 == 2) + 0.1f;
        w.listens.push_back({2, t.id, weekStart - 86400 * (1 + i % 20), 200000, false});
    }
    w.listens.push_back({1, 160, weekStart - 3600, 200000, false});
    w.listens.push_back({1, 161, weekStart - 7200, 200000, false});
    return w;
}

}  // namespace tl::test
