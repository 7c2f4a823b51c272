// SPDX-License-Identifier: MIT
#include "studiotranslations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace Studio::Translations {

namespace {

// Object names of the translators install() owns, so a second call finds and replaces them.
constexpr auto kOurTranslator = "studio-translations-app"_L1;
constexpr auto kQtTranslator = "studio-translations-qtbase"_L1;

bool isSystem(const QString &language)
{
    return language.isEmpty() || language.compare(u"system"_s, Qt::CaseInsensitive) == 0;
}

// English is what the sources say; "C"/"POSIX" means no language at all.
bool isSourceLanguage(const QString &name, const QLocale &locale)
{
    if (locale.language() == QLocale::English)
        return true;
    return locale.language() == QLocale::C
        && (name == u"C"_s || name.startsWith(u"C."_s) || name == u"POSIX"_s);
}

void removeInstalled(QCoreApplication *app)
{
    const auto translators = app->findChildren<QTranslator *>(Qt::FindDirectChildrenOnly);
    for (QTranslator *translator : translators) {
        if (translator->objectName() == kOurTranslator || translator->objectName() == kQtTranslator) {
            QCoreApplication::removeTranslator(translator);
            delete translator;
        }
    }
}

} // namespace

QString systemOrSetting(const QString &setting)
{
    const QString language = setting.trimmed();
    if (!isSystem(language))
        return language;
    const QStringList languages = QLocale::system().uiLanguages();
    if (languages.isEmpty())
        return QLocale::system().name();
    return QString(languages.constFirst()).replace(u'-', u'_');
}

QString qtTranslationsPath()
{
    return QLibraryInfo::path(QLibraryInfo::TranslationsPath);
}

bool install(QCoreApplication *app, const QString &language)
{
    if (!app)
        app = QCoreApplication::instance();
    if (!app)
        return false;
    removeInstalled(app);

    // The system's UI languages come in order of preference ("de-AT", "de", "en-US", ...): take
    // the first we have a translation for, unless English comes before it.
    const QString chosen = language.trimmed();
    const QStringList candidates = isSystem(chosen) ? QLocale::system().uiLanguages() : QStringList{chosen};
    for (const QString &candidate : candidates) {
        const QLocale locale(candidate);
        if (isSourceLanguage(candidate, locale))
            return false;
        if (locale.language() == QLocale::C)
            continue; // a name QLocale does not know

        auto *ours = new QTranslator(app);
        ours->setObjectName(kOurTranslator);
        if (!ours->load(locale, u"persona-studio"_s, u"_"_s, u":/i18n"_s)) {
            delete ours;
            continue;
        }
        // Qt's own strings (standard buttons, dialogs) first, ours after: the translator installed
        // last is asked first. A missing qtbase_<lang>.qm leaves those strings in English.
        auto *qt = new QTranslator(app);
        qt->setObjectName(kQtTranslator);
        if (qt->load(locale, u"qtbase"_s, u"_"_s, qtTranslationsPath()))
            QCoreApplication::installTranslator(qt);
        else
            delete qt;
        QCoreApplication::installTranslator(ours);
        return true;
    }
    return false;
}

} // namespace Studio::Translations
