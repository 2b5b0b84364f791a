// Light and dark palettes that follow the desktop (see ColorScheme.h for the order of clues).
#include "ColorScheme.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusVariant>
#include <QDir>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QStyle>
#include <QStyleFactory>

#include "AppSettings.h"

namespace tl {
namespace {

// The portal's answer: 1 prefers dark, 2 prefers light, 0 no preference; -1 no answer.
int portalColorScheme() {
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) return -1;
    QDBusMessage call = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.portal.Desktop"),
        QStringLiteral("/org/freedesktop/portal/desktop"),
        QStringLiteral("org.freedesktop.portal.Settings"), QStringLiteral("Read"));
    call << QStringLiteral("org.freedesktop.appearance") << QStringLiteral("color-scheme");
    // Short: a missing portal must not hold up the window's first paint.
    const QDBusMessage reply = bus.call(call, QDBus::Block, 200);
    if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().isEmpty()) return -1;
    QVariant v = reply.arguments().first();
    // The value comes wrapped in one or two variants depending on the portal version.
    while (v.canConvert<QDBusVariant>() && v.userType() == qMetaTypeId<QDBusVariant>())
        v = v.value<QDBusVariant>().variant();
    bool ok = false;
    const int scheme = v.toInt(&ok);
    return ok ? scheme : -1;
}

// GTK's settings.ini: [Settings] gtk-application-prefer-dark-theme / gtk-theme-name.
bool gtkPrefersDark(const QString& file, QString* why) {
    if (!QFile::exists(file)) return false;
    const QSettings ini(file, QSettings::IniFormat);
    if (ini.value(QStringLiteral("Settings/gtk-application-prefer-dark-theme")).toString() ==
            QLatin1String("1") ||
        ini.value(QStringLiteral("Settings/gtk-application-prefer-dark-theme")).toString() ==
            QLatin1String("true")) {
        *why = QStringLiteral("%1 prefers a dark theme").arg(file);
        return true;
    }
    const QString theme = ini.value(QStringLiteral("Settings/gtk-theme-name")).toString();
    if (theme.contains(QLatin1String("dark"), Qt::CaseInsensitive)) {
        *why = QStringLiteral("the GTK theme “%1” (%2)").arg(theme, file);
        return true;
    }
    return false;
}

bool kdePrefersDark(const QString& file, QString* why) {
    if (!QFile::exists(file)) return false;
    const QSettings ini(file, QSettings::IniFormat);
    // QSettings reads an INI file's [General] section as top-level keys.
    const QString scheme = ini.value(QStringLiteral("ColorScheme")).toString();
    if (scheme.contains(QLatin1String("dark"), Qt::CaseInsensitive)) {
        *why = QStringLiteral("the KDE colour scheme “%1”").arg(scheme);
        return true;
    }
    return false;
}

struct Startup {
    bool captured = false;
    QString styleName;
    QPalette palette;
};
Startup& startup() {
    static Startup s;
    return s;
}
ColorScheme& active() {
    static ColorScheme s = ColorScheme::Light;
    return s;
}

void captureStartup() {
    Startup& s = startup();
    if (s.captured) return;
    s.captured = true;
    s.styleName = QApplication::style() ? QApplication::style()->name() : QString();
    s.palette = QApplication::palette();
}

}  // namespace

QString colorSchemeName(ColorScheme scheme) {
    switch (scheme) {
        case ColorScheme::Light:
            return QStringLiteral("light");
        case ColorScheme::Dark:
            return QStringLiteral("dark");
        case ColorScheme::System:
            break;
    }
    return QStringLiteral("system");
}

ColorScheme colorSchemeFromName(const QString& name) {
    if (name == QLatin1String("light")) return ColorScheme::Light;
    if (name == QLatin1String("dark")) return ColorScheme::Dark;
    return ColorScheme::System;
}

ColorScheme savedColorScheme() {
    return colorSchemeFromName(openAppSettings()->value(settings_key::kColorScheme).toString());
}

void saveColorScheme(ColorScheme scheme) {
    openAppSettings()->setValue(settings_key::kColorScheme, colorSchemeName(scheme));
}

SystemSchemeGuess detectSystemScheme(const QProcessEnvironment& env, const QString& configDir,
                                     const QPalette& platformPalette, bool askPortal) {
    if (askPortal) {
        const int portal = portalColorScheme();
        if (portal == 1) return {ColorScheme::Dark, QStringLiteral("the desktop portal")};
        if (portal == 2) return {ColorScheme::Light, QStringLiteral("the desktop portal")};
    }
    if (isDarkPalette(platformPalette))
        return {ColorScheme::Dark, QStringLiteral("the platform theme's palette")};
    const QString gtkTheme = env.value(QStringLiteral("GTK_THEME"));
    if (gtkTheme.contains(QLatin1String("dark"), Qt::CaseInsensitive))
        return {ColorScheme::Dark, QStringLiteral("GTK_THEME=%1").arg(gtkTheme)};
    QString why;
    for (const char* gtk : {"gtk-4.0", "gtk-3.0"})
        if (gtkPrefersDark(QDir(configDir).filePath(QLatin1String(gtk) + "/settings.ini"), &why))
            return {ColorScheme::Dark, why};
    if (kdePrefersDark(QDir(configDir).filePath(QStringLiteral("kdeglobals")), &why))
        return {ColorScheme::Dark, why};
    return {ColorScheme::Light, QStringLiteral("no desktop setting asks for dark")};
}

QPalette darkPalette() {
    const QColor window(0x2b, 0x2d, 0x30);
    const QColor base(0x1f, 0x20, 0x23);
    const QColor alternate(0x27, 0x29, 0x2c);
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor disabledText(0x80, 0x82, 0x86);
    const QColor button(0x35, 0x37, 0x3b);
    const QColor highlight(0x3d, 0x7e, 0xd6);
    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, alternate);
    p.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3c, 0x40));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0xa0, 0xa3, 0xa8));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, button);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x4a, 0x4d, 0x52));
    p.setColor(QPalette::Midlight, QColor(0x3e, 0x41, 0x45));
    p.setColor(QPalette::Mid, QColor(0x5a, 0x5d, 0x62));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Shadow, QColor(0x0c, 0x0c, 0x0d));
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xb2, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xb3, 0x94, 0xf0));
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabledText);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x4a, 0x4d, 0x52));
    p.setColor(QPalette::Disabled, QPalette::HighlightedText, disabledText);
    return p;
}

bool isDarkPalette(const QPalette& palette) {
    return palette.color(QPalette::Window).lightnessF() <
           palette.color(QPalette::WindowText).lightnessF();
}

ColorScheme applyColorScheme(ColorScheme chosen) {
    captureStartup();
    const Startup& s = startup();
    ColorScheme effective = chosen;
    if (chosen == ColorScheme::System) {
        QString config = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
        effective =
            detectSystemScheme(QProcessEnvironment::systemEnvironment(), config, s.palette).scheme;
    }
    if (effective == ColorScheme::Dark) {
        // Fusion draws every control from the palette; native styles may not.
        if (QApplication::style()->name() != QLatin1String("fusion"))
            QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(darkPalette());
    } else if (active() == ColorScheme::Dark) {
        // Back from dark. (Light at start needs nothing: the platform's palette stays unset, so
        // it keeps following the platform theme.)
        if (!s.styleName.isEmpty() && QApplication::style()->name() != s.styleName)
            if (QStyle* style = QStyleFactory::create(s.styleName)) QApplication::setStyle(style);
        // A platform palette that is itself dark would contradict an explicit "light".
        QApplication::setPalette(isDarkPalette(s.palette) ? QApplication::style()->standardPalette()
                                                          : s.palette);
    }
    // The widgets learn of a new application palette through posted events; deliver them now,
    // so everything painted after this call (a grab, a screenshot) has the new colours.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::ApplicationPaletteChange);
    active() = effective;
    return effective;
}

ColorScheme activeColorScheme() {
    return active();
}

QPalette platformPalette() {
    return startup().captured ? startup().palette : QApplication::palette();
}

}  // namespace tl
