#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>

namespace tl::test {

QString helperProgram(const QString& name) {
    const QString dir = QProcessEnvironment::systemEnvironment().value(
        QStringLiteral("TASTELAB_TEST_HELPER_DIR"), QDir::currentPath());
    return QDir(dir).filePath(name);
}

QString cliProgram() {
    return QProcessEnvironment::systemEnvironment().value(QStringLiteral("TASTELAB_CLI"),
                                                          QStringLiteral("tastelab-cli"));
}

CliRun runCli(const QStringList& args, int timeoutMs) {
    QProcess p;
    p.start(cliProgram(), args);
    CliRun r;
    if (!p.waitForStarted() || !p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

bool writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
    return f.write(bytes) == bytes.size();
}

}  // namespace tl::test
