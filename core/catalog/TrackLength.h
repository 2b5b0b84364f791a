// How long a track is, as Tastelab shows and exports it (the Library, Track details, playlist
// files): the length of its audio file when it has one, for that is what a person hears (the
// demo world's files are short excerpts of songs its listening history says last minutes);
// else the length the history gave; else 0, unknown. "Its audio file" is the first file
// matched to the track (the lowest file id), the one the app plays and analyses.
#pragma once

namespace tl {

inline int trackLengthMs(int historyMs, int fileMs) {
    return fileMs > 0 ? fileMs : historyMs;
}

}  // namespace tl
