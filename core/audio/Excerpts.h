// Which parts of a track the front-end analyses. By default three 10 s windows spread through
// the track, as the audio model of Spotify's recommender (and Dieleman's) used: the decode cost
// per track is then flat, and the windows see the start, middle and end of a song.
#pragma once

#include <vector>

#include "audio/FrontEndOptions.h"

namespace tl::audio {

struct ExcerptWindow {
    double startSeconds = 0;
    double seconds = 0;
};

// Windows of options.excerptSeconds with equal gaps before, between and after them:
// gap = (D - k L) / (k + 1), start_i = gap + i (L + gap), with k = min(excerptCount, floor(D / L))
// so windows never overlap. A track shorter than one window gives ONE SHORTER excerpt, the whole
// track, unpadded (padding would invent silence the CNN would learn from; consumers that need a
// fixed length pad or tile at training time). ExcerptMode::Whole gives [0, D).
std::vector<ExcerptWindow> planExcerpts(double trackSeconds, const FrontEndOptions& options);

}  // namespace tl::audio
