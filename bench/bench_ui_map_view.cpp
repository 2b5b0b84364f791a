// How fast the map view draws while a person pans: 100,000 dots (default) in 12 clusters, 300
// frames, each after a pan step, rendered exactly as paintEvent renders them (offscreen, one
// core). Reports the mean, 95th percentile and worst frame and the frames per second they allow.
// With --labels every dot has an "Artist — Title" label and the view is zoomed in until labels
// show (neighbouring dots a label's height apart), a track selected and ten emphasised: each
// frame also places the labels (viewport candidates, greedy on a grid of taken cells) and draws
// them; the mean number placed is reported.
//
//   QT_QPA_PLATFORM=offscreen build/bench/bench_ui_map_view [--points N] [--frames N] [--size WxH]
//                                                           [--labels]
#include <QApplication>
#include <QCommandLineParser>
#include <algorithm>
#include <cstdio>
#include <random>

#include "MapView.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("points"), QStringLiteral("dots"), QStringLiteral("N"),
                      QStringLiteral("100000")});
    parser.addOption({QStringLiteral("frames"), QStringLiteral("frames"), QStringLiteral("N"),
                      QStringLiteral("300")});
    parser.addOption({QStringLiteral("size"), QStringLiteral("view size"), QStringLiteral("WxH"),
                      QStringLiteral("1280x800")});
    parser.addOption({QStringLiteral("labels"), QStringLiteral("zoom in with labels on")});
    parser.process(app);
    const bool labels = parser.isSet(QStringLiteral("labels"));
    const int n = parser.value(QStringLiteral("points")).toInt();
    const int frames = parser.value(QStringLiteral("frames")).toInt();
    const QStringList wh = parser.value(QStringLiteral("size")).split(QLatin1Char('x'));

    auto pts = std::make_shared<std::vector<tl::MapPoint>>();
    std::mt19937 rng(1);
    std::normal_distribution<float> noise(0.0f, 1.0f);
    std::uniform_int_distribution<int> cluster(0, 11);
    for (int i = 0; i < n; ++i) {
        const int c = cluster(rng);
        pts->push_back({float(c % 4) * 10.0f + 2.0f * noise(rng),
                        float(c / 4) * 10.0f + 2.0f * noise(rng),
                        QColor::fromHsv(c * 30, 200, 220).rgb()});
    }
    tl::MapView view;
    view.resize(wh.value(0).toInt(), wh.value(1).toInt());
    view.setPoints(pts);
    view.setHighlighted({1, 2, 3, 4, 5});
    if (labels) {
        view.setLabelProvider([](int i) {
            return QStringLiteral("Artist %1 — Title number %2").arg(i % 977).arg(i);
        });
        view.selectPoint(0);
        view.setEmphasised({1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        // Zoomed in until labels show, and a little further.
        double scale = view.scale();
        view.setView(view.centre(), scale);
        while (!view.labelsShown()) view.setView(view.centre(), scale *= 1.25);
        view.setView(view.centre(), scale * 1.1);
    }
    std::vector<double> ms;
    double placed = 0;
    for (int f = 0; f < frames; ++f) {
        // Pan in a slow circle, zoomed in and out, as a person exploring does.
        view.setView(QPointF(15.0 + 6.0 * std::cos(f * 0.05), 10.0 + 6.0 * std::sin(f * 0.05)),
                     view.scale() * (f % 60 < 30 ? 1.01 : 1.0 / 1.01));
        view.renderFrame();
        ms.push_back(view.lastFrameMilliseconds());
        placed += double(view.lastLabels().size());
    }
    std::sort(ms.begin(), ms.end());
    double sum = 0;
    for (double v : ms) sum += v;
    const double mean = sum / double(ms.size());
    const double p95 = ms[size_t(double(ms.size()) * 0.95)];
    std::printf(
        "points %d, view %dx%d, %d frames: mean %.2f ms, p95 %.2f ms, worst %.2f ms "
        "-> %.0f frames/s at the mean, %.0f at p95\n",
        n, view.width(), view.height(), frames, mean, p95, ms.back(), 1000.0 / mean, 1000.0 / p95);
    if (labels)
        std::printf("labels on: zoom %.1f px per unit (dots %.1f px apart), %.0f labels a frame\n",
                    view.scale(), view.typicalSpacing() * view.scale(), placed / frames);
    return 0;
}
