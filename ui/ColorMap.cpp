#include "ColorMap.h"

#include <QFile>
#include <QObject>
#include <QTextStream>

namespace tl {

namespace {

// Reads "r g b" lines (comments start with #). A missing or short resource — a build without
// the .qrc — falls back to greyscale rather than drawing nothing.
bool readTable(const QString& resource, std::array<QRgb, 256>& out) {
    QFile file(resource);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) return false;
    QTextStream in(&file);
    size_t n = 0;
    while (!in.atEnd() && n < out.size()) {
        const QString line = in.readLine().trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#'))) continue;
        const QStringList parts = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (parts.size() != 3) return false;
        out[n++] = qRgb(parts[0].toInt(), parts[1].toInt(), parts[2].toInt());
    }
    return n == out.size();
}

}  // namespace

ColorMap::ColorMap(Name name) {
    const char* resource = name == Viridis ? ":/colormaps/viridis.txt"
                           : name == Magma ? ":/colormaps/magma.txt"
                                           : nullptr;
    if (resource && readTable(QString::fromLatin1(resource), lut_)) return;
    for (int i = 0; i < 256; ++i) lut_[size_t(i)] = qRgb(i, i, i);
}

const ColorMap& ColorMap::get(Name name) {
    static const ColorMap viridis(Viridis), magma(Magma), grey(Greyscale);
    return name == Viridis ? viridis : name == Magma ? magma : grey;
}

QStringList ColorMap::names() {
    return {QObject::tr("Viridis"), QObject::tr("Magma"), QObject::tr("Greyscale")};
}

}  // namespace tl
