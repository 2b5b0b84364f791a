// What the spectrogram pane shows, written out: the picture as a PNG at twice its size (for
// print and HiDPI screens), and the matrix behind it — dB per frame and band, with each frame's
// time and each band's frequency — as CSV or NumPy .npy. No dialogs here: the panel asks for
// the path, tests pass one.
#pragma once

#include <QImage>
#include <QStringList>

#include "SpectrogramData.h"
#include "job/Status.h"

class QWidget;

namespace tl {

// The pane rendered at `scale` times its size (an image of devicePixelRatio `scale`), as the
// screen would show it without the cursor's read-out.
QImage renderSpectrogramPane(QWidget* pane, qreal scale = 2.0);
Status saveSpectrogramPng(QWidget* pane, const QString& path, qreal scale = 2.0);

// The time of frame `frame` (its centre) and the centre frequency of each band, as exported.
double spectrogramFrameSeconds(const SpectrogramData& d, int frame);

// CSV: a header "seconds,<Hz of band 0>,<Hz of band 1>,…", then one line per frame: its time,
// then its dB per band (lowest frequency first).
Status saveSpectrogramCsv(const SpectrogramData& d, const QString& path);
// .npy: PATH holds float32 dB of shape (frames, bands), C order; beside it PATH's base name
// with ".seconds.npy" (float64, frames) and ".hz.npy" (float64, bands). `written` gets all three.
Status saveSpectrogramNpy(const SpectrogramData& d, const QString& path,
                          QStringList* written = nullptr);
// By the suffix: ".npy" or else CSV.
Status saveSpectrogramMatrix(const SpectrogramData& d, const QString& path,
                             QStringList* written = nullptr);

}  // namespace tl
