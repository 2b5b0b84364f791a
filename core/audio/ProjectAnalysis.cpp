#include "audio/ProjectAnalysis.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QElapsedTimer>
#include <QIODevice>
#include <QJsonArray>
#include <QSqlQuery>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "job/Guarded.h"
#include "store/ProjectStore.h"
#include "store/TrainingJournal.h"
#include "util/NativePath.h"
#include "util/ParallelFor.h"

namespace tl::audio {
namespace {

// How often finished files are committed: often enough that a kill loses seconds of work, rarely
// enough that commits cost nothing next to decoding.
constexpr qint64 kBatchMs = 2000;

// A file this much shorter than the scan measured has lost its end (a WAV cut off in a copy).
constexpr double kTruncationSlackMs = 500.0;

struct Job {
    AudioFile file;
    QByteArray fingerprint;
};

struct Outcome {
    size_t job = 0;
    Result<TrackAnalysis> analysis = Status::error(QStringLiteral("not analysed"));
};

// Results of the workers, handed to the writer. Bounded, so fast workers cannot pile up
// hundreds of decoded tracks in memory while the writer is busy.
class OutcomeQueue {
public:
    explicit OutcomeQueue(size_t capacity) : capacity_(capacity) {}
    void push(std::unique_ptr<Outcome> o) {
        std::unique_lock lock(mutex_);
        notFull_.wait(lock, [&] { return items_.size() < capacity_ || closed_; });
        items_.push_back(std::move(o));
        notEmpty_.notify_one();
    }
    // Waits up to `ms` for an item.
    std::unique_ptr<Outcome> pop(int ms) {
        std::unique_lock lock(mutex_);
        if (!notEmpty_.wait_for(lock, std::chrono::milliseconds(ms),
                                [&] { return !items_.empty(); }))
            return nullptr;
        std::unique_ptr<Outcome> o = std::move(items_.front());
        items_.pop_front();
        notFull_.notify_one();
        return o;
    }
    void close() {  // unblocks producers (after a cancel)
        std::lock_guard lock(mutex_);
        closed_ = true;
        notFull_.notify_all();
    }

private:
    size_t capacity_;
    std::mutex mutex_;
    std::condition_variable notFull_, notEmpty_;
    std::deque<std::unique_ptr<Outcome>> items_;  // pointers: cheap moves under the lock
    bool closed_ = false;
};

// Every stored audio fingerprint in one query: a rescan of 10,000 files must not run 20,000.
std::map<qint64, std::pair<QByteArray, QByteArray>> storedFingerprints(ProjectStore& store) {
    std::map<qint64, std::pair<QByteArray, QByteArray>> out;
    QSqlQuery q(store.database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT kind, key, fingerprint FROM results WHERE kind IN (?, ?)"));
    q.addBindValue(kLogMelKind);
    q.addBindValue(kDescriptorsKind);
    if (!q.exec()) return out;
    while (q.next()) {
        auto& slot = out[q.value(1).toLongLong()];
        (q.value(0).toString() == kLogMelKind ? slot.first : slot.second) =
            q.value(2).toByteArray();
    }
    return out;
}

QByteArray descriptorBlob(const TrackDescriptors& d) {
    const auto v = d.toVector();
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setByteOrder(QDataStream::LittleEndian);
    out.setFloatingPointPrecision(QDataStream::SinglePrecision);
    out << qint32(v.size());
    for (float x : v) out << x;
    return bytes;
}

QJsonObject analysisMeta(const AudioFile& file, const TrackAnalysis& a,
                         const FrontEndOptions& options) {
    QJsonArray windows;
    for (size_t i = 0; i < a.windows.size(); ++i)
        windows.append(QJsonObject{{QStringLiteral("start_s"), a.windows[i].startSeconds},
                                   {QStringLiteral("seconds"), a.windows[i].seconds},
                                   {QStringLiteral("frames"), int(a.logMel[i].cols())}});
    return QJsonObject{
        {QStringLiteral("file"), file.path},
        {QStringLiteral("track_id"), double(file.trackId)},
        {QStringLiteral("source_rate"), a.sourceRate},
        {QStringLiteral("source_channels"), a.sourceChannels},
        {QStringLiteral("duration_s"), a.seconds},
        {QStringLiteral("length"),
         a.lengthCounted ? QStringLiteral("decoded to the real end") : QStringLiteral("header")},
        {QStringLiteral("excerpts"), windows},
        {QStringLiteral("options"), options.toJson()}};
}

}  // namespace

QByteArray analysisFingerprint(qint64 size, qint64 mtime, const FrontEndOptions& options) {
    QCryptographicHash hash(QCryptographicHash::Sha1);
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out << size << mtime;
    hash.addData(bytes);
    hash.addData(options.fingerprintBytes());
    return hash.result();
}

Result<AnalyzeReport> analyzeProject(ProjectStore& store, const AnalyzeOptions& options,
                                     const Progress& progress) {
    // The audio front-end is the audio model's first stage (Train Audio Model runs it first):
    // a process killed while analysing is reported as an interrupted audio training.
    const training_journal::Scope journal(store, QStringLiteral("audio"));
    QElapsedTimer timer;
    timer.start();
    AnalyzeReport report;
    const FrontEndOptions& fe = options.frontEnd;
    const auto stored = storedFingerprints(store);
    std::vector<Job> jobs;
    for (AudioFile& file : store.files()) {
        const NativeFileInfo info = statNative(file.path);
        // A missing file is left to the decoder, whose message says so; it is never "unchanged".
        const QByteArray fp =
            info.exists ? analysisFingerprint(info.size, info.mtime, fe) : QByteArray();
        const auto it = stored.find(file.id);
        if (!fp.isEmpty() && it != stored.end() && it->second.first == fp &&
            it->second.second == fp) {
            ++report.skipped;
            continue;
        }
        jobs.push_back({std::move(file), fp});
    }
    if (progress.cancelled()) return Status::cancelled();

    const LogMelFrontEnd frontEnd(fe);
    const FileAnalyser analyse =
        options.analyse ? options.analyse
                        : FileAnalyser([](const QString& path, const LogMelFrontEnd& f,
                                          const Progress* p) { return analyseFile(path, f, p); });
    const int threads =
        std::max(1, std::min<int>(options.threads > 0 ? options.threads : defaultThreadCount(),
                                  int(jobs.size())));
    report.threads = threads;
    OutcomeQueue queue(size_t(threads) * 4);
    std::atomic<size_t> next{0};
    std::atomic<bool> stop{false};  // the writer gave up (store error or cancel)
    std::vector<std::thread> workers;
    for (int t = 0; t < threads && !jobs.empty(); ++t)
        workers.emplace_back([&] {
            for (;;) {
                const size_t i = next.fetch_add(1);
                if (i >= jobs.size() || stop || progress.cancelled()) return;
                const QString& path = jobs[i].file.path;
                // One bad file costs one file: whatever it throws is that file's error.
                queue.push(std::make_unique<Outcome>(Outcome{
                    i, runGuarded(path, [&] { return analyse(path, frontEnd, &progress); })}));
            }
        });
    auto stopWorkers = [&] {
        stop = true;
        queue.close();
        for (auto& w : workers) w.join();
        workers.clear();
    };

    // Results are committed in batches (every kBatchMs), so a failure, a cancel or a killed
    // process keeps every file finished before it; each file's two results go in together.
    std::optional<ProjectStore::Transaction> batch;
    QElapsedTimer sinceCommit;
    sinceCommit.start();
    auto commitBatch = [&]() -> Status {
        if (!batch) return Status::ok();
        Status s = batch->commit();
        batch.reset();
        sinceCommit.restart();
        return s;
    };
    size_t received = 0;
    Status failure;
    while (received < jobs.size()) {
        if (progress.cancelled()) break;
        std::unique_ptr<Outcome> outcome = queue.pop(20);
        if (!outcome) continue;
        ++received;
        const Job& job = jobs[outcome->job];
        Result<TrackAnalysis>& result = outcome->analysis;
        if (!result) {
            if (result.status().isCancelled()) break;
            report.failed.push_back(
                {job.file.id, displayPath(job.file.path), result.status().message()});
        } else if (job.fingerprint.isEmpty()) {
            // decoded, yet it was missing when fingerprinted: it appeared meanwhile; next run
            report.failed.push_back(
                {job.file.id, job.file.path, QStringLiteral("file changed during analysis")});
        } else if (job.file.durationMs > 0 && !result->lengthCounted &&
                   result->seconds * 1000.0 < job.file.durationMs - kTruncationSlackMs) {
            // libsndfile trusts a WAV's size over its header, so a cut-off WAV reads as a
            // shorter file; the scan's duration tells the two apart. A file whose header gave
            // no usable length (a cut Ogg) was decoded to its real end instead: what decodes
            // is analysed, and its meta says so.
            report.failed.push_back(
                {job.file.id, job.file.path,
                 QStringLiteral("%1: truncated: holds %2 s of audio, the scan found %3 s")
                     .arg(job.file.path, QString::number(result->seconds, 'f', 2),
                          QString::number(job.file.durationMs / 1000.0, 'f', 2))});
        } else {
            const TrackAnalysis& a = result.value();
            const QString key = QString::number(job.file.id);
            const QJsonObject meta = analysisMeta(job.file, a, fe);
            if (!batch) batch.emplace(store);
            Status s = batch->status();
            if (s.isOk())
                s = store.putResult(
                    {kLogMelKind, key, job.fingerprint, serialiseLogMel(a), meta, {}});
            if (s.isOk())
                s = store.putResult({kDescriptorsKind,
                                     key,
                                     job.fingerprint,
                                     descriptorBlob(a.descriptors),
                                     a.descriptors.toJson(),
                                     {}});
            if (!s.isOk()) {
                failure = s;
                break;
            }
            ++report.analysed;
            report.audioSeconds += a.audioSeconds();
        }
        if (sinceCommit.elapsed() >= kBatchMs) {
            if (Status s = commitBatch(); !s.isOk()) {
                failure = s;
                break;
            }
        }
        progress.report(double(received) / double(jobs.size()),
                        QStringLiteral("%1 of %2 files").arg(received).arg(jobs.size()));
    }
    const bool cancelled = received < jobs.size();
    stopWorkers();
    if (!failure.isOk()) return failure;  // the open batch rolls back; earlier ones stay
    if (Status s = commitBatch(); !s.isOk()) return s;
    if (cancelled) return Status::cancelled();
    report.seconds = timer.nsecsElapsed() / 1e9;
    return report;
}

std::optional<StoredLogMel> loadLogMel(const ProjectStore& store, Id fileId) {
    auto r = store.result(kLogMelKind, QString::number(fileId));
    if (!r) return std::nullopt;
    auto parsed = deserialiseLogMel(r->data);
    if (!parsed) return std::nullopt;
    return std::move(parsed).value();
}

std::optional<TrackDescriptors> loadDescriptors(const ProjectStore& store, Id fileId) {
    auto r = store.result(kDescriptorsKind, QString::number(fileId));
    if (!r) return std::nullopt;
    QDataStream in(r->data);
    in.setByteOrder(QDataStream::LittleEndian);
    in.setFloatingPointPrecision(QDataStream::SinglePrecision);
    qint32 n = 0;
    in >> n;
    if (n != TrackDescriptors::kValues) return std::nullopt;
    std::array<float, TrackDescriptors::kValues> v{};
    for (float& x : v) in >> x;
    if (in.status() != QDataStream::Ok) return std::nullopt;
    return TrackDescriptors::fromVector(v.data());
}

}  // namespace tl::audio
