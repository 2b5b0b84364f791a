// Synthesises a demo clip: a few bars of a genre's music — drums as noise and swept-sine bursts,
// a bass line, chords, a melody, a noise bed — from the genre's recipe (DemoGenres.h). The track's
// seed picks its tempo, key, drum pattern, chord progression, melody and small timbre changes, so
// tracks vary within a genre while the genre stays recognisable.
//
// Pure function of its arguments: the same seed gives the same samples on any thread.
#pragma once

#include <QtGlobal>
#include <functional>
#include <vector>

#include "demo/DemoGenres.h"

namespace tl::demo {

// Interleaved samples in [-1, 1], frames * channels long, peak-normalised to about -3 dBFS.
// `cancelled` is polled between the layers (a few milliseconds apart); when it says yes the
// result is empty.
std::vector<float> synthesiseClip(const GenreSound& sound, quint64 seed, int sampleRate, int frames,
                                  int channels, const std::function<bool()>& cancelled = {});

}  // namespace tl::demo
