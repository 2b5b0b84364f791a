// The exception barrier every job runs behind. Tastelab reports errors as values (Status), but
// a library can still throw (std::bad_alloc, std::length_error from a count read off a damaged
// file): that must cost the one job, or the one file, never the process.
#pragma once

#include <QString>
#include <exception>
#include <new>

#include "job/Result.h"

namespace tl {

// Runs `fn` (returning Status or Result<T>) and turns an escaping exception into an error that
// names `what` ("Analyse audio", a file's path) and the exception.
template <typename Fn>
auto runGuarded(const QString& what, Fn&& fn) -> decltype(fn()) {
    try {
        return fn();
    } catch (const std::bad_alloc&) {
        return Status::error(QStringLiteral("%1: out of memory").arg(what));
    } catch (const std::exception& e) {
        return Status::error(
            QStringLiteral("%1: internal error (%2)").arg(what, QString::fromLocal8Bit(e.what())));
    } catch (...) {
        return Status::error(QStringLiteral("%1: internal error (unknown exception)").arg(what));
    }
}

}  // namespace tl
