#include "demo/DemoSynth.h"

#include <algorithm>
#include <climits>
#include <cmath>

#include "demo/DemoVoices.h"

namespace tl::demo {
namespace {

constexpr double kTwoPi = 6.283185307179586;
constexpr float kPeak = 0.7f;  // about -3 dBFS

// Chord progressions as scale degrees, one chord per bar.
constexpr std::array<std::array<int, 4>, 6> kProgressions = {{
    {0, 3, 4, 0},
    {0, 5, 3, 4},
    {0, 4, 5, 3},
    {5, 3, 0, 4},
    {0, 0, 3, 4},
    {0, 3, 0, 4},
}};

// What one track makes of its genre's recipe.
struct TrackStyle {
    double bpm = 120.0;
    int rootShift = 0;  // key, as semitones from the genre's reference pitches
    int pattern = 0;
    std::array<int, 4> progression{};
    float brightness = 1.f;                                   // scales the low-pass cut-off
    float noise = 1.f;                                        // scales the noise bed
    float drums = 1.f, bass = 1.f, chords = 1.f, lead = 1.f;  // level balance
    double fill = 0.04;  // chance that a drum step flips, so bars are not identical
};

TrackStyle chooseStyle(const GenreSound& sound, Rng& rng) {
    TrackStyle style;
    style.bpm = rng.uniform(sound.bpmMin, sound.bpmMax);
    style.rootShift = rng.between(-5, 6);
    style.pattern = rng.below(2);
    style.progression = kProgressions[size_t(rng.below(int(kProgressions.size())))];
    style.brightness = float(rng.uniform(0.75, 1.3));
    style.noise = float(rng.uniform(0.6, 1.5));
    style.drums = float(rng.uniform(0.8, 1.2));
    style.bass = float(rng.uniform(0.8, 1.2));
    style.chords = float(rng.uniform(0.8, 1.2));
    style.lead = float(rng.uniform(0.8, 1.2));
    style.fill = rng.uniform(0.02, 0.07);
    return style;
}

double midiToHz(double midi) {
    return 440.0 * std::pow(2.0, (midi - 69.0) / 12.0);
}

int floorDiv(int a, int b) {
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

// Semitones above the key of a scale degree (degrees past the scale wrap into higher octaves).
int scaleNote(const GenreSound& sound, int degree) {
    const int octave = floorDiv(degree, sound.scaleSize);
    return sound.scale[size_t(degree - octave * sound.scaleSize)] + 12 * octave;
}

bool bit(quint16 mask, int step) {
    return (mask >> (step % 16)) & 1;
}

class Arranger {
public:
    Arranger(const GenreSound& sound, Rng& rng, int sampleRate, int frames)
        : s_(sound),
          rng_(rng),
          rate_(sampleRate),
          style_(chooseStyle(sound, rng)),
          voices_(sampleRate, rng),
          tonal_(size_t(frames), 0.f),
          drums_(size_t(frames), 0.f) {
        stepFrames_ = sampleRate * 60.0 / (style_.bpm * 4.0);
        steps_ = int(frames / stepFrames_) + 2;
    }

    std::vector<float> render(const std::function<bool()>& cancelled) {
        auto stop = [&] { return cancelled && cancelled(); };
        addDrums();
        if (stop()) return {};
        addBass();
        if (stop()) return {};
        addChords();
        if (stop()) return {};
        addLead();
        if (stop()) return {};
        return mix();
    }

private:
    int stepStart(int step) const {
        double t = step * stepFrames_;
        if (step % 2) t += s_.swing * stepFrames_;  // swing delays the off-beat 16ths
        return int(t);
    }
    int chordDegree(int step) const { return style_.progression[size_t((step / 16) % 4)]; }
    double pitch(int base, int degree) const {
        return midiToHz(base + style_.rootShift + scaleNote(s_, degree));
    }

    void addDrums() {
        const DrumPattern& p = s_.drums[size_t(style_.pattern)];
        // A step can flip (a fill or a dropped hit), but an instrument the pattern lacks stays out.
        auto plays = [&](quint16 mask, int step) {
            const bool on = bit(mask, step);
            return mask != 0 && rng_.chance(style_.fill) ? !on : on;
        };
        const float gain = style_.drums;
        for (int step = 0; step < steps_; ++step) {
            const int at = stepStart(step);
            if (plays(p.kick, step)) voices_.kick(drums_, at, gain * p.kickLevel);
            if (plays(p.snare, step)) voices_.snare(drums_, at, gain * p.snareLevel, p.snareTone);
            if (plays(p.hat, step))
                voices_.hat(drums_, at, gain * p.hatLevel * float(rng_.uniform(0.7, 1.1)),
                            p.hatDecay);
        }
    }

    void addBass() {
        const bool held = s_.bassSteps == steps({0});  // one long note a bar: a drone-like bass
        for (int step = 0; step < steps_; ++step) {
            if (!bit(s_.bassSteps, step)) continue;
            const int root = chordDegree(step);
            int degree = root;
            if (s_.walking) {
                static constexpr int kWalk[4] = {0, 2, 4, 5};
                degree =
                    root + kWalk[(step % 16) / 4] + (rng_.chance(0.3) ? rng_.between(-1, 1) : 0);
            } else if (rng_.chance(0.15)) {
                degree = root + 4;  // the fifth
            } else if (rng_.chance(0.1)) {
                degree = root + s_.scaleSize;  // the octave
            }
            int next = step + 1;
            while (next < step + 16 && !bit(s_.bassSteps, next)) ++next;
            Note note;
            note.start = stepStart(step);
            note.length = int((next - step) * stepFrames_ * 0.9);
            note.frequency = pitch(s_.bassNote, degree);
            note.level = s_.bassLevel * style_.bass;
            note.envelope = {held ? 0.3f : 0.005f, 0.4f, 0.7f, 0.05f};
            voices_.note(tonal_, s_.bass, note);
        }
    }

    std::vector<int> chordTones(int step) const {
        const int d = chordDegree(step);
        if (s_.chordStyle == ChordStyle::Power) return {d, d + 4, d + s_.scaleSize};
        std::vector<int> tones{d, d + 2, d + 4};
        if (s_.sevenths) tones.push_back(d + 6);
        return tones;
    }

    void addChord(int step, int lengthSteps, const Envelope& envelope, int base) {
        const auto tones = chordTones(step);
        for (int tone : tones) {
            Note note;
            note.start = stepStart(step);
            note.length = int(lengthSteps * stepFrames_);
            note.frequency = pitch(base, tone);
            note.level = s_.chordLevel * style_.chords / std::sqrt(float(tones.size()));
            note.envelope = envelope;
            note.vibrato = s_.vibrato;
            voices_.note(tonal_, s_.chords, note);
        }
    }

    void addChords() {
        switch (s_.chordStyle) {
            case ChordStyle::Pad:
                for (int step = 0; step < steps_; step += 16)
                    addChord(step, 16, {0.3f, 1.0f, 0.8f, 0.25f}, 55);
                break;
            case ChordStyle::Stabs:
                for (int step = 0; step < steps_; ++step)
                    if (bit(s_.chordSteps, step))
                        addChord(step, 1, {0.003f, 0.08f, 0.3f, 0.04f}, 55);
                break;
            case ChordStyle::Power:
                for (int step = 0; step < steps_; ++step)
                    if (bit(s_.chordSteps, step))
                        addChord(step, 2, {0.003f, 0.12f, 0.5f, 0.03f}, s_.bassNote + 12);
                break;
            case ChordStyle::Arpeggio: {
                const int every = s_.chords == Timbre::Pluck ? 2 : 1;  // guitars pick eighths
                for (int step = 0, k = 0; step < steps_; step += every, ++k) {
                    const auto tones = chordTones(step);
                    const int n = int(tones.size());
                    Note note;
                    note.start = stepStart(step);
                    note.length = int(every * stepFrames_);
                    note.frequency = pitch(55, tones[size_t(k % n)] + ((k / n) % 2) * s_.scaleSize);
                    note.level = s_.chordLevel * style_.chords;
                    note.envelope = {0.002f, 0.15f, 0.2f, 0.05f};
                    voices_.note(tonal_, s_.chords, note);
                }
                break;
            }
        }
    }

    // A two-bar motif, a random walk over the scale within the genre's pitch range, repeated
    // with a few notes changed each time round.
    void addLead() {
        int low = INT_MAX;
        int high = INT_MIN;
        for (int d = -40; d <= 40; ++d) {
            const int midi = 60 + style_.rootShift + scaleNote(s_, d);
            if (midi >= s_.leadLow) low = std::min(low, d);
            if (midi <= s_.leadHigh) high = std::max(high, d);
        }
        if (low > high) return;
        constexpr int kMotif = 32;
        std::vector<int> motif(kMotif, INT_MIN);
        const double density = std::min(0.9, double(s_.leadNotesPerBeat) / 4.0);
        int degree = (low + high) / 2;
        for (int i = 0; i < kMotif; ++i) {
            if (i > 0 && !rng_.chance(density)) continue;
            degree = std::clamp(degree + rng_.between(-2, 2), low, high);
            motif[size_t(i)] = degree;
        }
        const bool sustained = s_.lead == Timbre::Strings || s_.lead == Timbre::Square;
        for (int step = 0; step < steps_; ++step) {
            const int i = step % kMotif;
            if (i == 0 && step > 0)
                for (int& d : motif)
                    if (d != INT_MIN && rng_.chance(0.15))
                        d = std::clamp(d + rng_.between(-2, 2), low, high);
            if (motif[size_t(i)] == INT_MIN) continue;
            int gap = 1;
            while (gap < 8 && motif[size_t((i + gap) % kMotif)] == INT_MIN) ++gap;
            Note note;
            note.start = stepStart(step);
            note.length = int(gap * stepFrames_);
            note.frequency = midiToHz(60 + style_.rootShift + scaleNote(s_, motif[size_t(i)]));
            note.level = s_.leadLevel * style_.lead * float(rng_.uniform(0.8, 1.0));
            note.envelope = {s_.lead == Timbre::Strings ? 0.04f : 0.005f, s_.leadDecay,
                             sustained ? 0.6f : 0.1f, 0.08f};
            note.vibrato = s_.vibrato;
            voices_.note(tonal_, s_.lead, note);
        }
    }

    static float softClip(float x) {  // a cheap tanh: smooth, odd, flat beyond |x| = 3
        if (x > 3.f) return 1.f;
        if (x < -3.f) return -1.f;
        return x * (27.f + x * x) / (27.f + 9.f * x * x);
    }

    std::vector<float> mix() {
        const size_t frames = tonal_.size();
        // Tonal bus: a 12 dB/octave low-pass sets the genre's brightness, then optional drive.
        const double cutoff = std::min(0.45 * rate_, double(s_.brightness * style_.brightness));
        const float a = float(1.0 - std::exp(-kTwoPi * cutoff / rate_));
        const float drive = 1.f + s_.drive;
        const float driveNorm = 1.f / softClip(drive);
        float y1 = 0.f;
        float y2 = 0.f;
        for (float& x : tonal_) {
            y1 += a * (x - y1);
            y2 += a * (y1 - y2);
            x = s_.drive > 0.f ? softClip(drive * y2) * driveNorm : y2;
        }
        // Noise bed: one-pole-coloured noise scaled so noiseLevel is its RMS, swelling slowly.
        std::vector<float> out(frames);
        const double noiseCutoff = std::min(0.45 * rate_, double(s_.noiseCutoff));
        const float b = float(1.0 - std::exp(-kTwoPi * noiseCutoff / rate_));
        const float noiseGain =
            s_.noiseLevel * style_.noise * std::sqrt((2.f - b) / b) * std::sqrt(3.f);
        const double swell = 0.15 / rate_;
        float n = 0.f;
        float swellGain = 1.f;
        for (size_t i = 0; i < frames; ++i) {
            float v = tonal_[i] + drums_[i];
            if (noiseGain > 0.f) {
                if (i % 64 == 0) swellGain = 0.7f + 0.3f * sineCycle(swell * double(i));
                n += b * (rng_.noise() - n);
                v += noiseGain * n * swellGain;
            }
            out[i] = v;
        }
        float peak = 1e-6f;
        for (float v : out) peak = std::max(peak, std::abs(v));
        const float gain = kPeak / peak;
        const size_t fadeIn = size_t(rate_ / 200);  // 5 ms: no click at either end
        const size_t fadeOut = size_t(rate_ / 33);  // 30 ms
        for (size_t i = 0; i < frames; ++i) {
            float g = gain;
            if (i < fadeIn) g *= float(i) / float(fadeIn);
            if (i + fadeOut > frames) g *= float(frames - i) / float(fadeOut);
            out[i] *= g;
        }
        return out;
    }

    const GenreSound& s_;
    Rng& rng_;
    int rate_;
    TrackStyle style_;
    Voices voices_;
    std::vector<float> tonal_;
    std::vector<float> drums_;
    double stepFrames_ = 1.0;
    int steps_ = 0;
};

}  // namespace

std::vector<float> synthesiseClip(const GenreSound& sound, quint64 seed, int sampleRate, int frames,
                                  int channels, const std::function<bool()>& cancelled) {
    Rng rng(seed);
    std::vector<float> mono = Arranger(sound, rng, sampleRate, frames).render(cancelled);
    if (channels <= 1 || mono.empty()) return mono;
    // Stereo: the right channel a few milliseconds late, a cheap sense of width.
    const size_t delay = size_t(sampleRate / 90);
    std::vector<float> out(size_t(frames) * size_t(channels));
    for (size_t i = 0; i < size_t(frames); ++i) {
        out[i * size_t(channels)] = mono[i];
        for (int c = 1; c < channels; ++c)
            out[i * size_t(channels) + size_t(c)] = i >= delay ? mono[i - delay] : 0.f;
    }
    return out;
}

}  // namespace tl::demo
