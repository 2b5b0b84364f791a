// The demo's genres: what each one sounds like (a recipe the synthesiser follows) and which words
// people use about it (a vocabulary the text documents draw from). Genres are deliberately far
// apart in tempo, rhythm, timbre, pitch and noise so that an audio model has something to learn,
// and their vocabularies are disjoint so that a text model does.
#pragma once

#include <QtGlobal>
#include <array>
#include <vector>

namespace tl::demo {

enum class Timbre { Sine, Triangle, Saw, Square, Organ, Strings, Reese, Bell, Pluck };
enum class ChordStyle { Pad, Stabs, Arpeggio, Power };

// A bar of 16 sixteenth notes; bit i set = a hit on step i.
constexpr quint16 steps(std::initializer_list<int> positions) {
    quint16 bits = 0;
    for (int p : positions) bits = quint16(bits | (1u << p));
    return bits;
}
inline constexpr quint16 kEighths = 0x5555;  // steps 0, 2, …, 14
inline constexpr quint16 kSixteenths = 0xFFFF;
inline constexpr quint16 kBeats = 0x1111;  // steps 0, 4, 8, 12

struct DrumPattern {
    quint16 kick = 0;
    quint16 snare = 0;
    quint16 hat = 0;
    float kickLevel = 0.8f;
    float snareLevel = 0.5f;
    float hatLevel = 0.2f;
    float hatDecay = 0.03f;  // seconds: closed hats are short, rides and shakers ring longer
    float snareTone = 0.4f;  // 0 = all noise (brushes), 1 = mostly the drum's body
};

struct GenreSound {
    float bpmMin = 100.f;
    float bpmMax = 120.f;
    float swing = 0.f;                   // delay of every second 16th, as a fraction of a step
    std::array<DrumPattern, 2> drums{};  // a track plays one of two patterns

    Timbre bass = Timbre::Sine;
    float bassLevel = 0.4f;
    quint16 bassSteps = steps({0, 8});
    int bassNote = 36;     // MIDI note of the lowest root
    bool walking = false;  // a note per beat stepping through the chord (jazz, blues)

    Timbre chords = Timbre::Organ;
    ChordStyle chordStyle = ChordStyle::Pad;
    float chordLevel = 0.3f;
    quint16 chordSteps = 0;  // for stabs
    bool sevenths = false;

    Timbre lead = Timbre::Triangle;
    float leadLevel = 0.3f;
    int leadLow = 60;  // MIDI pitch range of the melody
    int leadHigh = 76;
    float leadNotesPerBeat = 1.f;
    float leadDecay = 0.3f;  // seconds
    float vibrato = 0.f;     // relative depth

    std::array<int, 7> scale{0, 2, 4, 5, 7, 9, 11};  // semitones above the key
    int scaleSize = 7;

    float brightness = 3000.f;  // cut-off of the tonal bus low-pass, Hz
    float noiseLevel = 0.f;     // a noise bed under everything (wind, hiss, amp roar)
    float noiseCutoff = 4000.f;
    float drive = 0.f;  // soft-clip distortion of the tonal bus; 0 = clean

    int minDurationS = 180;  // how long the (notional) full tracks are
    int maxDurationS = 300;
};

struct GenreInfo {
    const char* name;
    GenreSound sound;
    std::vector<const char*> vocabulary;  // lower-case single words, disjoint between genres
};

// All genres, ordered so that any prefix is as varied as possible (small uses the first 8).
const std::vector<GenreInfo>& genreCatalogue();

// Words that say nothing about genre, and ordinary English stop words, that text documents
// mix in so a text model has something to filter.
const std::vector<const char*>& noiseWords();
const std::vector<const char*>& stopWords();

}  // namespace tl::demo
