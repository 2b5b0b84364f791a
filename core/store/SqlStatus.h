// Small pieces every file that talks SQL to a project shares.
#pragma once

#include <QSqlError>
#include <QSqlQuery>
#include <QString>

#include "job/Status.h"

namespace tl {

// A failed query as the store reports it: "<what> failed: <SQLite's message>".
inline Status queryError(const QSqlQuery& query, const QString& what) {
    return Status::error(QStringLiteral("%1 failed: %2").arg(what, query.lastError().text()));
}

// SQLite's NOT NULL rejects a null QString; the catalog stores "unknown" as an empty string.
inline QString sqlText(const QString& value) {
    return value.isNull() ? QStringLiteral("") : value;
}

}  // namespace tl
