// core/job/: the small interface every long piece of work in Tastelab shares —
// errors as values (Status, Result<T>) and progress/cancellation (Progress).
#pragma once

#include <QString>

namespace tl {

// The outcome of an operation that can fail or be cancelled. Errors are values, not exceptions,
// so a job can hand them across threads and the GUI can show the message as it is.
class Status {
public:
    enum class Code { Ok, Error, Cancelled };

    Status() = default;
    static Status ok() { return {}; }
    static Status error(QString message) { return Status(Code::Error, std::move(message)); }
    static Status cancelled() { return Status(Code::Cancelled, QStringLiteral("Cancelled")); }

    bool isOk() const { return code_ == Code::Ok; }
    bool isCancelled() const { return code_ == Code::Cancelled; }
    bool isError() const { return code_ == Code::Error; }
    Code code() const { return code_; }
    const QString& message() const { return message_; }

    // Prefixes the message with where it happened ("demo.tastelab: …"), keeping the code.
    Status withContext(const QString& context) const {
        if (isOk()) return *this;
        return Status(code_, context + QStringLiteral(": ") + message_);
    }

private:
    Status(Code code, QString message) : code_(code), message_(std::move(message)) {}
    Code code_ = Code::Ok;
    QString message_;
};

}  // namespace tl
