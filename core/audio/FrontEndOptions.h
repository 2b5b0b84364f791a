// core/audio/: the audio front-end — decoding any file libsndfile reads to mono at the analysis
// rate (libsoxr), excerpts chosen as Spotify's audio model did, the STFT (FFTW), the mel
// filterbank and log compression as librosa defines them, classic per-track descriptors, storing
// all of it per file in the project, and whole-track spectrograms for the spectrogram view.
#pragma once

#include <QByteArray>
#include <QJsonObject>

namespace tl::audio {

enum class MelScale { Slaney, Htk };  // librosa's htk=False (default) / htk=True

// Which parts of a track are analysed. Dieleman's and Spotify's audio model looked at a few short
// windows spread through each track, not the whole of it: decode cost stays flat per track.
enum class ExcerptMode { Windows, Whole };

struct FrontEndOptions {
    int sampleRate = 22050;  // analysis rate (librosa's default)
    int nFft = 2048;
    int hop = 512;
    int nMels = 128;
    double fmin = 0.0;
    double fmax = 0.0;  // 0: sampleRate / 2
    MelScale melScale = MelScale::Slaney;
    bool slaneyNorm = true;  // librosa norm='slaney' (area normalisation); false: no norm
    double amin = 1e-10;     // power_to_db
    double ref = 1.0;
    double topDb = 80.0;  // <= 0: no floor
    ExcerptMode excerptMode = ExcerptMode::Windows;
    int excerptCount = 3;
    double excerptSeconds = 10.0;

    double effectiveFmax() const { return fmax > 0 ? fmax : sampleRate / 2.0; }
    // Everything that changes the stored output, as bytes for a fingerprint.
    QByteArray fingerprintBytes() const;
    QJsonObject toJson() const;
};

}  // namespace tl::audio
