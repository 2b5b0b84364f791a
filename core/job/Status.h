// core/job/: the small interface every long piece of work in Tastelab shares —
// errors as values (Status, Result<T>) and progress/cancellation (Progress).
#pragma once

#include <QString>

namespace tl {

// What a person can do about an error, named as a step, not as the way to take it: the command
// line words it as its command or flag (app/cli/Cli.cpp), the desktop app as its menu item or
// setting (ui/Remedies.cpp). So an error's message says what is wrong, in words true for every
// front end, and never tells a GUI user to type `tastelab-cli …`.
enum class Remedy {
    None,
    ScanMusicFolder,     // no music file is matched to a track: scan/add a music folder
    AnalyzeAudio,        // no usable log-mels: run the audio front-end (again)
    TrainCf,             // no (usable) CF model: train collaborative filtering
    TrainText,           // no text model: train it
    TrainAudio,          // no audio model: train it
    MorePlaysWithAudio,  // too few tracks with audio are played enough to learn from
    LowerLearningRate,   // the audio network's training diverged
    AddTextSources,      // the text model found nothing to read: add a corpus or tag data
};

// The outcome of an operation that can fail or be cancelled. Errors are values, not exceptions,
// so a job can hand them across threads and the GUI can show the message as it is; an error may
// carry a Remedy, which each front end words in its own terms after the message.
class Status {
public:
    enum class Code { Ok, Error, Cancelled };

    Status() = default;
    static Status ok() { return {}; }
    static Status error(QString message, Remedy remedy = Remedy::None) {
        return Status(Code::Error, std::move(message), remedy);
    }
    static Status cancelled() { return Status(Code::Cancelled, QStringLiteral("Cancelled")); }

    bool isOk() const { return code_ == Code::Ok; }
    bool isCancelled() const { return code_ == Code::Cancelled; }
    bool isError() const { return code_ == Code::Error; }
    Code code() const { return code_; }
    const QString& message() const { return message_; }
    Remedy remedy() const { return remedy_; }

    // Prefixes the message with where it happened ("demo.tastelab: …"), keeping the code and
    // the remedy.
    Status withContext(const QString& context) const {
        if (isOk()) return *this;
        return Status(code_, context + QStringLiteral(": ") + message_, remedy_);
    }

private:
    Status(Code code, QString message, Remedy remedy = Remedy::None)
        : code_(code), message_(std::move(message)), remedy_(remedy) {}
    Code code_ = Code::Ok;
    QString message_;
    Remedy remedy_ = Remedy::None;
};

}  // namespace tl
