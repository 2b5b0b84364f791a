// The demo synthesiser's instruments: band-limited wavetable, FM-bell and plucked-string notes,
// and kick, snare and hi-hat hits. Each adds itself into a mono buffer; DemoSynth arranges them.
#pragma once

#include <vector>

#include "demo/DemoGenres.h"
#include "demo/DemoRandom.h"

namespace tl::demo {

struct Envelope {
    float attack = 0.005f;  // seconds to full level
    float decay = 0.3f;     // time constant of the fall towards sustain, seconds
    float sustain = 0.6f;   // level held while the note lasts
    float release = 0.05f;  // time constant of the fade after the note ends, seconds
};

struct Note {
    int start = 0;   // frame
    int length = 0;  // frames until release
    double frequency = 440.0;
    float level = 0.3f;
    Envelope envelope;
    float vibrato = 0.f;  // relative depth of a 5.5 Hz pitch wobble
};

class Voices {
public:
    Voices(int sampleRate, Rng& rng) : rate_(sampleRate), rng_(rng) {}

    void note(std::vector<float>& out, Timbre timbre, const Note& note);
    void kick(std::vector<float>& out, int start, float level);
    void snare(std::vector<float>& out, int start, float level, float tone);
    void hat(std::vector<float>& out, int start, float level, float decay);

private:
    void wavetableNote(std::vector<float>& out, Timbre timbre, const Note& note, double detune);
    void bellNote(std::vector<float>& out, const Note& note);
    void pluckNote(std::vector<float>& out, const Note& note);

    int rate_;
    Rng& rng_;
};

// One cycle of a sine, for LFOs and FM, sampled finely enough for linear interpolation.
float sineCycle(double phase);  // phase in cycles; any real value

}  // namespace tl::demo
