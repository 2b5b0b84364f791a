#include "demo/DemoGenres.h"

namespace tl::demo {
namespace {

constexpr std::array<int, 7> kMajor{0, 2, 4, 5, 7, 9, 11};
constexpr std::array<int, 7> kMinor{0, 2, 3, 5, 7, 8, 10};

GenreInfo techno() {
    GenreSound s;
    s.bpmMin = 124, s.bpmMax = 132;
    s.drums[0] = {.kick = kBeats,
                  .snare = steps({4, 12}),
                  .hat = steps({2, 6, 10, 14}),
                  .kickLevel = 1.f,
                  .snareLevel = 0.3f,
                  .hatLevel = 0.25f,
                  .hatDecay = 0.05f,
                  .snareTone = 0.1f};
    s.drums[1] = {.kick = kBeats,
                  .snare = 0,
                  .hat = kSixteenths,
                  .kickLevel = 1.f,
                  .hatLevel = 0.15f,
                  .hatDecay = 0.02f};
    s.bass = Timbre::Saw, s.bassLevel = 0.45f, s.bassSteps = steps({2, 6, 10, 14}), s.bassNote = 36;
    s.chords = Timbre::Square, s.chordStyle = ChordStyle::Stabs, s.chordLevel = 0.2f;
    s.chordSteps = steps({3, 11});
    s.lead = Timbre::Saw, s.leadLevel = 0.15f, s.leadLow = 60, s.leadHigh = 72;
    s.leadNotesPerBeat = 0.25f, s.leadDecay = 0.12f;
    s.scale = kMinor;
    s.brightness = 1800.f, s.noiseLevel = 0.002f, s.noiseCutoff = 6000.f;
    s.minDurationS = 300, s.maxDurationS = 420;
    return {"Techno", s, {"warehouse", "modular",    "hypnotic",   "acid",       "berlin",
                          "rave",      "minimal",    "strobe",     "dancefloor", "afterhours",
                          "sequencer", "industrial", "pulse",      "bunker",     "detroit",
                          "squelch",   "throbbing",  "relentless", "machines",   "darkroom",
                          "kickdrum",  "techno"}};
}

GenreInfo ambient() {
    GenreSound s;
    s.bpmMin = 60, s.bpmMax = 76;  // no drums: the tempo only paces the harmony
    s.bass = Timbre::Sine, s.bassLevel = 0.3f, s.bassSteps = steps({0}), s.bassNote = 36;
    s.chords = Timbre::Strings, s.chordStyle = ChordStyle::Pad, s.chordLevel = 0.5f;
    s.lead = Timbre::Bell, s.leadLevel = 0.25f, s.leadLow = 74, s.leadHigh = 93;
    s.leadNotesPerBeat = 0.3f, s.leadDecay = 1.6f;
    s.scale = {0, 2, 4, 7, 9, 0, 0}, s.scaleSize = 5;  // major pentatonic
    s.brightness = 1200.f, s.noiseLevel = 0.03f, s.noiseCutoff = 400.f;
    s.minDurationS = 300, s.maxDurationS = 540;
    return {"Ambient", s, {"drone",      "texture",    "atmospheric", "meditative", "ethereal",
                           "tape",       "shimmering", "glacial",     "reverb",     "stillness",
                           "haze",       "dreamlike",  "spacious",    "horizon",    "tranquil",
                           "soundscape", "hush",       "weightless",  "oceanic",    "calm",
                           "ambient"}};
}

GenreInfo hipHop() {
    GenreSound s;
    s.bpmMin = 84, s.bpmMax = 96, s.swing = 0.22f;
    s.drums[0] = {.kick = steps({0, 7, 10}),
                  .snare = steps({4, 12}),
                  .hat = kEighths,
                  .kickLevel = 1.f,
                  .snareLevel = 0.7f,
                  .hatLevel = 0.2f,
                  .hatDecay = 0.03f,
                  .snareTone = 0.5f};
    s.drums[1] = {.kick = steps({0, 3, 10}),
                  .snare = steps({4, 12}),
                  .hat = steps({0, 2, 4, 6, 7, 8, 10, 12, 14, 15}),
                  .kickLevel = 1.f,
                  .snareLevel = 0.7f,
                  .hatLevel = 0.18f,
                  .hatDecay = 0.025f,
                  .snareTone = 0.5f};
    s.bass = Timbre::Sine, s.bassLevel = 0.6f, s.bassSteps = steps({0, 7, 10}), s.bassNote = 33;
    s.chords = Timbre::Organ, s.chordStyle = ChordStyle::Stabs, s.chordLevel = 0.22f;
    s.chordSteps = steps({0, 6});
    s.lead = Timbre::Triangle, s.leadLevel = 0.25f, s.leadLow = 60, s.leadHigh = 74;
    s.leadNotesPerBeat = 0.5f, s.leadDecay = 0.3f;
    s.scale = {0, 2, 3, 5, 7, 9, 10};  // dorian
    s.brightness = 2200.f, s.noiseLevel = 0.004f, s.noiseCutoff = 7000.f, s.drive = 0.3f;
    s.minDurationS = 180, s.maxDurationS = 260;
    return {"Hip Hop", s, {"rhymes",  "verses",     "sampler",    "boombap",  "cypher",    "flow",
                           "mixtape", "turntables", "scratching", "lyricist", "bars",      "hook",
                           "crates",  "freestyle",  "punchlines", "streets",  "beatmaker", "bounce",
                           "swagger", "rapper",     "hiphop"}};
}

GenreInfo folk() {
    GenreSound s;
    s.bpmMin = 96, s.bpmMax = 116;
    s.drums[0] = {.hat = kEighths, .hatLevel = 0.12f, .hatDecay = 0.06f};  // a shaker
    s.drums[1] = {.kick = steps({0, 8}),
                  .hat = kEighths,
                  .kickLevel = 0.35f,
                  .hatLevel = 0.1f,
                  .hatDecay = 0.06f};  // foot stomp and shaker
    s.bass = Timbre::Triangle, s.bassLevel = 0.3f, s.bassSteps = steps({0, 8}), s.bassNote = 40;
    s.chords = Timbre::Pluck, s.chordStyle = ChordStyle::Arpeggio, s.chordLevel = 0.5f;
    s.lead = Timbre::Strings, s.leadLevel = 0.25f, s.leadLow = 62, s.leadHigh = 79;
    s.leadNotesPerBeat = 1.f, s.leadDecay = 0.4f, s.vibrato = 0.004f;
    s.scale = kMajor;
    s.brightness = 4500.f;
    s.minDurationS = 160, s.maxDurationS = 280;
    return {"Folk", s, {"acoustic",    "fiddle",   "banjo",      "ballads",   "harmonies",
                        "storyteller", "campfire", "troubadour", "mandolin",  "fingerpicked",
                        "rustic",      "porch",    "woodland",   "tradition", "hymns",
                        "heartland",   "lanterns", "wanderer",   "autoharp",  "folk"}};
}

GenreInfo metal() {
    GenreSound s;
    s.bpmMin = 150, s.bpmMax = 190;
    s.drums[0] = {.kick = kSixteenths,
                  .snare = steps({4, 12}),
                  .hat = steps({0, 8}),
                  .kickLevel = 0.6f,
                  .snareLevel = 0.8f,
                  .hatLevel = 0.3f,
                  .hatDecay = 0.3f,
                  .snareTone = 0.4f};
    s.drums[1] = {.kick = kEighths,
                  .snare = steps({4, 12}),
                  .hat = kEighths,
                  .kickLevel = 0.7f,
                  .snareLevel = 0.8f,
                  .hatLevel = 0.25f,
                  .hatDecay = 0.12f,
                  .snareTone = 0.4f};
    s.bass = Timbre::Square, s.bassLevel = 0.45f, s.bassSteps = kEighths, s.bassNote = 28;
    s.chords = Timbre::Saw, s.chordStyle = ChordStyle::Power, s.chordLevel = 0.6f;
    s.chordSteps = kEighths;
    s.lead = Timbre::Saw, s.leadLevel = 0.25f, s.leadLow = 52, s.leadHigh = 76;
    s.leadNotesPerBeat = 1.f, s.leadDecay = 0.2f, s.vibrato = 0.01f;
    s.scale = {0, 1, 3, 5, 7, 8, 10};  // phrygian
    s.brightness = 4500.f, s.noiseLevel = 0.015f, s.noiseCutoff = 9000.f, s.drive = 5.f;
    s.minDurationS = 200, s.maxDurationS = 400;
    return {"Metal", s, {"riffs",      "distortion", "shred",      "headbanging", "blastbeats",
                         "brutal",     "thrash",     "doom",       "growled",     "moshpit",
                         "amplifiers", "chugging",   "sludge",     "shredding",   "crushing",
                         "pummelling", "leather",    "thunderous", "breakdown",   "molten",
                         "metal"}};
}

GenreInfo jazz() {
    GenreSound s;
    s.bpmMin = 120, s.bpmMax = 160, s.swing = 0.33f;
    // Ride cymbal "ding, ding-a ding", a soft kick, brushes on the snare.
    s.drums[0] = {.kick = steps({0}),
                  .snare = steps({4, 12}),
                  .hat = steps({0, 4, 6, 8, 12, 14}),
                  .kickLevel = 0.25f,
                  .snareLevel = 0.15f,
                  .hatLevel = 0.22f,
                  .hatDecay = 0.25f,
                  .snareTone = 0.f};
    s.drums[1] = {.kick = steps({0, 10}),
                  .snare = steps({4, 12}),
                  .hat = steps({0, 4, 6, 8, 12, 14}),
                  .kickLevel = 0.25f,
                  .snareLevel = 0.15f,
                  .hatLevel = 0.22f,
                  .hatDecay = 0.25f,
                  .snareTone = 0.f};
    s.bass = Timbre::Triangle, s.bassLevel = 0.5f, s.bassSteps = kBeats, s.bassNote = 36;
    s.walking = true;
    s.chords = Timbre::Organ, s.chordStyle = ChordStyle::Stabs, s.chordLevel = 0.22f;
    s.chordSteps = steps({0, 6, 10}), s.sevenths = true;
    s.lead = Timbre::Square, s.leadLevel = 0.2f, s.leadLow = 58, s.leadHigh = 79;
    s.leadNotesPerBeat = 1.5f, s.leadDecay = 0.25f, s.vibrato = 0.006f;
    s.scale = {0, 2, 4, 5, 7, 9, 10};  // mixolydian
    s.brightness = 2600.f, s.noiseLevel = 0.002f, s.noiseCutoff = 5000.f;
    s.minDurationS = 240, s.maxDurationS = 420;
    return {"Jazz", s, {"improvisation", "saxophone", "trumpet",   "bebop",      "standards",
                        "quartet",       "swinging",  "upright",   "brushes",    "modal",
                        "solos",         "smoky",     "trio",      "vibraphone", "syncopation",
                        "bandleader",    "voicings",  "speakeasy", "horns",      "jazz"}};
}

GenreInfo classical() {
    GenreSound s;
    s.bpmMin = 70, s.bpmMax = 100;  // no drums
    s.bass = Timbre::Strings, s.bassLevel = 0.35f, s.bassSteps = steps({0, 8}), s.bassNote = 43;
    s.chords = Timbre::Strings, s.chordStyle = ChordStyle::Pad, s.chordLevel = 0.3f;
    s.lead = Timbre::Strings, s.leadLevel = 0.4f, s.leadLow = 67, s.leadHigh = 91;
    s.leadNotesPerBeat = 2.f, s.leadDecay = 0.5f, s.vibrato = 0.006f;
    s.scale = {0, 2, 3, 5, 7, 8, 11};  // harmonic minor
    s.brightness = 6000.f;
    s.minDurationS = 240, s.maxDurationS = 600;
    return {"Classical", s, {"sonata",  "orchestra",   "concerto",  "violin",       "cello",
                             "chamber", "movements",   "symphony",  "counterpoint", "allegro",
                             "adagio",  "baroque",     "conductor", "partita",      "viola",
                             "score",   "harpsichord", "romantic",  "recital",      "classical"}};
}

GenreInfo drumAndBass() {
    GenreSound s;
    s.bpmMin = 168, s.bpmMax = 176;
    s.drums[0] = {.kick = steps({0, 10}),
                  .snare = steps({4, 12}),
                  .hat = kEighths,
                  .kickLevel = 0.9f,
                  .snareLevel = 0.8f,
                  .hatLevel = 0.18f,
                  .hatDecay = 0.02f,
                  .snareTone = 0.6f};
    s.drums[1] = {.kick = steps({0, 6, 10}),
                  .snare = steps({4, 12, 15}),
                  .hat = kSixteenths,
                  .kickLevel = 0.9f,
                  .snareLevel = 0.8f,
                  .hatLevel = 0.12f,
                  .hatDecay = 0.02f,
                  .snareTone = 0.6f};
    s.bass = Timbre::Reese, s.bassLevel = 0.55f, s.bassSteps = steps({0, 6, 10}), s.bassNote = 31;
    s.chords = Timbre::Strings, s.chordStyle = ChordStyle::Pad, s.chordLevel = 0.2f;
    s.lead = Timbre::Bell, s.leadLevel = 0.15f, s.leadLow = 70, s.leadHigh = 86;
    s.leadNotesPerBeat = 0.25f, s.leadDecay = 0.6f;
    s.scale = kMinor;
    s.brightness = 3000.f, s.noiseLevel = 0.003f, s.noiseCutoff = 8000.f, s.drive = 1.f;
    s.minDurationS = 300, s.maxDurationS = 400;
    return {"Drum and Bass", s, {"jungle",    "amen",     "breakbeats", "rollers",   "liquid",
                                 "neurofunk", "reese",    "pirate",     "tearout",   "halftime",
                                 "dubplate",  "rinse",    "junglist",   "basslines", "choppy",
                                 "breaks",    "velocity", "dnb",        "subwoofer", "drumfunk"}};
}

GenreInfo reggae() {
    GenreSound s;
    s.bpmMin = 70, s.bpmMax = 84, s.swing = 0.1f;
    s.drums[0] = {.kick = steps({8}),
                  .snare = steps({8}),
                  .hat = kEighths,
                  .kickLevel = 0.9f,
                  .snareLevel = 0.5f,
                  .hatLevel = 0.15f,
                  .hatDecay = 0.03f,
                  .snareTone = 0.9f};  // one drop, rim shot
    s.drums[1] = {.kick = kBeats,
                  .snare = steps({8}),
                  .hat = kEighths,
                  .kickLevel = 0.8f,
                  .snareLevel = 0.5f,
                  .hatLevel = 0.15f,
                  .hatDecay = 0.03f,
                  .snareTone = 0.9f};  // steppers
    s.bass = Timbre::Sine, s.bassLevel = 0.65f, s.bassSteps = steps({0, 3, 6, 8, 11});
    s.bassNote = 36;
    s.chords = Timbre::Organ, s.chordStyle = ChordStyle::Stabs, s.chordLevel = 0.3f;
    s.chordSteps = steps({4, 12});  // the skank on the off-beat
    s.lead = Timbre::Square, s.leadLevel = 0.18f, s.leadLow = 60, s.leadHigh = 76;
    s.leadNotesPerBeat = 0.5f, s.leadDecay = 0.3f, s.vibrato = 0.003f;
    s.scale = kMajor;
    s.brightness = 1800.f, s.noiseLevel = 0.003f, s.noiseCutoff = 3000.f;
    s.minDurationS = 200, s.maxDurationS = 320;
    return {"Reggae", s, {"riddim",   "dub",         "skank",     "offbeat",  "roots",
                          "rasta",    "soundsystem", "dancehall", "kingston", "onedrop",
                          "toasting", "sunsplash",   "irie",      "lovers",   "yard",
                          "steppers", "melodica",    "version",   "selector", "reggae"}};
}

GenreInfo synthpop() {
    GenreSound s;
    s.bpmMin = 110, s.bpmMax = 126;
    s.drums[0] = {.kick = steps({0, 8}),
                  .snare = steps({4, 12}),
                  .hat = kSixteenths,
                  .kickLevel = 0.8f,
                  .snareLevel = 0.6f,
                  .hatLevel = 0.15f,
                  .hatDecay = 0.02f,
                  .snareTone = 0.3f};
    s.drums[1] = {.kick = steps({0, 6, 8}),
                  .snare = steps({4, 12}),
                  .hat = kEighths,
                  .kickLevel = 0.8f,
                  .snareLevel = 0.6f,
                  .hatLevel = 0.15f,
                  .hatDecay = 0.02f,
                  .snareTone = 0.3f};
    s.bass = Timbre::Square, s.bassLevel = 0.35f, s.bassSteps = kEighths, s.bassNote = 36;
    s.chords = Timbre::Saw, s.chordStyle = ChordStyle::Arpeggio, s.chordLevel = 0.25f;
    s.lead = Timbre::Square, s.leadLevel = 0.25f, s.leadLow = 67, s.leadHigh = 84;
    s.leadNotesPerBeat = 1.f, s.leadDecay = 0.25f, s.vibrato = 0.004f;
    s.scale = kMajor;
    s.brightness = 5000.f, s.noiseLevel = 0.001f, s.noiseCutoff = 8000.f;
    s.minDurationS = 200, s.maxDurationS = 280;
    return {"Synthpop", s, {"neon",     "retro",       "arpeggios", "eighties",  "glossy",
                            "synths",   "drummachine", "newwave",   "sparkling", "keytar",
                            "anthemic", "vocoder",     "pastel",    "nostalgic", "catchy",
                            "lasers",   "chrome",      "synthpop",  "dancepop",  "electropop"}};
}

GenreInfo blues() {
    GenreSound s;
    s.bpmMin = 70, s.bpmMax = 92, s.swing = 0.3f;
    s.drums[0] = {.kick = steps({0, 8}),
                  .snare = steps({4, 12}),
                  .hat = steps({0, 3, 4, 7, 8, 11, 12, 15}),
                  .kickLevel = 0.6f,
                  .snareLevel = 0.5f,
                  .hatLevel = 0.15f,
                  .hatDecay = 0.05f,
                  .snareTone = 0.5f};
    s.drums[1] = {.kick = steps({0, 10}),
                  .snare = steps({4, 12}),
                  .hat = kEighths,
                  .kickLevel = 0.6f,
                  .snareLevel = 0.5f,
                  .hatLevel = 0.15f,
                  .hatDecay = 0.05f,
                  .snareTone = 0.5f};
    s.bass = Timbre::Triangle, s.bassLevel = 0.45f, s.bassSteps = kBeats, s.bassNote = 40;
    s.walking = true;
    s.chords = Timbre::Organ, s.chordStyle = ChordStyle::Pad, s.chordLevel = 0.22f;
    s.sevenths = true;
    s.lead = Timbre::Square, s.leadLevel = 0.25f, s.leadLow = 64, s.leadHigh = 81;
    s.leadNotesPerBeat = 1.f, s.leadDecay = 0.4f, s.vibrato = 0.012f;  // a harmonica
    s.scale = {0, 3, 5, 6, 7, 10, 0}, s.scaleSize = 6;                 // blues scale
    s.brightness = 2200.f, s.noiseLevel = 0.003f, s.noiseCutoff = 4000.f, s.drive = 0.5f;
    s.minDurationS = 180, s.maxDurationS = 330;
    return {"Blues", s, {"harmonica", "slide",       "delta",       "shuffle", "bottleneck",
                         "juke",      "twelvebar",   "lament",      "weary",   "crossroads",
                         "gravelly",  "soulful",     "mississippi", "sorrow",  "bending",
                         "dobro",     "barrelhouse", "moaning",     "blues",   "chicago"}};
}

GenreInfo shoegaze() {
    GenreSound s;
    s.bpmMin = 118, s.bpmMax = 136;
    s.drums[0] = {.kick = steps({0, 8, 10}),
                  .snare = steps({4, 12}),
                  .hat = kEighths,
                  .kickLevel = 0.7f,
                  .snareLevel = 0.6f,
                  .hatLevel = 0.2f,
                  .hatDecay = 0.2f,
                  .snareTone = 0.3f};
    s.drums[1] = {.kick = steps({0, 8}),
                  .snare = steps({4, 12}),
                  .hat = kEighths,
                  .kickLevel = 0.7f,
                  .snareLevel = 0.6f,
                  .hatLevel = 0.2f,
                  .hatDecay = 0.2f,
                  .snareTone = 0.3f};
    s.bass = Timbre::Saw, s.bassLevel = 0.4f, s.bassSteps = kEighths, s.bassNote = 38;
    s.chords = Timbre::Saw, s.chordStyle = ChordStyle::Pad, s.chordLevel = 0.6f;
    s.lead = Timbre::Strings, s.leadLevel = 0.25f, s.leadLow = 64, s.leadHigh = 80;
    s.leadNotesPerBeat = 0.5f, s.leadDecay = 0.8f, s.vibrato = 0.008f;
    s.scale = kMajor;
    s.brightness = 3500.f, s.noiseLevel = 0.03f, s.noiseCutoff = 5000.f, s.drive = 3.f;
    s.minDurationS = 240, s.maxDurationS = 380;
    return {"Shoegaze", s, {"fuzz",    "feedback", "wall",       "dreamy",     "washes",
                            "pedals",  "swirling", "blurred",    "shoegazing", "murky",
                            "woozy",   "gauzy",    "overdriven", "tremolo",    "vapour",
                            "distant", "droning",  "whirling",   "cocooned",   "shoegaze"}};
}

}  // namespace

const std::vector<GenreInfo>& genreCatalogue() {
    static const std::vector<GenreInfo> genres = {
        techno(),    ambient(),     hipHop(), folk(),     metal(), jazz(),
        classical(), drumAndBass(), reggae(), synthpop(), blues(), shoegaze(),
    };
    return genres;
}

const std::vector<const char*>& noiseWords() {
    static const std::vector<const char*> words = {
        "album",  "song",   "songs",    "record",  "release",  "band",   "tour",      "fans",
        "stage",  "label",  "city",     "summer",  "winter",   "night",  "friends",   "studio",
        "radio",  "review", "critics",  "debut",   "single",   "year",   "years",     "show",
        "live",   "new",    "second",   "latest",  "early",    "people", "world",     "music",
        "sound",  "track",  "video",    "love",    "home",     "road",   "festival",  "interview",
        "career", "style",  "voice",    "guitar",  "piano",    "drums",  "producer",  "members",
        "story",  "played", "recorded", "written", "released", "heard",  "favourite", "best",
    };
    return words;
}

const std::vector<const char*>& stopWords() {
    static const std::vector<const char*> words = {
        "the",   "a",     "an",   "and",  "or",   "but",   "of",    "to",   "in",    "on",
        "at",    "by",    "for",  "with", "from", "into",  "is",    "are",  "was",   "were",
        "be",    "been",  "has",  "have", "had",  "it",    "its",   "this", "that",  "these",
        "their", "they",  "them", "his",  "her",  "she",   "he",    "who",  "which", "what",
        "when",  "where", "as",   "than", "then", "so",    "very",  "more", "most",  "all",
        "some",  "not",   "no",   "also", "just", "about", "after", "over", "out",   "up",
    };
    return words;
}

}  // namespace tl::demo
