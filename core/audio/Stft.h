// The short-time Fourier transform as librosa.stft(center=True) computes it: frames of n_fft
// samples every hop, the signal padded by n_fft/2 on both sides with zeros (librosa >= 0.10's
// pad_mode='constant'; older versions reflected), a periodic Hann window
// (scipy.signal.get_window('hann', n_fft)) unless another is asked for (the spectrogram view
// offers Hamming, Blackman-Harris and rectangular), no normalisation. FFTW in single precision.
#pragma once

#include <Eigen/Core>
#include <QString>
#include <vector>

#include "job/Status.h"

namespace tl {
class Progress;
}

namespace tl::audio {

// Number of frames librosa gives with center=True: 1 + len / hop.
inline int stftFrameCount(qint64 samples, int hop) {
    return 1 + int(samples / hop);
}

// Seconds this process has spent making FFTW plans (from the compiled-in wisdom, or
// FFTW_ESTIMATE: never by timing, so the same build makes the same plans everywhere): a cost
// the benchmark reports beside the transforms'.
double fftPlanSeconds();
// Whether every plan made so far came from the compiled-in wisdom (FftwWisdom.h) rather than
// FFTW_ESTIMATE: the benchmark says which plans it measured.
bool fftPlansFromBuild();

// Periodic Hann: 0.5 - 0.5 cos(2 pi n / N), n = 0..N-1.
std::vector<float> periodicHann(int n);

// The analysis windows, periodic (scipy.signal.get_window(name, N), fftbins=True): with x =
// 2 pi n / N, Hann 0.5 - 0.5 cos x; Hamming 0.54 - 0.46 cos x; Blackman-Harris (4-term,
// -92 dB side lobes) 0.35875 - 0.48829 cos x + 0.14128 cos 2x - 0.01168 cos 3x; rectangular 1.
enum class StftWindow { Hann, Hamming, BlackmanHarris, Rectangular };
inline constexpr StftWindow kStftWindows[] = {StftWindow::Hann, StftWindow::Hamming,
                                              StftWindow::BlackmanHarris, StftWindow::Rectangular};
std::vector<float> windowCoefficients(StftWindow window, int n);
QString stftWindowName(StftWindow window);  // "Hann", "Hamming", "Blackman-Harris", "Rectangular"

// Power spectrogram |X|^2: (1 + nFft/2) rows (bins) by frames columns; each column (one frame)
// is contiguous. Frames [firstFrame, firstFrame + frameCount) of the whole signal's frame grid
// are computed (all when frameCount < 0), so a caller can split one signal across threads.
// Polls `progress` every few hundred frames; returns cancelled then.
Status powerSpectrogram(const float* signal, qint64 samples, int nFft, int hop,
                        Eigen::MatrixXf& out, const Progress* progress = nullptr,
                        int firstFrame = 0, int frameCount = -1,
                        StftWindow window = StftWindow::Hann);

}  // namespace tl::audio
