#include "audio/Stft.h"

#include <fftw3.h>

#include <QElapsedTimer>
#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <numbers>

#include "audio/FftwWisdom.h"
#include "job/Progress.h"

namespace tl::audio {
namespace {

// FFTW's planner is not thread-safe, execution is: plans are made once per size under a lock
// and then executed from any thread with fftwf_execute_dft_r2c on arrays from fftwf_malloc
// (which have the alignment the plan was made for). Plans live until the process ends.
struct R2cPlan {
    fftwf_plan plan = nullptr;
    std::vector<float> window;
};

std::mutex& plannerMutex() {
    static std::mutex mutex;
    return mutex;
}
double planSeconds = 0;  // guarded by plannerMutex()

// Plans never depend on timing. FFTW_MEASURE/PATIENT choose among algorithms by how fast each
// happens to run, and per-host "wisdom" remembered the choice: the last bits of every log-mel
// (hence the audio model, maps and playlists) then differed from machine to machine, and two
// machines kept different audio models from one seed. The plans a timed search found once are
// compiled in instead (FftwWisdom.h) and planned with FFTW_WISDOM_ONLY: the same build makes
// the same plans everywhere, at a timed plan's speed (FFTW_ESTIMATE's own choice is ~40%
// slower per transform here). A size they lack, or a CPU that cannot run their codelets, gets
// FFTW_ESTIMATE (FFTW's cost model: no timing either).
bool planFromBuild = true;  // guarded by plannerMutex(): every plan so far came from FftwWisdom.h

const R2cPlan& planFor(int nFft) {
    static std::map<int, std::unique_ptr<R2cPlan>> plans;
    std::lock_guard lock(plannerMutex());
    static const bool imported = fftwf_import_wisdom_from_string(kFftwWisdom) != 0;
    auto& slot = plans[nFft];
    if (!slot) {
        QElapsedTimer timer;
        timer.start();
        auto p = std::make_unique<R2cPlan>();
        float* in = fftwf_alloc_real(size_t(nFft));
        fftwf_complex* out = fftwf_alloc_complex(size_t(nFft / 2 + 1));
        if (imported)
            p->plan = fftwf_plan_dft_r2c_1d(nFft, in, out,
                                            FFTW_PATIENT | FFTW_DESTROY_INPUT | FFTW_WISDOM_ONLY);
        if (!p->plan) {
            planFromBuild = false;
            p->plan = fftwf_plan_dft_r2c_1d(nFft, in, out, FFTW_ESTIMATE | FFTW_DESTROY_INPUT);
        }
        fftwf_free(in);
        fftwf_free(out);
        p->window = periodicHann(nFft);
        slot = std::move(p);
        planSeconds += timer.nsecsElapsed() / 1e9;
    }
    return *slot;
}

struct FftwFree {
    void operator()(void* p) const { fftwf_free(p); }
};

}  // namespace

double fftPlanSeconds() {
    std::lock_guard lock(plannerMutex());
    return planSeconds;
}

bool fftPlansFromBuild() {
    std::lock_guard lock(plannerMutex());
    return planFromBuild;
}

std::vector<float> periodicHann(int n) {
    return windowCoefficients(StftWindow::Hann, n);
}

std::vector<float> windowCoefficients(StftWindow window, int n) {
    std::vector<float> w(static_cast<size_t>(std::max(0, n)));
    for (int i = 0; i < n; ++i) {
        const double x = 2.0 * std::numbers::pi * i / n;
        double v = 1.0;
        switch (window) {
            case StftWindow::Hann:
                v = 0.5 - 0.5 * std::cos(x);
                break;
            case StftWindow::Hamming:
                v = 0.54 - 0.46 * std::cos(x);
                break;
            case StftWindow::BlackmanHarris:
                v = 0.35875 - 0.48829 * std::cos(x) + 0.14128 * std::cos(2 * x) -
                    0.01168 * std::cos(3 * x);
                break;
            case StftWindow::Rectangular:
                break;
        }
        w[size_t(i)] = float(v);
    }
    return w;
}

QString stftWindowName(StftWindow window) {
    switch (window) {
        case StftWindow::Hann:
            return QStringLiteral("Hann");
        case StftWindow::Hamming:
            return QStringLiteral("Hamming");
        case StftWindow::BlackmanHarris:
            return QStringLiteral("Blackman-Harris");
        case StftWindow::Rectangular:
            return QStringLiteral("Rectangular");
    }
    return {};
}

Status powerSpectrogram(const float* signal, qint64 samples, int nFft, int hop,
                        Eigen::MatrixXf& out, const Progress* progress, int firstFrame,
                        int frameCount, StftWindow window) {
    const int totalFrames = stftFrameCount(samples, hop);
    if (frameCount < 0) frameCount = totalFrames - firstFrame;
    const int bins = nFft / 2 + 1;
    out.resize(bins, frameCount);
    const R2cPlan& plan = planFor(nFft);
    std::unique_ptr<float, FftwFree> in(fftwf_alloc_real(size_t(nFft)));
    std::unique_ptr<fftwf_complex, FftwFree> spec(fftwf_alloc_complex(size_t(bins)));
    const qint64 pad = nFft / 2;
    // The plan keeps Hann (what the analysis uses); another window costs n_fft cosines a call.
    std::vector<float> other;
    if (window != StftWindow::Hann) other = windowCoefficients(window, nFft);
    const float* w = window == StftWindow::Hann ? plan.window.data() : other.data();
    for (int f = 0; f < frameCount; ++f) {
        if (progress && (f & 255) == 255 && progress->cancelled()) return Status::cancelled();
        // Frame t covers padded samples [t*hop, t*hop + nFft), i.e. signal [t*hop - pad, ...).
        const qint64 start = qint64(firstFrame + f) * hop - pad;
        float* x = in.get();
        if (start >= 0 && start + nFft <= samples) {
            const float* s = signal + start;
            for (int i = 0; i < nFft; ++i) x[i] = s[i] * w[i];
        } else {
            for (int i = 0; i < nFft; ++i) {
                const qint64 j = start + i;
                x[i] = (j >= 0 && j < samples) ? signal[j] * w[i] : 0.0f;
            }
        }
        fftwf_execute_dft_r2c(plan.plan, x, spec.get());
        float* col = out.col(f).data();
        const fftwf_complex* c = spec.get();
        for (int k = 0; k < bins; ++k) col[k] = c[k][0] * c[k][0] + c[k][1] * c[k][1];
    }
    return Status::ok();
}

}  // namespace tl::audio
