#pragma once

#include <QObject>

#include "catalog/Catalog.h"

namespace tl {

// The window's one "current track". The playlist, the library, the map, the catalog window and
// the tour set it; the track details, the spectrogram, the map's ring and the rows highlighted
// in the playlist and the library follow it. No view keeps a copy of its own to compare with:
// a view that does not hold the current track lets its row go, so choosing that row again is a
// change again (issue 19, item 4).
//
// While the views follow a change, what they announce is its echo (a row made current, a dot
// ringed) and is ignored: no feedback loop, whatever order the views follow in.
class CurrentTrackSelection : public QObject {
    Q_OBJECT
public:
    // Where a track was chosen: the view it came from need not scroll to it again.
    enum class Origin { None, Playlist, Library, Map, Catalog, Tour };
    Q_ENUM(Origin)

    explicit CurrentTrackSelection(QObject* parent = nullptr);

    Id trackId() const { return trackId_; }  // 0: none
    Origin origin() const { return origin_; }
    bool isPushing() const { return pushing_; }

    // `trackId` was chosen in `origin`: pushes it to every view when it is not the current track
    // already. False when nothing changed, for 0 (a view losing its row does not unselect the
    // window's track: clear() does), and for an echo of the push under way.
    bool setCurrentTrack(Id trackId, Origin origin);
    // Pushes the current track again to views whose content was replaced (same project, new
    // figures): they show it again, or let their row go when they no longer hold it.
    void push();
    // No current track (a project opened or closed); pushed even when there was none, so the
    // views drop what they showed of another project.
    void clear();

Q_SIGNALS:
    void currentTrackChanged(tl::Id trackId, tl::CurrentTrackSelection::Origin origin);

private:
    Id trackId_ = 0;
    Origin origin_ = Origin::None;
    bool pushing_ = false;
};

}  // namespace tl
