// Checks a project made from a generated Scenario against the generator's truth: which catalog
// track each imported listen and each scanned file landed on, and whether that is the one song it
// is. Shared by tests/test_scenario.cpp and bench/bench_scenario.cpp.
#pragma once

#include <QString>
#include <QStringList>

namespace tl {
class ProjectStore;
}

namespace tl::test {

class Scenario;

struct ScenarioCheck {
    qint64 listens = 0;         // listens in the store
    qint64 unknownListens = 0;  // listens the scenario did not write (should be 0)
    qint64 myListens = 0;
    qint64 myListensInCommunity = 0;  // of songs someone in the community played
    // Of those, on the very catalog track the community's listens of that song are on.
    qint64 myListensMatched = 0;
    int falseMergedTracks = 0;   // catalog tracks holding two or more songs
    int falseMergedArtists = 0;  // catalog artists holding two or more true artists
    int splitSongs = 0;          // songs spread over two or more catalog tracks
    int ambiguousPairs = 0;
    int ambiguousApart = 0;  // pairs that stayed two tracks (two artists for homonyms)
    int files = 0;
    int filesRight = 0;      // on their song's track (played songs) or on a track of their own
    int filesUnmatched = 0;  // files the scan gave no track at all
    QStringList problems;    // the first few failures, with the spellings involved

    double matchRate() const {
        return myListensInCommunity > 0 ? double(myListensMatched) / double(myListensInCommunity)
                                        : 0.0;
    }
};

// Reads every listen, track, artist and file of `store` once. `maxProblems` caps `problems`.
ScenarioCheck checkScenario(const Scenario& scenario, const ProjectStore& store,
                            int maxProblems = 20);

}  // namespace tl::test
