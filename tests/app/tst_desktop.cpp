// SPDX-License-Identifier: MIT
// The desktop app as a process (offscreen): a second launch hands over to the first.
#include <singleinstance.h>

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_Desktop : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void secondInstanceHandsOverToTheFirst();

private:
    QProcessEnvironment environment(const QTemporaryDir &dir) const;
};

QProcessEnvironment tst_Desktop::environment(const QTemporaryDir &dir) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"DISPLAY"_s, u":offscreen"_s); // "there is a display": the GUI path, drawn offscreen
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    env.insert(u"XDG_CONFIG_HOME"_s, dir.filePath(u"config"_s));
    env.insert(u"XDG_DATA_HOME"_s, dir.filePath(u"data"_s));
    env.insert(u"PERSONA_STUDIO_INSTANCE"_s, qEnvironmentVariable("PERSONA_STUDIO_INSTANCE"));
    return env;
}

void tst_Desktop::secondInstanceHandsOverToTheFirst()
{
    QTemporaryDir dir;
    const QString instance = u"tst-desktop-%1"_s.arg(QCoreApplication::applicationPid());
    qputenv("PERSONA_STUDIO_INSTANCE", instance.toUtf8());
    const QStringList arguments = {u"--db"_s, dir.filePath(u"db.sqlite"_s), u"--listen"_s, u"127.0.0.1:0"_s,
                                   u"--ollama-url"_s, u"http://127.0.0.1:9"_s};
    QProcess first;
    first.setProcessEnvironment(environment(dir));
    first.start(QStringLiteral(PERSONA_STUDIO_BIN), arguments);
    QVERIFY(first.waitForStarted());
    // The first instance answers on its socket once its window and endpoint are up.
    QString endpoint;
    QTRY_VERIFY_WITH_TIMEOUT(!(endpoint = Studio::App::SingleInstance::ask(u"endpoint"_s, 200)).isEmpty()
                                 && endpoint.startsWith(u"http://127.0.0.1:"_s),
                             15000);

    QProcess second;
    second.setProcessEnvironment(environment(dir));
    second.start(QStringLiteral(PERSONA_STUDIO_BIN), arguments);
    QVERIFY(second.waitForFinished(15000));
    QCOMPARE(second.exitCode(), 0);
    QVERIFY2(second.readAllStandardError().contains("already running; its window was raised"),
             "the second launch did not hand over");
    QCOMPARE(first.state(), QProcess::Running);

    first.terminate();
    QVERIFY(first.waitForFinished(10000));
    QCOMPARE(first.exitStatus(), QProcess::NormalExit);
    QCOMPARE(Studio::App::SingleInstance::ask(u"endpoint"_s, 200), QString());
}

QTEST_GUILESS_MAIN(tst_Desktop)
#include "tst_desktop.moc"
