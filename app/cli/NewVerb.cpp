// tastelab-cli new: a project from nothing, or from a music folder alone. `import --create` was
// the only way to make one, and it exits 1 when nothing it is given is a history, so a person
// with only a folder of music had no project to map it in.
#include <QCommandLineParser>
#include <QFileInfo>
#include <cstdio>

#include "Cli.h"
#include "store/ProjectStore.h"
#include "util/NativePath.h"

namespace tl::cli {

int runNew(const QStringList& args) {
    QCommandLineParser parser;
    const QCommandLineOption project(QStringLiteral("project"),
                                     QStringLiteral("The project file to create."),
                                     QStringLiteral("P"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print a JSON summary (the scan's, with DIR)."));
    parser.addOptions({project, json});
    parser.addPositionalArgument(QStringLiteral("DIR"),
                                 QStringLiteral("A music folder to scan into it (optional)."),
                                 QStringLiteral("[DIR]"));
    bool help = false;
    if (!parseArgs(parser, args, QStringLiteral("new"),
                   QStringLiteral("Creates an empty project, never replacing a file; with DIR, "
                                  "scans that music folder\ninto it (as `scan` does), so a "
                                  "folder alone can be mapped by sound (map --source sound)."),
                   &help))
        return help ? kOk : kUsage;
    const QStringList folders = parser.positionalArguments();
    if (!parser.isSet(project) || folders.size() > 1) {
        std::fprintf(stderr, "tastelab-cli new: %s\n\n%s",
                     !parser.isSet(project) ? "--project P is required"
                                            : "name at most one music folder DIR",
                     qPrintable(parser.helpText()));
        return kUsage;
    }
    const QString path = parser.value(project);
    if (QFileInfo::exists(path))
        return reportFailure(Status::error(
            QStringLiteral("%1 already exists; tastelab-cli never replaces a project (scan or "
                           "import into it instead)")
                .arg(path)));
    // The folder is checked before the project exists: a refused call leaves nothing behind.
    if (!folders.isEmpty() && !statNative(folders.front()).isDir)
        return reportFailure(
            Status::error(QStringLiteral("%1: no such folder").arg(displayPath(folders.front()))));
    {
        auto created = ProjectStore::create(path);
        if (!created) return reportFailure(created.status());
    }
    if (folders.isEmpty()) {
        if (parser.isSet(json))
            printJson({{QStringLiteral("project_path"), QFileInfo(path).absoluteFilePath()},
                       {QStringLiteral("created"), true}});
        else
            std::printf("Created %s (empty: import a history or scan a music folder into it).\n",
                        qPrintable(path));
        return kOk;
    }
    QStringList scan{QStringLiteral("tastelab-cli scan"), QStringLiteral("--project"), path,
                     folders.front()};
    if (parser.isSet(json)) scan << QStringLiteral("--json");
    if (!parser.isSet(json)) std::printf("Created %s.\n", qPrintable(path));
    return runScan(scan);
}

}  // namespace tl::cli
