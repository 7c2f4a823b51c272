// SPDX-License-Identifier: MIT
// The compiled translations are embedded in studio_translations and the loader installs them.
// (Whether a known string is translated is the UI tests' job, once the .ts has translations.)
#include "studiotranslations.h"

#include <QCoreApplication>
#include <QFile>
#include <QTest>
#include <QTranslator>

using namespace Qt::StringLiterals;

class TstTranslationsLoad : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void germanIsEmbedded()
    {
        const QString path = u":/i18n/persona-studio_de.qm"_s;
        QVERIFY2(QFile::exists(path), "studio_translations does not embed the compiled German .qm");
        QTranslator translator;
        QVERIFY(translator.load(path));
        QCOMPARE(translator.language(), u"de_DE"_s);
    }

    void installsGermanAndReplacesIt()
    {
        QVERIFY(Studio::Translations::install(qApp, u"de"_s));
        QVERIFY(Studio::Translations::install(qApp, u"de_AT"_s)); // falls back to de
        QVERIFY(Studio::Translations::install(nullptr, u"de-DE"_s));
        QCOMPARE(installed("studio-translations-app"), 1); // each call replaced the previous one

        QVERIFY(!Studio::Translations::install(qApp, u"en"_s)); // the source language
        QCOMPARE(installed(), 0);
        QVERIFY(!Studio::Translations::install(qApp, u"fr"_s)); // no French: English throughout
        QCOMPARE(installed(), 0);
    }

    void qtOwnTranslationComesAlong()
    {
        if (!QFile::exists(Studio::Translations::qtTranslationsPath() + u"/qtbase_de.qm"_s))
            QSKIP("qtbase_de.qm is not installed (Debian: qt6-translations-l10n)");
        QVERIFY(Studio::Translations::install(qApp, u"de"_s));
        QCOMPARE(installed("studio-translations-qtbase"), 1);
        // A string from qtbase_de.qm: the standard "Cancel" button.
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), u"Abbrechen"_s);
        QVERIFY(!Studio::Translations::install(qApp, u"en"_s));
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), u"Cancel"_s);
    }

    void systemOrSetting()
    {
        QCOMPARE(Studio::Translations::systemOrSetting(u"de"_s), u"de"_s);
        QCOMPARE(Studio::Translations::systemOrSetting(u" de_DE "_s), u"de_DE"_s);
        QVERIFY(!Studio::Translations::systemOrSetting(QString()).isEmpty());
        QCOMPARE(Studio::Translations::systemOrSetting(u"system"_s), Studio::Translations::systemOrSetting(QString()));
    }

private:
    // How many of install()'s translators (all, or those with this object name) are installed.
    static int installed(const char *name = "studio-translations-")
    {
        int count = 0;
        for (QTranslator *translator : qApp->findChildren<QTranslator *>(Qt::FindDirectChildrenOnly))
            count += translator->objectName().startsWith(QLatin1StringView(name)) ? 1 : 0;
        return count;
    }
};

QTEST_GUILESS_MAIN(TstTranslationsLoad)
#include "tst_translationsload.moc"
