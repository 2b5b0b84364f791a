#include "SpectrogramExport.h"

#include <QCoreApplication>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QSaveFile>
#include <QWidget>

#include "util/NativePath.h"
#include "util/NpyWriter.h"

namespace tl {

QImage renderSpectrogramPane(QWidget* pane, qreal scale) {
    // The read-out box follows the mouse, which is over the pane when its context menu exports:
    // the picture is of the spectrogram, not of where the pointer was.
    QEvent leave(QEvent::Leave);
    QCoreApplication::sendEvent(pane, &leave);
    QImage image(pane->size() * scale, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    image.fill(pane->palette().window().color());
    pane->render(&image);
    return image;
}

Status saveSpectrogramPng(QWidget* pane, const QString& path, qreal scale) {
    const QImage image = renderSpectrogramPane(pane, scale);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit())
        return Status::error(
            QStringLiteral("Could not write %1: %2").arg(displayPath(path), file.errorString()));
    return Status::ok();
}

double spectrogramFrameSeconds(const SpectrogramData& d, int frame) {
    return d.startSeconds + frame * d.secondsPerFrame;
}

Status saveSpectrogramCsv(const SpectrogramData& d, const QString& path) {
    QSaveFile file(path);
    auto failed = [&] {
        return Status::error(
            QStringLiteral("Could not write %1: %2").arg(displayPath(path), file.errorString()));
    };
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) return failed();
    QByteArray line = "seconds";
    for (float hz : d.bandHz) line += ',' + QByteArray::number(hz, 'g', 9);
    file.write(line + '\n');
    for (int f = 0; f < d.frames; ++f) {
        line = QByteArray::number(spectrogramFrameSeconds(d, f), 'g', 12);
        const float* row = d.db.data() + size_t(f) * size_t(d.bands);
        // 9 significant digits: a float32 reads back exactly.
        for (int b = 0; b < d.bands; ++b) line += ',' + QByteArray::number(row[b], 'g', 9);
        file.write(line + '\n');
    }
    if (!file.commit()) return failed();
    return Status::ok();
}

Status saveSpectrogramNpy(const SpectrogramData& d, const QString& path, QStringList* written) {
    const QFileInfo info(path);
    const QString base = info.dir().filePath(info.completeBaseName());
    const QString secondsPath = base + QStringLiteral(".seconds.npy");
    const QString hzPath = base + QStringLiteral(".hz.npy");
    std::vector<double> seconds(static_cast<size_t>(d.frames));
    for (int f = 0; f < d.frames; ++f) seconds[size_t(f)] = spectrogramFrameSeconds(d, f);
    const std::vector<double> hz(d.bandHz.begin(), d.bandHz.end());
    if (Status s = writeNpy(path, "<f4", d.db.data(), qint64(d.db.size() * sizeof(float)),
                            {d.frames, d.bands});
        !s.isOk())
        return s;
    if (Status s = writeNpy(secondsPath, "<f8", seconds.data(),
                            qint64(seconds.size() * sizeof(double)), {d.frames});
        !s.isOk())
        return s;
    if (Status s = writeNpy(hzPath, "<f8", hz.data(), qint64(hz.size() * sizeof(double)),
                            {qint64(hz.size())});
        !s.isOk())
        return s;
    if (written) *written = {path, secondsPath, hzPath};
    return Status::ok();
}

Status saveSpectrogramMatrix(const SpectrogramData& d, const QString& path, QStringList* written) {
    if (path.endsWith(QLatin1String(".npy"), Qt::CaseInsensitive))
        return saveSpectrogramNpy(d, path, written);
    if (Status s = saveSpectrogramCsv(d, path); !s.isOk()) return s;
    if (written) *written = {path};
    return Status::ok();
}

}  // namespace tl
