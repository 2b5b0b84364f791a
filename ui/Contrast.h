#pragma once

#include <QColor>
#include <algorithm>
#include <cmath>

namespace tl {

// WCAG 2 contrast ratio of two colours: 1 (none) to 21 (black on white). Text wants 4.5.
inline double contrastRatio(const QColor& a, const QColor& b) {
    auto luminance = [](const QColor& c) {
        auto channel = [](double v) {
            return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) +
               0.0722 * channel(c.blueF());
    };
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// `colour`, moved towards white on a dark background or towards black on a light one until it
// reads as text there (contrast 4.5): a colour that names something (a source) keeps its hue in
// light and dark palettes alike.
inline QColor readableOn(QColor colour, const QColor& background, double wanted = 4.5) {
    const QColor target = background.lightnessF() < 0.5 ? QColor(Qt::white) : QColor(Qt::black);
    for (int step = 0; step < 20 && contrastRatio(colour, background) < wanted; ++step)
        colour = QColor::fromRgbF(colour.redF() + 0.1f * (target.redF() - colour.redF()),
                                  colour.greenF() + 0.1f * (target.greenF() - colour.greenF()),
                                  colour.blueF() + 0.1f * (target.blueF() - colour.blueF()));
    return colour;
}

}  // namespace tl
