#pragma once

#include <QPalette>
#include <QProcessEnvironment>
#include <QString>

namespace tl {

// Light or dark. Qt 6.4 has no QStyleHints::colorScheme() (6.5+), so "System" is worked out
// here from what the desktop tells us (see detectSystemScheme); Preferences can override it.
enum class ColorScheme { System, Light, Dark };

QString colorSchemeName(ColorScheme scheme);           // "system", "light", "dark"
ColorScheme colorSchemeFromName(const QString& name);  // anything else: System

// The user's choice, kept in QSettings (an application preference, not a project's).
ColorScheme savedColorScheme();
void saveColorScheme(ColorScheme scheme);

// What the desktop prefers, and how we know, for the Preferences dialog to say.
struct SystemSchemeGuess {
    ColorScheme scheme = ColorScheme::Light;  // Light or Dark, never System
    QString reason;
};
// In this order: the XDG desktop portal's org.freedesktop.appearance color-scheme (GNOME 42+,
// KDE 5.24+, when a session bus answers within 200 ms), the platform theme's own palette (Qt's
// KDE/qt6ct/GTK platform themes hand over a dark palette under a dark theme), GTK_THEME, GTK 3/4
// settings.ini (gtk-application-prefer-dark-theme, a theme named "*-dark"), KDE's kdeglobals
// colour scheme; light when nothing says dark. `configDir` is $XDG_CONFIG_HOME (tests pass
// their own); `askPortal` false skips D-Bus.
SystemSchemeGuess detectSystemScheme(const QProcessEnvironment& env, const QString& configDir,
                                     const QPalette& platformPalette, bool askPortal = true);

// A dark palette for the Fusion style: every role set (disabled ones too), links and highlight
// readable on the dark base, placeholder text between text and base.
QPalette darkPalette();
// True when the palette's window is darker than its text: a dark theme.
bool isDarkPalette(const QPalette& palette);

// Applies `chosen` to the running application: Dark (or System resolving to dark) switches to
// Fusion with darkPalette(); Light restores the style and palette the platform gave at start.
// Every widget gets a PaletteChange; views that paint read palette() and follow. Returns the
// scheme in effect (Light or Dark). Call after the QApplication exists.
ColorScheme applyColorScheme(ColorScheme chosen);
// The palette the platform gave before any applyColorScheme (the current one before the first
// call): what "System" is judged by, not the dark palette this file may have set since.
QPalette platformPalette();
// The scheme in effect after the last applyColorScheme (Light before any call).
ColorScheme activeColorScheme();

}  // namespace tl
