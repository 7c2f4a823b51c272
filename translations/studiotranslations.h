// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

class QCoreApplication;

// The app's translations are compiled from translations/*.ts at build time and embedded under
// :/i18n (persona-studio_<lang>.qm); linking studio_translations is all it takes to have them.
namespace Studio::Translations {

// The language the app should use: `setting` when it names one ("de", "de_DE"), else the system's
// first UI language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), e.g. "de_DE". "" and "system" mean the
// system's.
QString systemOrSetting(const QString &setting);

// Installs our translator for `language` ("" = the system's UI languages, in order of preference)
// and Qt's own qtbase_<lang> from QLibraryInfo::TranslationsPath for the same language, replacing
// what an earlier call installed (so it also serves a language change). English, the source
// language, installs nothing: so does a language we have no translation for, which keeps the UI in
// one language. Returns whether ours loaded. `app` defaults to QCoreApplication::instance().
bool install(QCoreApplication *app, const QString &language);

// The directory Qt's own translations (qtbase_de.qm, ...) are read from. Debian ships them in
// qt6-translations-l10n.
QString qtTranslationsPath();

} // namespace Studio::Translations
