#pragma once

#include <QColor>
#include <QString>

namespace tl {

// One colour per recommendation source, the same in every view (the playlist's bars, the blend
// sliders, the map's overlays), from the Tableau 10 palette, which stays distinct for people
// with the common colour-vision deficiencies.
inline QColor sourceColor(const QString& source) {
    if (source == QLatin1String("cf")) return QColor(0x4e, 0x79, 0xa7);
    if (source == QLatin1String("text")) return QColor(0xf2, 0x8e, 0x2b);
    if (source == QLatin1String("audio")) return QColor(0x59, 0xa1, 0x4f);
    return QColor(0x9c, 0x9c, 0x9c);  // popularity and anything else
}

inline QString sourceTitle(const QString& source) {
    if (source == QLatin1String("cf")) return QStringLiteral("Listeners like you");
    if (source == QLatin1String("text")) return QStringLiteral("Described alike");
    if (source == QLatin1String("audio")) return QStringLiteral("Sounds alike");
    if (source == QLatin1String("popularity")) return QStringLiteral("Popular");
    return source;
}

// A word for tight spots (a table row, a heat map's corner).
inline QString sourceShortTitle(const QString& source) {
    if (source == QLatin1String("cf")) return QStringLiteral("CF");
    if (source == QLatin1String("text")) return QStringLiteral("Text");
    if (source == QLatin1String("audio")) return QStringLiteral("Audio");
    if (source == QLatin1String("popularity")) return QStringLiteral("Popularity");
    return source;
}

}  // namespace tl
