// tests/helpers/: small utilities shared by the test executables.
#pragma once

#include <QString>
#include <QTemporaryDir>

namespace tl::test {

// The path of a program built next to the tests (tests/programs/*.cpp) or of tastelab-cli.
QString helperProgram(const QString& name);
QString cliProgram();

// Writes `bytes` to `path`, replacing it; returns false on failure.
bool writeFile(const QString& path, const QByteArray& bytes);

}  // namespace tl::test
