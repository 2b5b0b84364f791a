#include "audio/Stft.h"

#include <fftw3.h>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QSysInfo>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <numbers>

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

// FFTW_PATIENT tries more algorithms than FFTW_MEASURE: ~0.8 s of planning for a 2,048-point
// transform that then runs ~10% faster (BENCHMARKS.md, audio). The choice is remembered as FFTW
// "wisdom" in the user's cache directory, per host (wisdom is only valid on the CPU it was timed
// on), so only the first process on a machine pays the planning. A missing or unreadable
// wisdom file only costs that time again; a failed write is ignored for the same reason.
QString wisdomPath() {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation);
    if (dir.isEmpty()) return {};
    return dir + QStringLiteral("/tastelab/fftwf-wisdom-") + QSysInfo::machineHostName();
}

void saveWisdom(const QString& path) {
    if (path.isEmpty() || !QDir().mkpath(QFileInfo(path).absolutePath())) return;
    // Written beside and renamed over: another process may be reading it.
    const QString tmp = path + QStringLiteral(".%1.tmp").arg(QCoreApplication::applicationPid());
    if (fftwf_export_wisdom_to_filename(QFile::encodeName(tmp).constData()) &&
        std::rename(QFile::encodeName(tmp).constData(), QFile::encodeName(path).constData()) == 0)
        return;
    QFile::remove(tmp);
}

const R2cPlan& planFor(int nFft) {
    static std::map<int, std::unique_ptr<R2cPlan>> plans;
    static bool wisdomLoaded = false;
    std::lock_guard lock(plannerMutex());
    auto& slot = plans[nFft];
    if (!slot) {
        QElapsedTimer timer;
        timer.start();
        const QString path = wisdomPath();
        if (!wisdomLoaded && !path.isEmpty() && QFile::exists(path))
            fftwf_import_wisdom_from_filename(QFile::encodeName(path).constData());
        wisdomLoaded = true;
        auto p = std::make_unique<R2cPlan>();
        float* in = fftwf_alloc_real(size_t(nFft));
        fftwf_complex* out = fftwf_alloc_complex(size_t(nFft / 2 + 1));
        // WISDOM_ONLY first: tells whether this plan was known, so a new one is saved.
        p->plan = fftwf_plan_dft_r2c_1d(nFft, in, out,
                                        FFTW_PATIENT | FFTW_DESTROY_INPUT | FFTW_WISDOM_ONLY);
        if (!p->plan) {
            p->plan = fftwf_plan_dft_r2c_1d(nFft, in, out, FFTW_PATIENT | FFTW_DESTROY_INPUT);
            saveWisdom(path);
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

std::vector<float> periodicHann(int n) {
    std::vector<float> w(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i)
        w[size_t(i)] = float(0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * i / n));
    return w;
}

Status powerSpectrogram(const float* signal, qint64 samples, int nFft, int hop,
                        Eigen::MatrixXf& out, const Progress* progress, int firstFrame,
                        int frameCount) {
    const int totalFrames = stftFrameCount(samples, hop);
    if (frameCount < 0) frameCount = totalFrames - firstFrame;
    const int bins = nFft / 2 + 1;
    out.resize(bins, frameCount);
    const R2cPlan& plan = planFor(nFft);
    std::unique_ptr<float, FftwFree> in(fftwf_alloc_real(size_t(nFft)));
    std::unique_ptr<fftwf_complex, FftwFree> spec(fftwf_alloc_complex(size_t(bins)));
    const qint64 pad = nFft / 2;
    const float* w = plan.window.data();
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
