// What `cmake --install` delivers, checked on a real install into a temporary DESTDIR: the file
// list, the desktop entry and AppStream metadata through the validators Debian ships, the icon
// sizes, and man pages that describe every verb and option tastelab-cli has (so a new verb or
// option without documentation fails here).
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include "TestSupport.h"

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run run(const QString& program, const QStringList& args, const QProcessEnvironment& env = {}) {
    QProcess p;
    if (!env.isEmpty()) p.setProcessEnvironment(env);
    p.start(program, args);
    Run r;
    if (!p.waitForStarted(10000) || !p.waitForFinished(120000)) {
        r.err = QStringLiteral("%1 did not run: %2").arg(program, p.errorString());
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QString env(const char* name) {
    return qEnvironmentVariable(name);
}

// Width and height from a PNG's IHDR chunk (bytes 16..23, big-endian).
QSize pngSize(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    const QByteArray head = f.read(24);
    if (head.size() < 24 || !head.startsWith("\x89PNG\r\n\x1a\n")) return {};
    auto be32 = [&](int at) {
        return (quint32(quint8(head[at])) << 24) | (quint32(quint8(head[at + 1])) << 16) |
               (quint32(quint8(head[at + 2])) << 8) | quint32(quint8(head[at + 3]));
    };
    return QSize(int(be32(16)), int(be32(20)));
}

// The verbs tastelab-cli registers, read from its --help (the kVerbs table in main.cpp).
QStringList registeredVerbs(const QString& cli) {
    const Run help = run(cli, {QStringLiteral("--help")});
    QStringList verbs;
    bool inList = false;
    for (const QString& line : help.out.split(QLatin1Char('\n'))) {
        if (line == QLatin1String("verbs:")) {
            inList = true;
        } else if (inList) {
            if (line.trimmed().isEmpty()) break;
            verbs << line.trimmed().section(QLatin1Char(' '), 0, 0);
        }
    }
    return verbs;
}

// The options a verb's --help lists ("--out", "-k"), without -h/--help.
QStringList verbOptions(const QString& cli, const QString& verb) {
    const Run help = run(cli, {verb, QStringLiteral("--help")});
    static const QRegularExpression option(QStringLiteral("^  (?:-\\w, )?(--?[\\w-]+)"));
    QStringList options;
    for (const QString& line : help.out.split(QLatin1Char('\n'))) {
        const auto m = option.match(line);
        if (m.hasMatch() && m.captured(1) != QLatin1String("--help")) options << m.captured(1);
    }
    return options;
}

}  // namespace

class TestPackaging : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void installsTheExpectedFiles();
    void desktopEntryValidates();
    void metainfoValidatesAndMatchesTheProject();
    void iconsHaveTheirSizes();
    void manPageDescribesEveryVerbAndOption();
    void installedProgramsRun();

private:
    QString installed(const QString& relative) const {
        return QDir(root_.path()).filePath(QStringLiteral("usr/") + relative);
    }
    QString appId_;
    QTemporaryDir root_;  // the DESTDIR
};

void TestPackaging::initTestCase() {
    appId_ = env("TASTELAB_APP_ID");
    QVERIFY2(!appId_.isEmpty() && !env("TASTELAB_BUILD_DIR").isEmpty(),
             "run through CTest: it sets TASTELAB_APP_ID and TASTELAB_BUILD_DIR");
    QVERIFY(root_.isValid());
    auto e = QProcessEnvironment::systemEnvironment();
    e.insert(QStringLiteral("DESTDIR"), root_.path());
    const Run install = run(env("TASTELAB_CMAKE"),
                            {QStringLiteral("--install"), env("TASTELAB_BUILD_DIR"),
                             QStringLiteral("--prefix"), QStringLiteral("/usr")},
                            e);
    QVERIFY2(install.exitCode == 0, qPrintable(install.out + install.err));
}

void TestPackaging::installsTheExpectedFiles() {
    QStringList expected{
        QStringLiteral("bin/tastelab-cli"),
        QStringLiteral("share/applications/%1.desktop").arg(appId_),
        QStringLiteral("share/metainfo/%1.metainfo.xml").arg(appId_),
        QStringLiteral("share/mime/packages/%1.xml").arg(appId_),
        QStringLiteral("share/icons/hicolor/scalable/apps/%1.svg").arg(appId_),
        QStringLiteral("share/man/man1/tastelab-cli.1.gz"),
        QStringLiteral("share/man/man1/tastelab.1.gz"),
        QStringLiteral("share/doc/tastelab/README.md"),
        QStringLiteral("share/doc/tastelab/user-guide.md"),
        QStringLiteral("share/doc/tastelab/copyright"),
        QStringLiteral("share/doc/tastelab/changelog.Debian.gz"),
    };
    if (env("TASTELAB_BUILD_GUI") == QLatin1String("ON"))
        expected << QStringLiteral("bin/tastelab");
    for (const QString& size :
         env("TASTELAB_ICON_SIZES").split(QLatin1Char(';'), Qt::SkipEmptyParts))
        expected << QStringLiteral("share/icons/hicolor/%1x%1/apps/%2.png").arg(size, appId_);
    if (QFile::exists(QDir(env("TASTELAB_SOURCE_DIR")).filePath(QStringLiteral("LICENSE"))))
        expected << QStringLiteral("share/doc/tastelab/LICENSE");
    expected.sort();

    QStringList found;
    const QDir usr(installed(QString()));
    QDirIterator it(usr.path(), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) found << usr.relativeFilePath(it.next());
    found.sort();
    QCOMPARE(found, expected);

    QVERIFY(QFileInfo(installed(QStringLiteral("bin/tastelab-cli"))).isExecutable());
    QVERIFY(!QFileInfo(installed(QStringLiteral("share/man/man1/tastelab.1.gz"))).isExecutable());
}

void TestPackaging::desktopEntryValidates() {
    const QString path = installed(QStringLiteral("share/applications/%1.desktop").arg(appId_));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    QVERIFY(text.startsWith(QStringLiteral("[Desktop Entry]\n")));
    QVERIFY(text.contains(QStringLiteral("\nExec=tastelab %f\n")));
    QVERIFY(text.contains(QStringLiteral("\nIcon=%1\n").arg(appId_)));  // the hicolor icon's name
    // Project files open with Tastelab: the type the desktop entry names is the one installed.
    QVERIFY(text.contains(QStringLiteral("\nMimeType=application/x-tastelab-project;\n")));
    QFile mime(installed(QStringLiteral("share/mime/packages/%1.xml").arg(appId_)));
    QVERIFY(mime.open(QIODevice::ReadOnly));
    const QByteArray types = mime.readAll();
    QVERIFY(types.contains("<mime-type type=\"application/x-tastelab-project\">"));
    QVERIFY(types.contains("<glob pattern=\"*.tastelab\"/>"));
    // shared-mime-info reads it into its glob table, as the package's trigger will (on a
    // copy: the generated database is not part of the install).
    const QString updater = QStandardPaths::findExecutable(QStringLiteral("update-mime-database"));
    if (!updater.isEmpty()) {
        QTemporaryDir db;
        QVERIFY(QDir(db.path()).mkpath(QStringLiteral("packages")));
        QVERIFY(QFile::copy(mime.fileName(), db.filePath(QStringLiteral("packages/tastelab.xml"))));
        const Run u = run(updater, {db.path()});
        QVERIFY2(u.exitCode == 0, qPrintable(u.out + u.err));
        QFile globs(db.filePath(QStringLiteral("globs2")));
        QVERIFY(globs.open(QIODevice::ReadOnly));
        QVERIFY(globs.readAll().contains(":application/x-tastelab-project:*.tastelab"));
    }

    const QString validator =
        QStandardPaths::findExecutable(QStringLiteral("desktop-file-validate"));
    if (validator.isEmpty()) QSKIP("desktop-file-validate is not installed (desktop-file-utils)");
    const Run v = run(validator, {path});
    QVERIFY2(v.exitCode == 0 && v.out.trimmed().isEmpty(), qPrintable(v.out + v.err));
}

void TestPackaging::metainfoValidatesAndMatchesTheProject() {
    const QString path = installed(QStringLiteral("share/metainfo/%1.metainfo.xml").arg(appId_));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QString id, launchable, firstRelease;
    QStringList binaries, screenshots;
    QXmlStreamReader xml(&f);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement) continue;
        const auto name = xml.name();
        if (name == QLatin1String("id"))
            id = xml.readElementText();
        else if (name == QLatin1String("launchable"))
            launchable = xml.readElementText();
        else if (name == QLatin1String("binary"))
            binaries << xml.readElementText();
        else if (name == QLatin1String("image"))
            screenshots << xml.readElementText();
        else if (name == QLatin1String("release") && firstRelease.isEmpty())
            firstRelease = xml.attributes().value(QLatin1String("version")).toString();
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(id, appId_);
    QCOMPARE(launchable, appId_ + QStringLiteral(".desktop"));
    QCOMPARE(binaries, (QStringList{QStringLiteral("tastelab"), QStringLiteral("tastelab-cli")}));
    // A new project VERSION needs its <release> entry: the newest one is listed first.
    QCOMPARE(firstRelease, QStringLiteral(TASTELAB_VERSION));
    // Screenshots are the README's images, published under their file names.
    QVERIFY(!screenshots.isEmpty());
    for (const QString& url : screenshots) {
        const QString file =
            QDir(env("TASTELAB_SOURCE_DIR"))
                .filePath(QStringLiteral("docs/screenshots/") + url.section(QLatin1Char('/'), -1));
        QVERIFY2(QFile::exists(file), qPrintable(url + QStringLiteral(": no ") + file));
    }

    const QString validator = QStandardPaths::findExecutable(QStringLiteral("appstreamcli"));
    if (validator.isEmpty()) QSKIP("appstreamcli is not installed (appstream)");
    const Run v =
        run(validator, {QStringLiteral("validate"), QStringLiteral("--no-net"),
                        QStringLiteral("--pedantic"), QStringLiteral("--no-color"), path});
    QVERIFY2(v.exitCode == 0, qPrintable(v.out + v.err));
    // Not even a pedantic note ("P:"), an info ("I:") or a warning ("W:").
    static const QRegularExpression issue(QStringLiteral("^[EWIP]: "),
                                          QRegularExpression::MultilineOption);
    QVERIFY2(!issue.match(v.out).hasMatch(), qPrintable(v.out));
}

void TestPackaging::iconsHaveTheirSizes() {
    for (const QString& size :
         env("TASTELAB_ICON_SIZES").split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const QString png =
            installed(QStringLiteral("share/icons/hicolor/%1x%1/apps/%2.png").arg(size, appId_));
        QCOMPARE(pngSize(png), QSize(size.toInt(), size.toInt()));
    }
    QFile svg(installed(QStringLiteral("share/icons/hicolor/scalable/apps/%1.svg").arg(appId_)));
    QVERIFY(svg.open(QIODevice::ReadOnly));
    QVERIFY(svg.readAll().contains("<svg"));
}

void TestPackaging::manPageDescribesEveryVerbAndOption() {
    const Run man =
        run(QStringLiteral("gzip"),
            {QStringLiteral("-dc"), installed(QStringLiteral("share/man/man1/tastelab-cli.1.gz"))});
    QCOMPARE(man.exitCode, 0);
    QString roff = man.out;
    roff.replace(QStringLiteral("\\-"), QStringLiteral("-"));  // roff's minus signs, as typed
    QVERIFY(roff.contains(QStringLiteral(".TH TASTELAB-CLI 1 ")));
    QVERIFY(roff.contains(QStringLiteral("\"Tastelab %1\"").arg(QStringLiteral(TASTELAB_VERSION))));

    const QString cli = tl::test::cliProgram();
    const QStringList verbs = registeredVerbs(cli);
    QVERIFY2(verbs.size() >= 10, qPrintable(verbs.join(QLatin1Char(' '))));
    static const QRegularExpression section(QStringLiteral("^\\.SS (\\S+)$"),
                                            QRegularExpression::MultilineOption);
    QStringList documented;
    for (auto it = section.globalMatch(roff); it.hasNext();) documented << it.next().captured(1);
    QStringList sortedVerbs = verbs;
    sortedVerbs.sort();
    documented.sort();
    QVERIFY2(documented == sortedVerbs,
             qPrintable(
                 QStringLiteral("packaging/man/tastelab-cli.1.in needs one .SS section per verb: "
                                "verbs %1, sections %2")
                     .arg(sortedVerbs.join(QLatin1Char(' ')), documented.join(QLatin1Char(' ')))));

    QStringList undocumented;
    for (const QString& verb : verbs) {
        const QStringList options = verbOptions(cli, verb);
        QVERIFY2(options.contains(QStringLiteral("--json")), qPrintable(verb));
        for (const QString& option : options) {
            // Common to every verb and described once in DESCRIPTION.
            if (option == QLatin1String("--json")) continue;
            const QRegularExpression described(QStringLiteral("^\\.(?:BI?|TP) ") +
                                                   QRegularExpression::escape(option) +
                                                   QStringLiteral("\\b"),
                                               QRegularExpression::MultilineOption);
            if (!described.match(roff).hasMatch()) undocumented << verb + QLatin1Char(' ') + option;
        }
    }
    QVERIFY2(undocumented.isEmpty(),
             qPrintable(QStringLiteral("describe in packaging/man/tastelab-cli.1.in: ") +
                        undocumented.join(QStringLiteral(", "))));

    const Run gui =
        run(QStringLiteral("gzip"),
            {QStringLiteral("-dc"), installed(QStringLiteral("share/man/man1/tastelab.1.gz"))});
    QCOMPARE(gui.exitCode, 0);
    QVERIFY(gui.out.contains(QStringLiteral(".TH TASTELAB 1 ")));
    // Every option `tastelab --help` lists (Qt's -h/--help-all/-v included) is described.
    if (env("TASTELAB_BUILD_GUI") == QLatin1String("ON")) {
        auto e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        const Run help =
            run(installed(QStringLiteral("bin/tastelab")), {QStringLiteral("--help")}, e);
        QCOMPARE(help.exitCode, 0);
        static const QRegularExpression option(QStringLiteral("^  (-[\\w-]+)(?:, (--[\\w-]+))?"),
                                               QRegularExpression::MultilineOption);
        QString page = gui.out;
        page.replace(QStringLiteral("\\-"), QStringLiteral("-"));
        int options = 0;
        for (auto it = option.globalMatch(help.out); it.hasNext();) {
            const auto m = it.next();
            for (int i = 1; i <= 2; ++i) {
                if (m.captured(i).isEmpty()) continue;
                ++options;
                QVERIFY2(page.contains(m.captured(i)),
                         qPrintable(QStringLiteral("describe %1 in "
                                                   "packaging/man/tastelab.1.in")
                                        .arg(m.captured(i))));
            }
        }
        QCOMPARE(options, 6);  // -h --help --help-all -v --version --demo
    }
}

void TestPackaging::installedProgramsRun() {
    const Run cli =
        run(installed(QStringLiteral("bin/tastelab-cli")), {QStringLiteral("--version")});
    QCOMPARE(cli.exitCode, 0);
    QCOMPARE(cli.out.trimmed(),
             QStringLiteral("tastelab-cli %1").arg(QStringLiteral(TASTELAB_VERSION)));
    if (env("TASTELAB_BUILD_GUI") != QLatin1String("ON")) return;
    auto e = QProcessEnvironment::systemEnvironment();
    e.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    const Run gui =
        run(installed(QStringLiteral("bin/tastelab")), {QStringLiteral("--version")}, e);
    QCOMPARE(gui.exitCode, 0);
    QVERIFY2(gui.out.contains(QStringLiteral(TASTELAB_VERSION)), qPrintable(gui.out + gui.err));
}

QTEST_GUILESS_MAIN(TestPackaging)
#include "test_packaging.moc"
