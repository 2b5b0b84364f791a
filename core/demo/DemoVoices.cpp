#include "demo/DemoVoices.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace tl::demo {
namespace {

constexpr double kTwoPi = 6.283185307179586;
constexpr int kTableSize = 1024;
constexpr int kLevels = 7;  // tables with at most 64, 32, …, 1 harmonics
constexpr int kWaveTimbres = 6;

// Harmonic recipe of each wavetable timbre (Sine … Strings in enum order).
double harmonic(int timbre, int h) {
    switch (timbre) {
        case 0:  // sine
            return h == 1 ? 1.0 : 0.0;
        case 1:  // triangle: odd harmonics falling as 1/h^2, alternating sign
            return h % 2 ? (((h - 1) / 2) % 2 ? -1.0 : 1.0) / double(h * h) : 0.0;
        case 2:  // saw
            return 1.0 / h;
        case 3:  // square
            return h % 2 ? 1.0 / h : 0.0;
        case 4: {  // organ: a few drawbars
            switch (h) {
                case 1:
                    return 1.0;
                case 2:
                    return 0.6;
                case 3:
                    return 0.5;
                case 4:
                    return 0.35;
                case 6:
                    return 0.2;
                case 8:
                    return 0.15;
                default:
                    return 0.0;
            }
        }
        default:  // strings: a saw with a steeper roll-off
            return 1.0 / std::pow(double(h), 1.3);
    }
}

// Band-limited tables: a note uses the richest table whose top harmonic stays below Nyquist, so
// high notes do not alias into noise (which would blur the genres' spectra).
struct WaveBank {
    std::array<std::array<std::vector<float>, kLevels>, kWaveTimbres> tables;

    WaveBank() {
        for (int timbre = 0; timbre < kWaveTimbres; ++timbre) {
            for (int level = 0; level < kLevels; ++level) {
                const int harmonics = 64 >> level;
                std::vector<double> cycle(kTableSize, 0.0);
                for (int h = 1; h <= harmonics; ++h) {
                    const double a = harmonic(timbre, h);
                    if (a == 0.0) continue;
                    for (int i = 0; i < kTableSize; ++i)
                        cycle[size_t(i)] += a * std::sin(kTwoPi * h * i / kTableSize);
                }
                double peak = 1e-12;
                for (double v : cycle) peak = std::max(peak, std::abs(v));
                auto& table = tables[size_t(timbre)][size_t(level)];
                table.resize(kTableSize + 1);  // one guard sample for interpolation
                for (int i = 0; i <= kTableSize; ++i)
                    table[size_t(i)] = float(cycle[size_t(i % kTableSize)] / peak);
            }
        }
    }
};

const WaveBank& bank() {
    static const WaveBank instance;  // built once, thread-safe, read-only afterwards
    return instance;
}

// The plain sine, looked up per sample by LFOs, FM and drums: resolved once, not per call.
const std::vector<float>& sineTable() {
    static const std::vector<float>& table = bank().tables[0][kLevels - 1];
    return table;
}

inline float lookup(const std::vector<float>& table, double phase) {  // phase in [0, 1)
    const double x = phase * kTableSize;
    const int i = int(x);
    const float frac = float(x - i);
    return table[size_t(i)] + frac * (table[size_t(i) + 1] - table[size_t(i)]);
}

inline double wrap(double phase) {
    return phase - std::floor(phase);
}

const std::vector<float>& tableFor(Timbre timbre, double frequency, int sampleRate) {
    const int allowed = int(0.45 * sampleRate / std::max(frequency, 1.0));
    int level = 0;
    while (level < kLevels - 1 && (64 >> level) > allowed) ++level;
    return bank().tables[size_t(std::min(int(timbre), kWaveTimbres - 1))][size_t(level)];
}

// Attack ramp, exponential fall to the sustain level, exponential release after the note.
class EnvelopeState {
public:
    EnvelopeState(const Envelope& e, int length, int rate)
        : attackFrames_(std::max(1.f, e.attack * float(rate))),
          attackStep_(1.f / attackFrames_),
          sustain_(e.sustain),
          decayMul_(std::exp(-1.0f / std::max(1.f, e.decay * float(rate)))),
          releaseMul_(std::exp(-1.0f / std::max(1.f, e.release * float(rate)))),
          length_(length) {}

    // Level at frame n (called for n = 0, 1, 2, … in order); negative once the note has died.
    float next(int n) {
        const float a = float(n) < attackFrames_ ? float(n) * attackStep_ : 1.f;
        const float level = a * (sustain_ + (1.f - sustain_) * decay_) * release_;
        decay_ *= decayMul_;
        if (n >= length_) {
            release_ *= releaseMul_;
            if (release_ < 1e-3f) return -1.f;  // -60 dB: inaudible under the mix
        }
        return level;
    }

private:
    float attackFrames_;
    float attackStep_;
    float sustain_;
    float decayMul_;
    float releaseMul_;
    int length_;
    float decay_ = 1.f;
    float release_ = 1.f;
};

int framesLeft(const std::vector<float>& out, int start) {
    return int(out.size()) - start;
}

}  // namespace

float sineCycle(double phase) {
    return lookup(sineTable(), wrap(phase));
}

void Voices::note(std::vector<float>& out, Timbre timbre, const Note& note) {
    if (note.start < 0 || note.start >= int(out.size()) || note.length <= 0) return;
    switch (timbre) {
        case Timbre::Bell:
            bellNote(out, note);
            break;
        case Timbre::Pluck:
            pluckNote(out, note);
            break;
        case Timbre::Reese: {  // two detuned saws beating against each other
            Note half = note;
            half.level *= 0.6f;
            wavetableNote(out, Timbre::Saw, half, 0.994);
            wavetableNote(out, Timbre::Saw, half, 1.006);
            break;
        }
        default:
            wavetableNote(out, timbre, note, 1.0);
    }
}

void Voices::wavetableNote(std::vector<float>& out, Timbre timbre, const Note& note,
                           double detune) {
    const double frequency = note.frequency * detune;
    const std::vector<float>& table = tableFor(timbre, frequency, rate_);
    const std::vector<float>& sine = sineTable();
    EnvelopeState envelope(note.envelope, note.length, rate_);
    const double increment = frequency / rate_;
    constexpr int kVibratoEvery = 16;  // a 5.5 Hz wobble needs no per-sample update
    const double vibratoIncrement = 5.5 * kVibratoEvery / rate_;
    double phase = rng_.uniform();
    double vibratoPhase = 0.0;
    double step = increment;
    const int frames = framesLeft(out, note.start);
    float* dst = out.data() + note.start;
    for (int n = 0; n < frames; ++n) {
        const float e = envelope.next(n);
        if (e < 0.f) break;
        dst[n] += note.level * e * lookup(table, phase);
        if (note.vibrato > 0.f && n % kVibratoEvery == 0) {
            step = increment * (1.0 + double(note.vibrato) * double(lookup(sine, vibratoPhase)));
            vibratoPhase = wrap(vibratoPhase + vibratoIncrement);
        }
        phase += step;
        if (phase >= 1.0) phase -= 1.0;
    }
}

// Two-operator FM with an inharmonic ratio: a bell or electric-piano-like tone whose brightness
// fades with the note.
void Voices::bellNote(std::vector<float>& out, const Note& note) {
    EnvelopeState envelope(note.envelope, note.length, rate_);
    const double carrier = note.frequency / rate_;
    const double modulator = 3.5 * note.frequency / rate_;
    const std::vector<float>& sine = sineTable();
    const float indexMul = std::exp(-1.0f / (0.4f * float(rate_)));
    float index = 2.5f;
    double pc = 0.0;
    double pm = 0.0;
    const int frames = framesLeft(out, note.start);
    float* dst = out.data() + note.start;
    for (int n = 0; n < frames; ++n) {
        const float e = envelope.next(n);
        if (e < 0.f) break;
        dst[n] += note.level * e * lookup(sine, wrap(pc + double(index * lookup(sine, pm))));
        index *= indexMul;
        pc = wrap(pc + carrier);
        pm = wrap(pm + modulator);
    }
}

// Karplus–Strong: a burst of noise circulating in a delay line one period long, averaged on
// each pass, decays like a plucked string.
void Voices::pluckNote(std::vector<float>& out, const Note& note) {
    const int period = std::max(2, int(std::lround(rate_ / note.frequency)));
    std::vector<float> line(static_cast<size_t>(period));
    float previous = 0.f;
    for (float& v : line) {
        const float x = rng_.noise();
        v = 0.5f * (x + previous);  // a slightly soft pick
        previous = x;
    }
    const float damping = 0.996f;
    const float releaseMul = std::exp(-1.0f / (0.05f * float(rate_)));
    float release = 1.f;
    const int frames = std::min(framesLeft(out, note.start), note.length + rate_ / 2);
    float* dst = out.data() + note.start;
    int i = 0;
    for (int n = 0; n < frames; ++n) {
        const int j = i + 1 == period ? 0 : i + 1;
        const float y = line[size_t(i)];
        line[size_t(i)] = 0.5f * (y + line[size_t(j)]) * damping;
        i = j;
        if (n >= note.length) {
            release *= releaseMul;
            if (release < 1e-4f) break;
        }
        dst[n] += note.level * release * y;
    }
}

// A sine swept down from ~160 Hz to ~48 Hz with a click on top.
void Voices::kick(std::vector<float>& out, int start, float level) {
    if (start < 0 || start >= int(out.size())) return;
    const int frames = std::min(framesLeft(out, start), int(0.35 * rate_));
    const float sweepMul = std::exp(-1.0f / (0.03f * float(rate_)));
    const float ampMul = std::exp(-1.0f / (0.18f * float(rate_)));
    const int clickFrames = rate_ / 500;
    float sweep = 110.f;
    float amp = 1.f;
    double phase = 0.0;
    const std::vector<float>& sine = sineTable();
    float* dst = out.data() + start;
    for (int n = 0; n < frames; ++n) {
        float v = lookup(sine, phase) * amp;
        if (n < clickFrames) v += 0.2f * rng_.noise();
        dst[n] += level * v;
        phase += (48.0 + double(sweep)) / rate_;
        if (phase >= 1.0) phase -= 1.0;
        sweep *= sweepMul;
        amp *= ampMul;
    }
}

// High-passed noise (the wires) plus a short 185 Hz body; `tone` moves between brush and rim.
void Voices::snare(std::vector<float>& out, int start, float level, float tone) {
    if (start < 0 || start >= int(out.size())) return;
    const int frames = std::min(framesLeft(out, start), int(0.25 * rate_));
    const float noiseMul = std::exp(-1.0f / (0.08f * float(rate_)));
    const float bodyMul = std::exp(-1.0f / (0.05f * float(rate_)));
    float noiseEnv = 1.f;
    float bodyEnv = 1.f;
    float previous = 0.f;
    double phase = 0.0;
    const std::vector<float>& sine = sineTable();
    float* dst = out.data() + start;
    for (int n = 0; n < frames; ++n) {
        const float x = rng_.noise();
        const float wires = 0.5f * (x - previous);
        previous = x;
        dst[n] +=
            level * ((1.f - 0.6f * tone) * wires * noiseEnv + tone * lookup(sine, phase) * bodyEnv);
        phase += 185.0 / rate_;
        if (phase >= 1.0) phase -= 1.0;
        noiseEnv *= noiseMul;
        bodyEnv *= bodyMul;
    }
}

// High-passed noise with a short (closed hat, shaker) or long (ride, crash) decay.
void Voices::hat(std::vector<float>& out, int start, float level, float decay) {
    if (start < 0 || start >= int(out.size())) return;
    const int frames =
        std::min(framesLeft(out, start), int(std::min(6.f * decay, 0.8f) * float(rate_)));
    const float mul = std::exp(-1.0f / (decay * float(rate_)));
    float env = 1.f;
    float previous = 0.f;
    float* dst = out.data() + start;
    for (int n = 0; n < frames; ++n) {
        const float x = rng_.noise();
        dst[n] += level * 0.5f * (x - previous) * env;
        previous = x;
        env *= mul;
    }
}

}  // namespace tl::demo
