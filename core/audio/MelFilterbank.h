// The mel filterbank exactly as librosa.filters.mel defines it (librosa 0.10): triangles between
// n_mels + 2 points evenly spaced on the mel scale (Slaney's, or HTK's), over the FFT bin
// frequencies linspace(0, sr/2, 1 + n_fft/2), with Slaney area normalisation (2 / bandwidth).
#pragma once

#include <Eigen/Core>
#include <vector>

#include "audio/FrontEndOptions.h"

namespace tl::audio {

double hzToMel(double hz, MelScale scale);
double melToHz(double mel, MelScale scale);
// librosa.mel_frequencies: n points evenly spaced in mel between fmin and fmax, in Hz.
std::vector<double> melFrequencies(int n, double fmin, double fmax, MelScale scale);

// Rows: mel bands; columns: FFT bins (1 + nFft/2). Weights computed in double, stored as float.
Eigen::MatrixXf melFilterbank(int sampleRate, int nFft, int nMels, double fmin, double fmax,
                              MelScale scale, bool slaneyNorm);
inline Eigen::MatrixXf melFilterbank(const FrontEndOptions& o) {
    return melFilterbank(o.sampleRate, o.nFft, o.nMels, o.fmin, o.effectiveFmax(), o.melScale,
                         o.slaneyNorm);
}

// The weights cut into blocks of consecutive bands, each with the range of bins its triangles
// cover: the product with a power spectrogram is then a few small dense matrix products
// (vectorised, ~4x the multiply-adds of the nonzeros but 2.5x faster than a sparse product,
// which is one scalar multiply-add chain per band). A block whose bands are all empty has
// binCount 0.
struct FilterbankBlock {
    int firstBand = 0, bandCount = 0;
    int firstBin = 0, binCount = 0;
};
std::vector<FilterbankBlock> filterbankBlocks(const Eigen::MatrixXf& dense, int bandsPerBlock);

// The centre frequency (Hz) of each mel band: melFrequencies(nMels + 2)[1 .. nMels].
std::vector<float> melBandCentres(const FrontEndOptions& o);

}  // namespace tl::audio
