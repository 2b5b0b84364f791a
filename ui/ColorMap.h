#pragma once

#include <QColor>
#include <QString>
#include <QStringList>
#include <array>

namespace tl {

// Perceptually uniform colour maps for spectrograms and heat maps: viridis and magma (the
// matplotlib maps, 256 entries read from resources/colormaps/) and greyscale (dark = quiet).
class ColorMap {
public:
    enum Name { Viridis, Magma, Greyscale };

    static const ColorMap& get(Name name);
    static QStringList names();  // in enum order, for a combo box

    // t in [0, 1]; values outside are clamped, NaN gives the lowest colour.
    QRgb color(float t) const {
        if (!(t > 0.0f)) return lut_[0];
        if (t >= 1.0f) return lut_[255];
        return lut_[static_cast<size_t>(t * 255.0f + 0.5f)];
    }
    const std::array<QRgb, 256>& table() const { return lut_; }

private:
    explicit ColorMap(Name name);
    std::array<QRgb, 256> lut_{};
};

}  // namespace tl
