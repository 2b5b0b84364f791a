#include "audio/FrontEndOptions.h"

#include <QDataStream>
#include <QIODevice>

namespace tl::audio {

// Bumped whenever the analysis code changes what it stores for the same options.
constexpr qint32 kFrontEndVersion = 1;

QByteArray FrontEndOptions::fingerprintBytes() const {
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out << kFrontEndVersion << qint32(sampleRate) << qint32(nFft) << qint32(hop) << qint32(nMels)
        << fmin << effectiveFmax() << qint32(melScale) << slaneyNorm << amin << ref << topDb
        << qint32(excerptMode) << qint32(excerptCount) << excerptSeconds;
    return bytes;
}

QJsonObject FrontEndOptions::toJson() const {
    return QJsonObject{
        {QStringLiteral("sample_rate"), sampleRate},
        {QStringLiteral("n_fft"), nFft},
        {QStringLiteral("hop"), hop},
        {QStringLiteral("n_mels"), nMels},
        {QStringLiteral("fmin"), fmin},
        {QStringLiteral("fmax"), effectiveFmax()},
        {QStringLiteral("mel_scale"),
         melScale == MelScale::Slaney ? QStringLiteral("slaney") : QStringLiteral("htk")},
        {QStringLiteral("mel_norm"),
         slaneyNorm ? QStringLiteral("slaney") : QStringLiteral("none")},
        {QStringLiteral("amin"), amin},
        {QStringLiteral("top_db"), topDb},
        {QStringLiteral("excerpts"),
         excerptMode == ExcerptMode::Whole
             ? QStringLiteral("whole")
             : QStringLiteral("%1x%2s").arg(excerptCount).arg(excerptSeconds)},
    };
}

}  // namespace tl::audio
