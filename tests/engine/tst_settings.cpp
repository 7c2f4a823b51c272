// SPDX-License-Identifier: MIT
#include <engine/settings.h>

#include <QProcessEnvironment>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Studio;
using namespace Studio::Engine;

namespace {

template<typename T>
QString messageOf(const Result<T> &result)
{
    return result ? QString() : result.error().message;
}

/** The typed field a key lands in, as text. */
QString typedValue(const Settings &s, const QString &key)
{
    if (key == QLatin1StringView(Keys::kModel))
        return s.model;
    if (key == QLatin1StringView(Keys::kWindowMessages))
        return QString::number(s.windowMessages);
    if (key == QLatin1StringView(Keys::kSessionTimeoutHours))
        return QString::number(s.sessionTimeoutHours);
    if (key == QLatin1StringView(Keys::kDbPath))
        return s.dbPath;
    if (key == QLatin1StringView(Keys::kOllamaUrl))
        return s.ollamaUrl.toString();
    if (key == QLatin1StringView(Keys::kNumCtx))
        return QString::number(s.numCtx);
    return u"<unknown key %1>"_s.arg(key);
}

const SettingValue *valueFor(const EffectiveSettings &effective, const QString &key)
{
    for (const SettingValue &value : effective.values) {
        if (value.key == key)
            return &value;
    }
    return nullptr;
}

constexpr auto kFilePlaceholder = "<file>"_L1;

} // namespace

class tst_Settings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void defaults();
    void emptyFileKeepsDefaults();
    void tokenIsNeverShown();
    void precedence_data();
    void precedence();
    void flagForKeyWithoutEnvironmentName();
    void dbPathIsCleaned_data();
    void dbPathIsCleaned();
    void invalidValues_data();
    void invalidValues();
    void parseOllamaUrl_data();
    void parseOllamaUrl();

private:
    QString iniPath() const { return m_dir->filePath(u"persona-studio.ini"_s); }
    /** Writes the given keys to the INI file and returns a reader of it. */
    std::unique_ptr<QSettings> writeIni(const QMap<QString, QString> &values) const;

    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_Settings::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_Settings::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_Settings::cleanup()
{
    m_dir.reset();
}

std::unique_ptr<QSettings> tst_Settings::writeIni(const QMap<QString, QString> &values) const
{
    {
        QSettings writer(iniPath(), QSettings::IniFormat);
        for (auto it = values.begin(); it != values.end(); ++it)
            writer.setValue(it.key(), it.value());
        writer.sync();
    }
    return std::make_unique<QSettings>(iniPath(), QSettings::IniFormat);
}

void tst_Settings::defaults()
{
    auto effective = resolveSettings(nullptr, QProcessEnvironment(), {});
    QVERIFY2(effective, qPrintable(messageOf(effective)));
    const Settings &s = effective->settings;
    QCOMPARE(s.dbPath, defaultDatabasePath());
    QVERIFY(s.dbPath.endsWith(u"/persona-studio.sqlite"_s));
    QCOMPARE(s.ollamaUrl, QUrl(u"http://127.0.0.1:11434"_s));
    QCOMPARE(s.model, u"llama3.1:8b"_s);
    QCOMPARE(s.numCtx, 8192);
    QCOMPARE(s.windowMessages, 20);
    QCOMPARE(s.sessionTimeoutHours, 24.0);
    QCOMPARE(s.connectTimeoutMs, 5000);
    QCOMPARE(s.firstTokenTimeoutMs, 120000);
    QCOMPARE(s.idleTimeoutMs, 60000);
    QCOMPARE(s.totalTimeoutMs, 600000);
    QCOMPARE(s.llmRetries, 2);
    QCOMPARE(s.llmParallel, 1);
    QCOMPARE(s.maxQueueWaitMs, 120000);
    QCOMPARE(s.keepAlive, QString());
    QCOMPARE(s.maxReplyTokens, 4096);
    QCOMPARE(s.maxReplyChars, 64000);
    QCOMPARE(s.mcpAllowedHosts, QString());
    QCOMPARE(s.mcpMaxSessionsPerClient, 256);
    QCOMPARE(s.mcpHttpSessionIdleSeconds, 1800);

    QStringList keys;
    for (const SettingValue &value : effective->values) {
        keys.append(value.key);
        QCOMPARE(int(value.source), int(SettingSource::Default));
        QVERIFY2(value.origin.isEmpty(), qPrintable(value.key));
        QVERIFY2(!value.description.isEmpty(), qPrintable(value.key));
    }
    QCOMPARE(keys,
             (QStringList{u"store/db_path"_s, u"llm/url"_s, u"llm/model"_s, u"llm/num_ctx"_s,
                          u"chat/window_messages"_s, u"sessions/timeout_hours"_s, u"llm/connect_timeout_ms"_s,
                          u"llm/first_token_timeout_ms"_s, u"llm/idle_timeout_ms"_s, u"llm/total_timeout_ms"_s,
                          u"llm/retries"_s, u"llm/parallel"_s, u"llm/max_queue_wait_ms"_s, u"llm/keep_alive"_s,
                          u"llm/max_reply_tokens"_s, u"llm/max_reply_chars"_s, u"mcp/listen"_s, u"mcp/token"_s,
                          u"mcp/allowed_origins"_s, u"mcp/allowed_hosts"_s, u"mcp/max_message_bytes"_s,
                          u"mcp/max_in_flight"_s, u"mcp/rate_per_second"_s, u"mcp/max_connections"_s, u"mcp/threads"_s,
                          u"mcp/max_sessions_per_client"_s, u"mcp/http_session_idle_s"_s, u"memory/embedder"_s,
                          u"memory/embed_model"_s, u"memory/recall_k"_s, u"memory/weight_relevance"_s,
                          u"memory/weight_recency"_s, u"memory/weight_importance"_s, u"memory/min_importance"_s,
                          u"memory/decay_per_day"_s, u"memory/importance_floor"_s, u"memory/protect_importance"_s,
                          u"memory/protect_days"_s, u"memory/prune_start"_s, u"memory/prune_target"_s,
                          u"memory/prune_max"_s, u"memory/prune_min"_s, u"memory/prune_share"_s,
                          u"memory/maintenance_minutes"_s, u"memory/importance_by_model"_s}));
    QCOMPARE(s.memoryImportanceByModel, false);
    QCOMPARE(s.memoryEmbedder, u"ollama"_s);
    QCOMPARE(s.memoryEmbedModel, u"nomic-embed-text"_s);
    QCOMPARE(s.memoryRecallK, 5);
    QCOMPARE(s.memoryPruneStart, 900);
    QCOMPARE(s.memoryPruneTarget, 800);
    QCOMPARE(s.memoryPruneMax, 1000);
    QCOMPARE(s.mcpListen, u"127.0.0.1:8000"_s);
    QCOMPARE(s.mcpToken, QString());
    QCOMPARE(s.mcpMaxMessageBytes, 4 * 1024 * 1024);
    QCOMPARE(s.mcpMaxInFlight, 16);
    QCOMPARE(valueFor(*effective, u"llm/url"_s)->value, u"http://127.0.0.1:11434"_s);
    QCOMPARE(valueFor(*effective, u"chat/window_messages"_s)->value, u"20"_s);
    QCOMPARE(valueFor(*effective, u"sessions/timeout_hours"_s)->value, u"24"_s);
    QCOMPARE(valueFor(*effective, u"llm/keep_alive"_s)->value, QString());
    QCOMPARE(settingSourceName(SettingSource::Default), u"default"_s);
}

void tst_Settings::tokenIsNeverShown()
{
    QProcessEnvironment environment;
    environment.insert(u"PERSONA_STUDIO_TOKEN"_s, u"s3cret-token"_s);
    auto effective = resolveSettings(nullptr, environment, {});
    QVERIFY(effective);
    QCOMPARE(effective->settings.mcpToken, u"s3cret-token"_s);
    const SettingValue *token = valueFor(*effective, u"mcp/token"_s);
    QVERIFY(token);
    QCOMPARE(token->value, u"(set, hidden)"_s);
    QCOMPARE(token->origin, u"PERSONA_STUDIO_TOKEN"_s);
}

void tst_Settings::emptyFileKeepsDefaults()
{
    auto file = writeIni({});
    auto effective = resolveSettings(file.get(), QProcessEnvironment(), {});
    QVERIFY2(effective, qPrintable(messageOf(effective)));
    for (const SettingValue &value : effective->values)
        QCOMPARE(int(value.source), int(SettingSource::Default));
    QCOMPARE(effective->settings.model, u"llama3.1:8b"_s);
}

void tst_Settings::precedence_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("envName");
    QTest::addColumn<QString>("fileValue"); // null: not in the file
    QTest::addColumn<QString>("envValue");  // null: not in the environment
    QTest::addColumn<QString>("flagValue"); // null: no flag
    QTest::addColumn<QString>("expected");
    QTest::addColumn<int>("source");
    QTest::addColumn<QString>("origin"); // "<file>" stands for the INI path

    struct Case
    {
        const char *key;
        const char *envName;
        QString file, env, flag;
    };
    const QList<Case> cases = {
        {Keys::kModel, "DEFAULT_MODEL", u"file-model:1b"_s, u"env-model:3b"_s, u"flag-model:8b"_s},
        {Keys::kWindowMessages, "MAX_CONTEXT_MESSAGES", u"10"_s, u"30"_s, u"40"_s},
        {Keys::kSessionTimeoutHours, "SESSION_TIMEOUT_HOURS", u"2"_s, u"1.5"_s, u"0.25"_s},
        {Keys::kDbPath, "PERSONA_STUDIO_DB", u"/srv/file/studio.sqlite"_s, u"/srv/env/studio.sqlite"_s,
         u"/srv/flag/studio.sqlite"_s},
        {Keys::kOllamaUrl, "OLLAMA_HOST", u"http://file-host:1111"_s, u"http://env-host:2222"_s,
         u"http://flag-host:3333"_s},
    };
    const int file = int(SettingSource::File);
    const int env = int(SettingSource::Environment);
    const int flag = int(SettingSource::Flag);
    for (const Case &c : cases) {
        const QString key = QString::fromLatin1(c.key);
        const QString envName = QString::fromLatin1(c.envName);
        const QString none;
        QTest::addRow("%s: file", c.key) << key << envName << c.file << none << none << c.file << file
                                         << QString(kFilePlaceholder);
        QTest::addRow("%s: env over file", c.key) << key << envName << c.file << c.env << none << c.env << env
                                                  << envName;
        QTest::addRow("%s: env without file", c.key) << key << envName << none << c.env << none << c.env << env
                                                     << envName;
        QTest::addRow("%s: flag over env over file", c.key)
            << key << envName << c.file << c.env << c.flag << c.flag << flag << key;
        QTest::addRow("%s: flag over file", c.key) << key << envName << c.file << none << c.flag << c.flag << flag
                                                   << key;
        QTest::addRow("%s: flag alone", c.key) << key << envName << none << none << c.flag << c.flag << flag << key;
        QTest::addRow("%s: blank env ignored", c.key) << key << envName << c.file << u"   "_s << none << c.file
                                                      << file << QString(kFilePlaceholder);
    }
    // The old server's OLLAMA_HOST forms.
    QTest::newRow("OLLAMA_HOST bare host") << u"llm/url"_s << u"OLLAMA_HOST"_s << QString() << u"gpu-box"_s
                                           << QString() << u"http://gpu-box:11434"_s << env << u"OLLAMA_HOST"_s;
    QTest::newRow("OLLAMA_HOST 0.0.0.0") << u"llm/url"_s << u"OLLAMA_HOST"_s << QString() << u"0.0.0.0"_s
                                         << QString() << u"http://127.0.0.1:11434"_s << env << u"OLLAMA_HOST"_s;
}

void tst_Settings::precedence()
{
    QFETCH(QString, key);
    QFETCH(QString, envName);
    QFETCH(QString, fileValue);
    QFETCH(QString, envValue);
    QFETCH(QString, flagValue);
    QFETCH(QString, expected);
    QFETCH(int, source);
    QFETCH(QString, origin);

    QMap<QString, QString> fileValues;
    if (!fileValue.isNull())
        fileValues.insert(key, fileValue);
    // An unrelated key in the file must not matter.
    fileValues.insert(u"llm/keep_alive"_s, u"5m"_s);
    auto file = writeIni(fileValues);

    QProcessEnvironment environment;
    environment.insert(u"PATH"_s, u"/usr/bin"_s);
    if (!envValue.isNull())
        environment.insert(envName, envValue);
    QMap<QString, QString> flags;
    if (!flagValue.isNull())
        flags.insert(key, flagValue);

    auto effective = resolveSettings(file.get(), environment, flags);
    QVERIFY2(effective, qPrintable(messageOf(effective)));
    const SettingValue *value = valueFor(*effective, key);
    QVERIFY(value);
    QCOMPARE(value->value, expected);
    QCOMPARE(typedValue(effective->settings, key), expected);
    QCOMPARE(int(value->source), source);
    QCOMPARE(value->origin, origin == kFilePlaceholder ? iniPath() : origin);

    const SettingValue *keepAlive = valueFor(*effective, u"llm/keep_alive"_s);
    QVERIFY(keepAlive);
    QCOMPARE(keepAlive->value, u"5m"_s);
    QCOMPARE(int(keepAlive->source), int(SettingSource::File));
    QCOMPARE(effective->settings.keepAlive, u"5m"_s);
}

void tst_Settings::flagForKeyWithoutEnvironmentName()
{
    auto file = writeIni({{u"llm/num_ctx"_s, u"4096"_s}});
    QProcessEnvironment environment;
    environment.insert(u"NUM_CTX"_s, u"2048"_s); // no such variable is read
    auto fromFile = resolveSettings(file.get(), environment, {});
    QVERIFY2(fromFile, qPrintable(messageOf(fromFile)));
    QCOMPARE(fromFile->settings.numCtx, 4096);
    QCOMPARE(int(valueFor(*fromFile, u"llm/num_ctx"_s)->source), int(SettingSource::File));

    auto fromFlag = resolveSettings(file.get(), environment, {{u"llm/num_ctx"_s, u"16384"_s}});
    QVERIFY2(fromFlag, qPrintable(messageOf(fromFlag)));
    QCOMPARE(fromFlag->settings.numCtx, 16384);
    const SettingValue *value = valueFor(*fromFlag, u"llm/num_ctx"_s);
    QCOMPARE(int(value->source), int(SettingSource::Flag));
    QCOMPARE(value->origin, u"llm/num_ctx"_s);
}

void tst_Settings::dbPathIsCleaned_data()
{
    QTest::addColumn<QString>("given");
    QTest::addColumn<QString>("expected");
    QTest::newRow("dot-dot and double slash") << u"/srv/x/../y//z.sqlite"_s << u"/srv/y/z.sqlite"_s;
    QTest::newRow("surrounding spaces") << u"  /srv/a.sqlite  "_s << u"/srv/a.sqlite"_s;
    QTest::newRow("in memory") << u":memory:"_s << u":memory:"_s;
}

void tst_Settings::dbPathIsCleaned()
{
    QFETCH(QString, given);
    QFETCH(QString, expected);
    auto effective = resolveSettings(nullptr, QProcessEnvironment(), {{u"store/db_path"_s, given}});
    QVERIFY2(effective, qPrintable(messageOf(effective)));
    QCOMPARE(effective->settings.dbPath, expected);
}

void tst_Settings::invalidValues_data()
{
    QTest::addColumn<QString>("fileKey");
    QTest::addColumn<QString>("fileValue");
    QTest::addColumn<QString>("envName");
    QTest::addColumn<QString>("envValue");
    QTest::addColumn<QString>("flagKey");
    QTest::addColumn<QString>("flagValue");
    QTest::addColumn<QStringList>("fragments"); // "<file>" stands for the INI path

    const QString none;
    const QString file = QString(kFilePlaceholder);
    QTest::newRow("MAX_CONTEXT_MESSAGES=abc")
        << none << none << u"MAX_CONTEXT_MESSAGES"_s << u"abc"_s << none << none
        << QStringList{u"environment"_s, u"MAX_CONTEXT_MESSAGES"_s, u"chat/window_messages"_s, u"'abc'"_s};
    QTest::newRow("MAX_CONTEXT_MESSAGES=1 (below 2)")
        << none << none << u"MAX_CONTEXT_MESSAGES"_s << u"1"_s << none << none
        << QStringList{u"environment"_s, u"MAX_CONTEXT_MESSAGES"_s, u"chat/window_messages"_s, u"between 2"_s};
    QTest::newRow("SESSION_TIMEOUT_HOURS=soon")
        << none << none << u"SESSION_TIMEOUT_HOURS"_s << u"soon"_s << none << none
        << QStringList{u"SESSION_TIMEOUT_HOURS"_s, u"sessions/timeout_hours"_s, u"'soon'"_s};
    QTest::newRow("SESSION_TIMEOUT_HOURS=0")
        << none << none << u"SESSION_TIMEOUT_HOURS"_s << u"0"_s << none << none
        << QStringList{u"SESSION_TIMEOUT_HOURS"_s, u"sessions/timeout_hours"_s};
    QTest::newRow("SESSION_TIMEOUT_HOURS=nan")
        << none << none << u"SESSION_TIMEOUT_HOURS"_s << u"nan"_s << none << none
        << QStringList{u"SESSION_TIMEOUT_HOURS"_s, u"sessions/timeout_hours"_s};
    QTest::newRow("SESSION_TIMEOUT_HOURS=inf")
        << none << none << u"SESSION_TIMEOUT_HOURS"_s << u"inf"_s << none << none
        << QStringList{u"SESSION_TIMEOUT_HOURS"_s, u"sessions/timeout_hours"_s};
    QTest::newRow("OLLAMA_HOST=ftp://x")
        << none << none << u"OLLAMA_HOST"_s << u"ftp://x"_s << none << none
        << QStringList{u"environment"_s, u"OLLAMA_HOST"_s, u"llm/url"_s, u"ftp://x"_s};
    QTest::newRow("llm/num_ctx=0 in the file")
        << u"llm/num_ctx"_s << u"0"_s << none << none << none << none
        << QStringList{u"settings file"_s, file, u"llm/num_ctx"_s, u"512"_s};
    QTest::newRow("llm/retries=2.5 in the file")
        << u"llm/retries"_s << u"2.5"_s << none << none << none << none
        << QStringList{u"settings file"_s, file, u"llm/retries"_s, u"whole number"_s};
    QTest::newRow("empty store/db_path in the file")
        << u"store/db_path"_s << u""_s << none << none << none << none
        << QStringList{u"settings file"_s, file, u"store/db_path"_s};
    QTest::newRow("memory/embedder=openai in the file")
        << u"memory/embedder"_s << u"openai"_s << none << none << none << none
        << QStringList{u"settings file"_s, file, u"memory/embedder"_s, u"ollama, builtin"_s, u"'openai'"_s};
    QTest::newRow("flag memory/weight_recency=-1")
        << none << none << none << none << u"memory/weight_recency"_s << u"-1"_s
        << QStringList{u"command line"_s, u"memory/weight_recency"_s, u"between 0"_s};
    QTest::newRow("flag chat/window_messages=501")
        << none << none << none << none << u"chat/window_messages"_s << u"501"_s
        << QStringList{u"command line"_s, u"chat/window_messages"_s, u"500"_s};
    QTest::newRow("flag llm/num_ctx=8k")
        << none << none << none << none << u"llm/num_ctx"_s << u"8k"_s
        << QStringList{u"command line"_s, u"llm/num_ctx"_s, u"'8k'"_s};
    QTest::newRow("flag llm/url empty")
        << none << none << none << none << u"llm/url"_s << u""_s << QStringList{u"command line"_s, u"llm/url"_s};
}

void tst_Settings::invalidValues()
{
    QFETCH(QString, fileKey);
    QFETCH(QString, fileValue);
    QFETCH(QString, envName);
    QFETCH(QString, envValue);
    QFETCH(QString, flagKey);
    QFETCH(QString, flagValue);
    QFETCH(QStringList, fragments);

    QMap<QString, QString> fileValues;
    if (!fileKey.isNull())
        fileValues.insert(fileKey, fileValue);
    auto file = writeIni(fileValues);
    QProcessEnvironment environment;
    if (!envName.isNull())
        environment.insert(envName, envValue);
    QMap<QString, QString> flags;
    if (!flagKey.isNull())
        flags.insert(flagKey, flagValue);

    auto effective = resolveSettings(file.get(), environment, flags);
    QVERIFY(!effective);
    QCOMPARE(errorCodeName(effective.error().code), errorCodeName(ErrorCode::InvalidArgument));
    const QString message = effective.error().message;
    for (const QString &fragment : std::as_const(fragments)) {
        const QString wanted = fragment == kFilePlaceholder ? iniPath() : fragment;
        QVERIFY2(message.contains(wanted), qPrintable(u"'%1' not in: %2"_s.arg(wanted, message)));
    }
}

void tst_Settings::parseOllamaUrl_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("path");

    QTest::newRow("bare host") << u"localhost"_s << true << u"http"_s << u"localhost"_s << 11434 << QString();
    QTest::newRow("host:port") << u"127.0.0.1:1234"_s << true << u"http"_s << u"127.0.0.1"_s << 1234 << QString();
    QTest::newRow("URL with trailing slash")
        << u"http://host:8080/"_s << true << u"http"_s << u"host"_s << 8080 << QString();
    QTest::newRow("URL with a path") << u"http://host:8080/ollama"_s << true << u"http"_s << u"host"_s << 8080
                                     << u"/ollama"_s;
    QTest::newRow("listen-everywhere address")
        << u"0.0.0.0"_s << true << u"http"_s << u"127.0.0.1"_s << 11434 << QString();
    QTest::newRow("listen-everywhere with port")
        << u"0.0.0.0:9999"_s << true << u"http"_s << u"127.0.0.1"_s << 9999 << QString();
    QTest::newRow("https without port")
        << u"https://ollama.example"_s << true << u"https"_s << u"ollama.example"_s << 443 << QString();
    QTest::newRow("surrounding spaces")
        << u"  localhost:11434  "_s << true << u"http"_s << u"localhost"_s << 11434 << QString();
    QTest::newRow("IPv6 literal") << u"http://[::1]:11434"_s << true << u"http"_s << u"::1"_s << 11434 << QString();
    QTest::newRow("empty") << QString() << false << QString() << QString() << 0 << QString();
    QTest::newRow("blank") << u"   "_s << false << QString() << QString() << 0 << QString();
    QTest::newRow("colons only") << u"::::"_s << false << QString() << QString() << 0 << QString();
    QTest::newRow("ftp scheme") << u"ftp://x"_s << false << QString() << QString() << 0 << QString();
    QTest::newRow("scheme without host") << u"http://"_s << false << QString() << QString() << 0 << QString();
    QTest::newRow("port not a number") << u"localhost:port"_s << false << QString() << QString() << 0 << QString();
}

void tst_Settings::parseOllamaUrl()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QString, scheme);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, path);

    const Result<QUrl> url = Studio::Engine::parseOllamaUrl(text);
    if (!valid) {
        QVERIFY2(!url, qPrintable(url ? url->toString() : QString()));
        QCOMPARE(errorCodeName(url.error().code), errorCodeName(ErrorCode::InvalidArgument));
        QVERIFY(!url.error().message.isEmpty());
        return;
    }
    QVERIFY2(url, qPrintable(messageOf(url)));
    QVERIFY(url->isValid());
    QCOMPARE(url->scheme(), scheme);
    QCOMPARE(url->host(), host);
    QCOMPARE(url->port(), port);
    QCOMPARE(url->path(), path);
    if (path.isEmpty() && host != u"::1"_s)
        QCOMPARE(url->toString(), u"%1://%2:%3"_s.arg(scheme, host).arg(port));
}

QTEST_GUILESS_MAIN(tst_Settings)

#include "tst_settings.moc"
