#include "Remedies.h"

#include <QCoreApplication>

namespace tl {

namespace {
QString tr(const char* text) {
    return QCoreApplication::translate("tl::Remedies", text);
}
}  // namespace

QString remedyForGui(Remedy remedy) {
    switch (remedy) {
        case Remedy::None:
            return {};
        case Remedy::ScanMusicFolder:
            return tr("Add the folder with your music: File > Add Music Folder… (Ctrl+Shift+M).");
        case Remedy::AnalyzeAudio:
            return tr(
                "Models > Train Audio Model (Ctrl+Shift+T) analyses the music files "
                "before it trains; if none can be read, check the music folder (File > Add "
                "Music Folder…).");
        case Remedy::TrainCf:
            return tr("Train it: Models > Train Collaborative Filtering (Ctrl+T).");
        case Remedy::TrainText:
            return tr("Train it: Models > Train Text Model.");
        case Remedy::TrainAudio:
            return tr("Train it: Models > Train Audio Model (Ctrl+Shift+T).");
        case Remedy::MorePlaysWithAudio:
            return tr(
                "The audio model learns from tracks that are both played and in your music "
                "folder. Import more listening history (File > Import History…) or add the "
                "music you play most (File > Add Music Folder…), then Models > Train All.");
        case Remedy::AddTextSources:
            return tr(
                "Give it text to read: Models > Add Text Folder… (writing about the music) or "
                "Models > Add Tag Data Set…; or tag the music files with genres and scan them "
                "again.");
        case Remedy::LowerLearningRate:
            return tr("Try again with another audio seed: Edit > Preferences… > This project.");
    }
    return {};
}

QString messageForGui(const Status& status) {
    QString message = status.message();
    const QString remedy = remedyForGui(status.remedy());
    if (remedy.isEmpty()) return message;
    // The core's message is a lower-case clause; as the first of two sentences it starts with
    // a capital and ends with a full stop.
    if (!message.isEmpty()) message[0] = message[0].toUpper();
    if (!message.endsWith(QLatin1Char('.'))) message += QLatin1Char('.');
    return message + QLatin1Char(' ') + remedy;
}

}  // namespace tl
