#include "store/TrainingJournal.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QSysInfo>
#include <QVariant>
#include <algorithm>
#include <cerrno>
#include <csignal>

#include "store/ProjectStore.h"

namespace tl {
namespace {

const QString kPrefix = QStringLiteral("training.running.");

// The process's start time since boot in clock ticks (field 22 of /proc/PID/stat), or 0. With
// the pid it names one process for the machine's uptime: a pid reused by a later process has a
// later start time, so an old entry is never mistaken for a live training.
qint64 processStartTicks(qint64 pid) {
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly)) return 0;
    const QByteArray line = stat.readAll();
    // The command name (field 2) is in parentheses and may hold spaces: count from its end.
    const qsizetype close = line.lastIndexOf(')');
    if (close < 0) return 0;
    const QList<QByteArray> fields = line.mid(close + 2).split(' ');
    // fields[0] is field 3 (state), so field 22 is fields[19].
    return fields.size() > 19 ? fields[19].toLongLong() : 0;
}

QString thisHost() {
    return QSysInfo::machineHostName();
}

QDateTime modelCreated(ProjectStore& store, const QString& job) {
    const auto model = training_journal::modelResultOf(job);
    if (!model) return {};
    QSqlQuery q(store.database());
    q.prepare(QStringLiteral("SELECT created FROM results WHERE kind = ? AND key = ?"));
    q.addBindValue(model->kind);
    q.addBindValue(model->key);
    if (!q.exec() || !q.next()) return {};
    // Stored with a "Z": parsed back as UTC.
    return QDateTime::fromString(q.value(0).toString(), Qt::ISODateWithMs);
}

QJsonObject toJson(const TrainingJournalEntry& e) {
    return QJsonObject{
        {QStringLiteral("job"), e.job},
        {QStringLiteral("started"), e.started.toString(Qt::ISODateWithMs)},
        {QStringLiteral("previous_model"),
         e.previousModel.isValid() ? e.previousModel.toString(Qt::ISODateWithMs) : QString()},
        {QStringLiteral("pid"), QString::number(e.pid)},
        {QStringLiteral("host"), e.host},
        {QStringLiteral("process_start"), QString::number(e.processStart)}};
}

std::optional<TrainingJournalEntry> fromJson(const QString& text) {
    const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
    TrainingJournalEntry e;
    e.job = o.value(QStringLiteral("job")).toString();
    if (e.job.isEmpty()) return std::nullopt;  // not ours, or damaged: ignored
    e.started =
        QDateTime::fromString(o.value(QStringLiteral("started")).toString(), Qt::ISODateWithMs);
    e.previousModel = QDateTime::fromString(o.value(QStringLiteral("previous_model")).toString(),
                                            Qt::ISODateWithMs);
    e.pid = o.value(QStringLiteral("pid")).toString().toLongLong();
    e.host = o.value(QStringLiteral("host")).toString();
    e.processStart = o.value(QStringLiteral("process_start")).toString().toLongLong();
    return e;
}

}  // namespace

QString TrainingJournalEntry::describe() const {
    if (job == QLatin1String("cf")) return QStringLiteral("collaborative filtering");
    if (job == QLatin1String("text")) return QStringLiteral("the text model");
    if (job == QLatin1String("audio")) return QStringLiteral("the audio model");
    return job;
}

namespace training_journal {

std::optional<ModelResult> modelResultOf(const QString& job) {
    if (job == QLatin1String("cf"))
        return ModelResult{QStringLiteral("cf.als"), QStringLiteral("model")};
    if (job == QLatin1String("text"))
        return ModelResult{QStringLiteral("text.tfidf"), QStringLiteral("model")};
    if (job == QLatin1String("audio"))
        return ModelResult{QStringLiteral("audio.cnn"), QStringLiteral("model")};
    return std::nullopt;
}

Status begin(ProjectStore& store, const QString& job) {
    TrainingJournalEntry e;
    e.job = job;
    e.started = QDateTime::currentDateTimeUtc();
    e.previousModel = modelCreated(store, job);
    e.pid = QCoreApplication::applicationPid();
    e.host = thisHost();
    e.processStart = processStartTicks(e.pid);
    return store.setSetting(
        kPrefix + job, QString::fromUtf8(QJsonDocument(toJson(e)).toJson(QJsonDocument::Compact)));
}

Status end(ProjectStore& store, const QString& job) {
    const QString value = store.setting(kPrefix + job);
    if (value.isEmpty()) return Status::ok();
    const auto e = fromJson(value);
    // Another process may have started the same training since: its entry is not ours to clear.
    if (e && (e->pid != QCoreApplication::applicationPid() || e->host != thisHost()))
        return Status::ok();
    return dismiss(store, job);
}

bool isRunning(const TrainingJournalEntry& entry) {
    if (entry.host != thisHost()) {
        // Another machine's process cannot be asked. An entry older than a day is taken as
        // stale; a younger one as running (a false "interrupted" would offer to train twice).
        return entry.started.secsTo(QDateTime::currentDateTimeUtc()) < 24 * 3600;
    }
    if (entry.pid <= 0) return false;
    const qint64 start = processStartTicks(entry.pid);
    if (start > 0 || QFile::exists(QStringLiteral("/proc/self/stat")))
        return start > 0 && (entry.processStart == 0 || start == entry.processStart);
    // No /proc (not Linux): signal 0 asks whether the pid exists without touching it.
    return ::kill(pid_t(entry.pid), 0) == 0 || errno == EPERM;
}

std::vector<TrainingJournalEntry> interrupted(ProjectStore& store) {
    std::vector<TrainingJournalEntry> out;
    QSqlQuery q(store.database());
    q.prepare(QStringLiteral("SELECT value FROM settings WHERE key LIKE ? ORDER BY key"));
    q.addBindValue(kPrefix + QLatin1Char('%'));
    if (!q.exec()) return out;
    while (q.next())
        if (auto e = fromJson(q.value(0).toString()); e && !isRunning(*e))
            out.push_back(std::move(*e));
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.started < b.started; });
    return out;
}

Status dismiss(ProjectStore& store, const QString& job) {
    QSqlQuery q(store.database());
    q.prepare(QStringLiteral("DELETE FROM settings WHERE key = ?"));
    q.addBindValue(kPrefix + job);
    if (!q.exec()) return Status::error(QStringLiteral("clearing the training journal failed"));
    return Status::ok();
}

Scope::Scope(ProjectStore& store, QString job) : store_(store), job_(std::move(job)) {
    begin(store_, job_);
}

Scope::~Scope() {
    end(store_, job_);
}

}  // namespace training_journal
}  // namespace tl
