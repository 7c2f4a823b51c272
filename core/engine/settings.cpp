// SPDX-License-Identifier: MIT
#include "settings.h"

#include <QDir>
#include <QSettings>
#include <QStandardPaths>

#include <cmath>
#include <functional>

using namespace Qt::StringLiterals;

namespace Studio::Engine {

namespace {

enum class Kind {
    Text,
    Secret, // text that `config` must not print
    Path,
    Url,
    Integer,
    Number,
    Choice, // text, one of Definition::choices
};

/** One setting: its key, type, bounds, default, old-server environment name and where it goes. */
struct Definition
{
    const char *key;
    Kind kind;
    double min;
    double max;
    std::function<QString()> defaultValue;
    const char *environment; // nullptr: none
    const char *description;
    std::function<void(Settings &, const QVariant &)> apply;
    const char *choices = nullptr; // Kind::Choice: the allowed values, separated by '|'
};

const QList<Definition> &definitions()
{
    static const QList<Definition> list = {
        {Keys::kDbPath, Kind::Path, 0, 0, [] { return defaultDatabasePath(); }, "PERSONA_STUDIO_DB",
         "SQLite database file", [](Settings &s, const QVariant &v) { s.dbPath = v.toString(); }},
        {Keys::kOllamaUrl, Kind::Url, 0, 0, [] { return u"http://127.0.0.1:11434"_s; }, "OLLAMA_HOST",
         "Ollama server URL", [](Settings &s, const QVariant &v) { s.ollamaUrl = v.toUrl(); }},
        {Keys::kModel, Kind::Text, 0, 0, [] { return u"llama3.1:8b"_s; }, "DEFAULT_MODEL", "chat model",
         [](Settings &s, const QVariant &v) { s.model = v.toString(); }},
        {Keys::kNumCtx, Kind::Integer, 512, 1048576, [] { return u"8192"_s; }, nullptr,
         "context size sent as options.num_ctx", [](Settings &s, const QVariant &v) { s.numCtx = v.toInt(); }},
        {Keys::kWindowMessages, Kind::Integer, 2, 500, [] { return u"20"_s; }, "MAX_CONTEXT_MESSAGES",
         "messages sent verbatim; older ones are summarised",
         [](Settings &s, const QVariant &v) { s.windowMessages = v.toInt(); }},
        {Keys::kSessionTimeoutHours, Kind::Number, 0.001, 87600, [] { return u"24"_s; }, "SESSION_TIMEOUT_HOURS",
         "idle hours before a session is closed",
         [](Settings &s, const QVariant &v) { s.sessionTimeoutHours = v.toDouble(); }},
        {Keys::kConnectTimeoutMs, Kind::Integer, 0, 600000, [] { return u"5000"_s; }, nullptr,
         "connect timeout (ms)", [](Settings &s, const QVariant &v) { s.connectTimeoutMs = v.toInt(); }},
        {Keys::kFirstTokenTimeoutMs, Kind::Integer, 0, 3600000, [] { return u"120000"_s; }, nullptr,
         "first token timeout (ms)", [](Settings &s, const QVariant &v) { s.firstTokenTimeoutMs = v.toInt(); }},
        {Keys::kIdleTimeoutMs, Kind::Integer, 0, 3600000, [] { return u"60000"_s; }, nullptr,
         "idle timeout between chunks (ms)", [](Settings &s, const QVariant &v) { s.idleTimeoutMs = v.toInt(); }},
        {Keys::kTotalTimeoutMs, Kind::Integer, 0, 86400000, [] { return u"600000"_s; }, nullptr,
         "longest model call from leaving the queue to its end (ms)",
         [](Settings &s, const QVariant &v) { s.totalTimeoutMs = v.toInt(); }},
        {Keys::kRetries, Kind::Integer, 0, 10, [] { return u"2"_s; }, nullptr,
         "retries of connection failures before any output",
         [](Settings &s, const QVariant &v) { s.llmRetries = v.toInt(); }},
        {Keys::kParallel, Kind::Integer, 1, 64, [] { return u"1"_s; }, nullptr,
         "model calls at once; the rest wait, sessions served in turn (match Ollama's OLLAMA_NUM_PARALLEL)",
         [](Settings &s, const QVariant &v) { s.llmParallel = v.toInt(); }},
        {Keys::kMaxQueueWaitMs, Kind::Integer, 0, 86400000, [] { return u"120000"_s; }, nullptr,
         "longest wait in the model queue before a call fails as busy (ms)",
         [](Settings &s, const QVariant &v) { s.maxQueueWaitMs = v.toInt(); }},
        {Keys::kKeepAlive, Kind::Text, 0, 0, [] { return QString(); }, nullptr,
         "keep_alive sent to Ollama (empty: its default)",
         [](Settings &s, const QVariant &v) { s.keepAlive = v.toString(); }},
        {Keys::kMaxReplyTokens, Kind::Integer, 1, 1048576, [] { return u"4096"_s; }, nullptr,
         "longest reply in tokens (num_predict); a caller may ask for fewer",
         [](Settings &s, const QVariant &v) { s.maxReplyTokens = v.toInt(); }},
        {Keys::kMaxReplyChars, Kind::Integer, 1000, 100000000, [] { return u"64000"_s; }, nullptr,
         "hard limit of a reply in characters: the call stops there, the reply is kept cut off",
         [](Settings &s, const QVariant &v) { s.maxReplyChars = v.toInt(); }},
        {Keys::kMcpListen, Kind::Text, 0, 0, [] { return u"127.0.0.1:8000"_s; }, "PERSONA_STUDIO_LISTEN",
         "MCP endpoint address:port (off: no endpoint)",
         [](Settings &s, const QVariant &v) { s.mcpListen = v.toString(); }},
        {Keys::kMcpToken, Kind::Secret, 0, 0, [] { return QString(); }, "PERSONA_STUDIO_TOKEN",
         "bearer token MCP clients must send (required beyond loopback)",
         [](Settings &s, const QVariant &v) { s.mcpToken = v.toString(); }},
        {Keys::kMcpAllowedOrigins, Kind::Text, 0, 0, [] { return QString(); }, nullptr,
         "extra allowed Origin values, comma-separated",
         [](Settings &s, const QVariant &v) { s.mcpAllowedOrigins = v.toString(); }},
        {Keys::kMcpAllowedHosts, Kind::Text, 0, 0, [] { return QString(); }, nullptr,
         "extra allowed Host names (name or name:port), comma-separated; loopback and, beyond loopback, this "
         "machine's names and addresses are always allowed",
         [](Settings &s, const QVariant &v) { s.mcpAllowedHosts = v.toString(); }},
        {Keys::kMcpMaxMessageBytes, Kind::Integer, 1024, 256 * 1024 * 1024, [] { return u"4194304"_s; }, nullptr,
         "largest MCP message (bytes)", [](Settings &s, const QVariant &v) { s.mcpMaxMessageBytes = v.toInt(); }},
        {Keys::kMcpMaxInFlight, Kind::Integer, 1, 10000, [] { return u"16"_s; }, nullptr,
         "MCP requests in flight per session", [](Settings &s, const QVariant &v) { s.mcpMaxInFlight = v.toInt(); }},
        {Keys::kMcpRatePerSecond, Kind::Number, 0.1, 1000000, [] { return u"200"_s; }, nullptr,
         "MCP requests per second per session (bursts of twice that)",
         [](Settings &s, const QVariant &v) { s.mcpRatePerSecond = v.toDouble(); }},
        {Keys::kMcpMaxConnections, Kind::Integer, 1, 100000, [] { return u"1000"_s; }, nullptr,
         "MCP connections at once", [](Settings &s, const QVariant &v) { s.mcpMaxConnections = v.toInt(); }},
        {Keys::kMcpThreads, Kind::Integer, 0, 64, [] { return u"0"_s; }, nullptr,
         "threads serving MCP WebSocket clients (0: one per core)",
         [](Settings &s, const QVariant &v) { s.mcpThreads = v.toInt(); }},
        {Keys::kMcpMaxSessionsPerClient, Kind::Integer, 1, 100000, [] { return u"256"_s; }, nullptr,
         "live MCP sessions per remote address (or per token, when one is required)",
         [](Settings &s, const QVariant &v) { s.mcpMaxSessionsPerClient = v.toInt(); }},
        {Keys::kMcpHttpSessionIdleSeconds, Kind::Integer, 10, 604800, [] { return u"1800"_s; }, nullptr,
         "a Streamable HTTP session without a request for this long expires (seconds)",
         [](Settings &s, const QVariant &v) { s.mcpHttpSessionIdleSeconds = v.toInt(); }},
        {Keys::kMemoryEmbedder, Kind::Choice, 0, 0, [] { return u"ollama"_s; }, nullptr,
         "memory embedder: ollama (the built-in one while Ollama cannot embed) or builtin",
         [](Settings &s, const QVariant &v) { s.memoryEmbedder = v.toString(); }, "ollama|builtin"},
        {Keys::kMemoryEmbedModel, Kind::Text, 0, 0, [] { return u"nomic-embed-text"_s; }, nullptr,
         "Ollama embedding model of memories", [](Settings &s, const QVariant &v) { s.memoryEmbedModel = v.toString(); }},
        {Keys::kMemoryRecallK, Kind::Integer, 0, 50, [] { return u"5"_s; }, nullptr,
         "memories recalled into each chat turn (0: none)",
         [](Settings &s, const QVariant &v) { s.memoryRecallK = v.toInt(); }},
        {Keys::kMemoryWeightRelevance, Kind::Number, 0, 100, [] { return u"1"_s; }, nullptr,
         "recall weight of relevance", [](Settings &s, const QVariant &v) { s.memoryWeightRelevance = v.toDouble(); }},
        {Keys::kMemoryWeightRecency, Kind::Number, 0, 100, [] { return u"1"_s; }, nullptr,
         "recall weight of recency", [](Settings &s, const QVariant &v) { s.memoryWeightRecency = v.toDouble(); }},
        {Keys::kMemoryWeightImportance, Kind::Number, 0, 100, [] { return u"1"_s; }, nullptr,
         "recall weight of importance",
         [](Settings &s, const QVariant &v) { s.memoryWeightImportance = v.toDouble(); }},
        {Keys::kMemoryMinImportance, Kind::Number, 0, 1, [] { return u"0"_s; }, nullptr,
         "memories below this importance are not recalled",
         [](Settings &s, const QVariant &v) { s.memoryMinImportance = v.toDouble(); }},
        {Keys::kMemoryDecayPerDay, Kind::Number, 0.5, 1, [] { return u"0.99"_s; }, nullptr,
         "importance kept per day without access (1: no decay)",
         [](Settings &s, const QVariant &v) { s.memoryDecayPerDay = v.toDouble(); }},
        {Keys::kMemoryImportanceFloor, Kind::Number, 0, 1, [] { return u"0.05"_s; }, nullptr,
         "importance never decays below this",
         [](Settings &s, const QVariant &v) { s.memoryImportanceFloor = v.toDouble(); }},
        {Keys::kMemoryProtectImportance, Kind::Number, 0, 1, [] { return u"0.8"_s; }, nullptr,
         "memories at least this important neither decay nor get pruned",
         [](Settings &s, const QVariant &v) { s.memoryProtectImportance = v.toDouble(); }},
        {Keys::kMemoryProtectDays, Kind::Number, 0, 3650, [] { return u"7"_s; }, nullptr,
         "memories accessed within this many days neither decay nor get pruned",
         [](Settings &s, const QVariant &v) { s.memoryProtectDays = v.toDouble(); }},
        {Keys::kMemoryPruneStart, Kind::Integer, 1, 10000000, [] { return u"900"_s; }, nullptr,
         "pruning starts when a persona has more memories than this",
         [](Settings &s, const QVariant &v) { s.memoryPruneStart = v.toInt(); }},
        {Keys::kMemoryPruneTarget, Kind::Integer, 1, 10000000, [] { return u"800"_s; }, nullptr,
         "pruning trims a persona's memories down to this",
         [](Settings &s, const QVariant &v) { s.memoryPruneTarget = v.toInt(); }},
        {Keys::kMemoryPruneMax, Kind::Integer, 1, 10000000, [] { return u"1000"_s; }, nullptr,
         "above this many memories recency no longer protects from pruning",
         [](Settings &s, const QVariant &v) { s.memoryPruneMax = v.toInt(); }},
        {Keys::kMemoryPruneMin, Kind::Integer, 0, 10000000, [] { return u"100"_s; }, nullptr,
         "pruning never leaves a persona fewer memories than this",
         [](Settings &s, const QVariant &v) { s.memoryPruneMin = v.toInt(); }},
        {Keys::kMemoryPruneShare, Kind::Number, 0.001, 1, [] { return u"0.1"_s; }, nullptr,
         "largest share of a persona's memories one pruning run removes",
         [](Settings &s, const QVariant &v) { s.memoryPruneShare = v.toDouble(); }},
        {Keys::kMemoryMaintenanceMinutes, Kind::Integer, 1, 10080, [] { return u"60"_s; }, nullptr,
         "minutes between background decay and pruning runs",
         [](Settings &s, const QVariant &v) { s.memoryMaintenanceMinutes = v.toInt(); }},
        {Keys::kMemoryImportanceByModel, Kind::Choice, 0, 0, [] { return u"false"_s; }, nullptr,
         "true: the chat model rates each new memory's importance (1-10) instead of the heuristic",
         [](Settings &s, const QVariant &v) { s.memoryImportanceByModel = v.toString() == u"true"_s; }, "false|true"},
    };
    return list;
}

Result<QVariant> convert(const Definition &definition, const QString &text, const QString &where)
{
    const QString key = QString::fromLatin1(definition.key);
    auto invalid = [&](const QString &why) {
        return fail(ErrorCode::InvalidArgument, u"%1 (%2) %3"_s.arg(where, key, why));
    };
    switch (definition.kind) {
    case Kind::Text:
    case Kind::Secret:
        return QVariant(text.trimmed());
    case Kind::Choice: {
        const QStringList choices = QString::fromLatin1(definition.choices).split(u'|');
        if (!choices.contains(text.trimmed()))
            return invalid(u"must be one of %1, not '%2'"_s.arg(choices.join(u", "_s), text));
        return QVariant(text.trimmed());
    }
    case Kind::Path:
        if (text.trimmed().isEmpty())
            return invalid(u"is empty; give a file path"_s);
        return QVariant(text.trimmed() == u":memory:"_s ? text.trimmed() : QDir::cleanPath(text.trimmed()));
    case Kind::Url: {
        auto url = parseOllamaUrl(text);
        if (!url)
            return invalid(url.error().message);
        return QVariant(*url);
    }
    case Kind::Integer:
    case Kind::Number: {
        bool ok = false;
        const double number = definition.kind == Kind::Integer ? double(text.trimmed().toLongLong(&ok))
                                                                : text.trimmed().toDouble(&ok);
        if (!ok)
            return invalid(u"must be %1, not '%2'"_s.arg(
                definition.kind == Kind::Integer ? u"a whole number"_s : u"a number"_s, text));
        if (!std::isfinite(number) || number < definition.min || number > definition.max)
            return invalid(u"must be between %1 and %2, not %3"_s.arg(definition.min).arg(definition.max).arg(text));
        return definition.kind == Kind::Integer ? QVariant(int(number)) : QVariant(number);
    }
    }
    return invalid(u"has an unknown type"_s);
}

QString display(const QVariant &value)
{
    if (value.typeId() == QMetaType::QUrl)
        return value.toUrl().toString();
    return value.toString();
}

} // namespace

QString settingSourceName(SettingSource source)
{
    switch (source) {
    case SettingSource::Default: return u"default"_s;
    case SettingSource::File: return u"settings file"_s;
    case SettingSource::Environment: return u"environment"_s;
    case SettingSource::Flag: return u"command line"_s;
    }
    return u"default"_s;
}

QString defaultDatabasePath()
{
    QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (folder.isEmpty())
        folder = QDir::homePath() + u"/.local/share/persona-studio"_s;
    return folder + u"/persona-studio.sqlite"_s;
}

Result<QUrl> parseOllamaUrl(const QString &text)
{
    QString candidate = text.trimmed();
    if (candidate.isEmpty())
        return fail(ErrorCode::InvalidArgument, u"is empty"_s);
    if (!candidate.contains(u"://"_s))
        candidate.prepend(u"http://"_s);
    QUrl url(candidate, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || (url.scheme() != u"http"_s && url.scheme() != u"https"_s))
        return fail(ErrorCode::InvalidArgument, u"'%1' is not an http(s) URL of an Ollama server"_s.arg(text));
    // OLLAMA_HOST=0.0.0.0 means "listen everywhere" to the server; a client reaches it on loopback.
    if (url.host() == u"0.0.0.0"_s)
        url.setHost(u"127.0.0.1"_s);
    if (url.port() == -1)
        url.setPort(url.scheme() == u"https"_s ? 443 : 11434);
    if (url.path() == u"/"_s)
        url.setPath(QString());
    return url;
}

Result<EffectiveSettings> resolveSettings(QSettings *file, const QProcessEnvironment &environment,
                                          const QMap<QString, QString> &flags)
{
    EffectiveSettings effective;
    for (const Definition &definition : definitions()) {
        const QString key = QString::fromLatin1(definition.key);
        SettingValue value{key, {}, SettingSource::Default, {}, QString::fromLatin1(definition.description)};
        QString text = definition.defaultValue();
        if (file && file->contains(key)) {
            text = file->value(key).toString();
            value.source = SettingSource::File;
            value.origin = file->fileName();
        }
        if (definition.environment) {
            const QString name = QString::fromLatin1(definition.environment);
            if (environment.contains(name) && !environment.value(name).trimmed().isEmpty()) {
                text = environment.value(name);
                value.source = SettingSource::Environment;
                value.origin = name;
            }
        }
        if (flags.contains(key)) {
            text = flags.value(key);
            value.source = SettingSource::Flag;
            value.origin = key;
        }
        QVariant converted;
        if (value.source == SettingSource::Default && text.isEmpty()) {
            converted = QVariant(QString());
        } else {
            const QString where = value.source == SettingSource::Default
                                      ? u"the default"_s
                                      : u"the %1 %2"_s.arg(settingSourceName(value.source), value.origin);
            auto checked = convert(definition, text, where);
            if (!checked)
                return fail(checked.error());
            converted = *checked;
        }
        definition.apply(effective.settings, converted);
        value.value = display(converted);
        if (definition.kind == Kind::Secret && !value.value.isEmpty())
            value.value = u"(set, hidden)"_s;
        effective.values.append(value);
    }
    return effective;
}

} // namespace Studio::Engine
