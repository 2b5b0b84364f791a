// tests/helpers/: small utilities shared by the test executables.
#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace tl::test {

// The path of a program built next to the tests (tests/programs/*.cpp) or of tastelab-cli.
QString helperProgram(const QString& name);
QString cliProgram();

// One run of tastelab-cli: its exit code (-1 when it crashed or timed out) and its output.
struct CliRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};
CliRun runCli(const QStringList& args, int timeoutMs = 300000);

// Writes `bytes` to `path`, replacing it; returns false on failure.
bool writeFile(const QString& path, const QByteArray& bytes);

}  // namespace tl::test
