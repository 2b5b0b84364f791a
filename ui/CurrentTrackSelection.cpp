#include "CurrentTrackSelection.h"

namespace tl {

CurrentTrackSelection::CurrentTrackSelection(QObject* parent) : QObject(parent) {
    setObjectName(QStringLiteral("currentTrackSelection"));
}

bool CurrentTrackSelection::setCurrentTrack(Id trackId, Origin origin) {
    if (pushing_ || trackId == 0 || trackId == trackId_) return false;
    trackId_ = trackId;
    origin_ = origin;
    push();
    return true;
}

void CurrentTrackSelection::push() {
    if (pushing_) return;
    pushing_ = true;
    Q_EMIT currentTrackChanged(trackId_, origin_);
    pushing_ = false;
}

void CurrentTrackSelection::clear() {
    if (pushing_) return;
    trackId_ = 0;
    origin_ = Origin::None;
    push();
}

}  // namespace tl
