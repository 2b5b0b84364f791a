// app/cli/: tastelab-cli, the headless command line over the core. One verb per pipeline stage;
// each verb parses its arguments, runs core functions and prints a summary (or --json).
#pragma once

#include <QCommandLineParser>
#include <QJsonObject>
#include <QStringList>

#include "job/Progress.h"
#include "job/Status.h"

namespace tl::audio {
struct AnalyzeReport;
}

namespace tl::cli {

// Exit codes every verb shares.
enum Exit { kOk = 0, kError = 1, kUsage = 2 };

struct Verb {
    const char* name;
    const char* summary;
    int (*run)(const QStringList& args);  // args[0] is "tastelab-cli <verb>"
};

// Parses a verb's arguments; on a wrong call prints the error and usage to stderr and
// returns false. --help prints usage and exits 0 through `helpShown`.
bool parseArgs(QCommandLineParser& parser, const QStringList& args, const QString& verb,
               const QString& synopsis, bool* helpShown);

// A Progress that draws on stderr: a rewriting line on a terminal, a line per 10% otherwise.
Progress stderrProgress(const QString& title);

// A Status's message followed by its remedy as this command line words it ("…: train CF
// (tastelab-cli train --project P cf)"); the desktop app words the same remedy as its menu item.
QString failureText(const Status& status);
// Prints failureText() as "tastelab-cli: <text>" on stderr; returns the exit code for it.
int reportFailure(const Status& status);

void printJson(const QJsonObject& object);

// An option that takes a value, from Latin-1 literals (the option-set classes' shorthand).
QCommandLineOption valueOption(const char* name, const char* help, const char* valueName,
                               const QString& fallback);

// The analysis report as `analyze` prints it (JSON without the options, and the text lines);
// `train all` analyses too and reports it the same way.
QJsonObject analyzeReportJson(const audio::AnalyzeReport& report);
void printAnalyzeReport(const audio::AnalyzeReport& report);

int runDemo(const QStringList& args);
int runNew(const QStringList& args);
int runImport(const QStringList& args);
int runScan(const QStringList& args);
int runInfo(const QStringList& args);
int runTrain(const QStringList& args);
int runEvalCf(const QStringList& args);
int runEvalAudio(const QStringList& args);
int runWeekly(const QStringList& args);
int runBacktest(const QStringList& args);
int runAnalyze(const QStringList& args);
int runMap(const QStringList& args);
int runSimilar(const QStringList& args);
int runExport(const QStringList& args);
int runImportFactors(const QStringList& args);

}  // namespace tl::cli
