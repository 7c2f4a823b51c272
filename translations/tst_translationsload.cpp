// SPDX-License-Identifier: MIT
// The compiled translations are embedded in studio_translations and the loader installs them.
// Known strings from the .ts come out in German once it is installed, plurals included.
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

    void knownStringsAreGerman()
    {
        QVERIFY(Studio::Translations::install(qApp, u"de"_s));
        const auto tr = [](const char *context, const char *source, int n = -1) {
            return QCoreApplication::translate(context, source, nullptr, n);
        };
        // Menus and actions keep their accelerators and ellipses.
        QCOMPARE(tr("Studio::Ui::MainWindow", "&Settings…"), u"&Einstellungen…"_s);
        QCOMPARE(tr("Studio::Ui::MainWindow", "&File"), u"&Datei"_s);
        QCOMPARE(tr("Studio::Ui::MainWindow", "&Quit"), u"&Beenden"_s);
        QCOMPARE(tr("Studio::Ui::MainWindow", "Quit"), u"Beenden"_s);
        // Shortcut names follow the German keyboard.
        QCOMPARE(tr("Studio::Ui::PersonaSidebar", "Filter personas (Ctrl+K)"), u"Personas filtern (Strg+K)"_s);
        QCOMPARE(tr("Studio::Ui::ChatTab", "Message %1 — Enter sends, Shift+Enter adds a line").arg(u"Ada"_s),
                 u"Nachricht an Ada – Eingabe: senden, Umschalt+Eingabe: neue Zeile"_s);
        // The same English word can differ per context; placeholders survive.
        QCOMPARE(tr("Studio::Ui::ChatTab", "New conversation"), u"Neue Unterhaltung"_s);
        QCOMPARE(tr("Studio::Ui::SessionInspector", "Sessions"), u"Sitzungen"_s);
        QCOMPARE(tr("Studio::Ui::SettingsDialog", "MCP endpoint"), u"MCP-Endpunkt"_s);
        QCOMPARE(tr("Studio::Ui::ChatTab", "%1 · %2 + %3 tokens · %4 s").arg(u"m"_s).arg(1).arg(2).arg(3),
                 u"m · 1 + 2 Token · 3 s"_s);
        // Plurals: German has one form for 1 and another for the rest.
        QCOMPARE(tr("Studio::Ui::MainWindow", "%n MCP client(s)", 1), u"1 MCP-Client"_s);
        QCOMPARE(tr("Studio::Ui::MainWindow", "%n MCP client(s)", 3), u"3 MCP-Clients"_s);
        QCOMPARE(tr("Studio::Ui::MainWindow", "%n MCP client(s)", 0), u"0 MCP-Clients"_s);
        QCOMPARE(tr("Studio::Ui::SessionTreeModel", "%n live", 1), u"1 aktiv"_s);
        QCOMPARE(tr("Studio::Ui::SessionTreeModel", "%n live", 3), u"3 aktiv"_s);

        // Back to the source language: English again.
        QVERIFY(!Studio::Translations::install(qApp, u"en"_s));
        QCOMPARE(tr("Studio::Ui::MainWindow", "&Settings…"), u"&Settings…"_s);
        QCOMPARE(tr("Studio::Ui::MainWindow", "%n MCP client(s)", 3), u"3 MCP client(s)"_s);
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
