// SPDX-License-Identifier: MIT
#pragma once

#include <common/error.h>

#include <QList>
#include <QMap>
#include <QProcessEnvironment>
#include <QString>
#include <QUrl>
#include <QVariant>

class QSettings;

namespace Studio::Engine {

/** The effective settings of the app: the engine's, and the MCP endpoint's (mcp*). */
struct Settings
{
    QString dbPath;
    QUrl ollamaUrl;
    QString model;
    int numCtx = 8192;
    int windowMessages = 20;
    double sessionTimeoutHours = 24.0;
    int connectTimeoutMs = 5000;
    int firstTokenTimeoutMs = 120000;
    int idleTimeoutMs = 60000;
    int totalTimeoutMs = 600000;
    int llmRetries = 2;
    int llmParallel = 1;
    int maxQueueWaitMs = 120000;
    QString keepAlive;
    int maxReplyTokens = 4096;
    int maxReplyChars = 64000;

    QString mcpListen;          // "ADDR:PORT"; port 0 picks a free one; "off" disables the endpoint
    QString mcpToken;           // bearer token; required when listening beyond loopback
    QString mcpAllowedOrigins;  // comma-separated origins allowed besides loopback ones
    QString mcpAllowedHosts;    // comma-separated Host names allowed besides loopback and this machine's
    int mcpMaxMessageBytes = 4 * 1024 * 1024;
    int mcpMaxInFlight = 16;
    double mcpRatePerSecond = 200;
    int mcpMaxConnections = 1000;
    int mcpThreads = 0;         // threads serving WebSocket clients; 0: one per core
    int mcpMaxSessionsPerClient = 256; // live sessions per remote address or token
    int mcpHttpSessionIdleSeconds = 1800; // a Streamable HTTP session expires after this long without a request

    // Long-term memory (memory/*); see Memory::MemoryConfig for what each one does.
    QString memoryEmbedder = QStringLiteral("ollama"); // "ollama" (falls back to "builtin") or "builtin"
    QString memoryEmbedModel = QStringLiteral("nomic-embed-text");
    int memoryRecallK = 5;
    double memoryWeightRelevance = 1.0;
    double memoryWeightRecency = 1.0;
    double memoryWeightImportance = 1.0;
    double memoryMinImportance = 0.0;
    double memoryDecayPerDay = 0.99;
    double memoryImportanceFloor = 0.05;
    double memoryProtectImportance = 0.8;
    double memoryProtectDays = 7.0;
    int memoryPruneStart = 900;
    int memoryPruneTarget = 800;
    int memoryPruneMax = 1000;
    int memoryPruneMin = 100;
    double memoryPruneShare = 0.1;
    int memoryMaintenanceMinutes = 60;
    bool memoryImportanceByModel = false;
};

/** Where a value came from, weakest first; serialized in `config` output, never rename. */
enum class SettingSource {
    Default,
    File,
    Environment,
    Flag,
};

QString settingSourceName(SettingSource source);

struct SettingValue
{
    QString key;      // the INI key, e.g. "llm/model"
    QString value;    // as effective, in text
    SettingSource source = SettingSource::Default;
    QString origin;   // the file path, the environment variable or the flag
    QString description;
};

struct EffectiveSettings
{
    Settings settings;
    QList<SettingValue> values; // one per key, in a stable order
};

/** @brief Resolves the settings: defaults < the settings file (QSettings INI) < environment
 *  (the old server's names: OLLAMA_HOST, DEFAULT_MODEL, MAX_CONTEXT_MESSAGES,
 *  SESSION_TIMEOUT_HOURS; plus PERSONA_STUDIO_DB and PERSONA_STUDIO_TOKEN) < command-line flags
 *  (keyed by INI key).
 *  An invalid value from any source is an error naming the source and the key. */
Result<EffectiveSettings> resolveSettings(QSettings *file, const QProcessEnvironment &environment,
                                          const QMap<QString, QString> &flags);

/** The default database path in the platform's app-data folder. */
QString defaultDatabasePath();

/** Accepts "host", "host:port", "http://host:port" (OLLAMA_HOST forms); port defaults to 11434. */
Result<QUrl> parseOllamaUrl(const QString &text);

namespace Keys {
inline constexpr auto kDbPath = "store/db_path";
inline constexpr auto kOllamaUrl = "llm/url";
inline constexpr auto kModel = "llm/model";
inline constexpr auto kNumCtx = "llm/num_ctx";
inline constexpr auto kWindowMessages = "chat/window_messages";
inline constexpr auto kSessionTimeoutHours = "sessions/timeout_hours";
inline constexpr auto kConnectTimeoutMs = "llm/connect_timeout_ms";
inline constexpr auto kFirstTokenTimeoutMs = "llm/first_token_timeout_ms";
inline constexpr auto kIdleTimeoutMs = "llm/idle_timeout_ms";
inline constexpr auto kTotalTimeoutMs = "llm/total_timeout_ms";
inline constexpr auto kRetries = "llm/retries";
inline constexpr auto kParallel = "llm/parallel";
inline constexpr auto kMaxQueueWaitMs = "llm/max_queue_wait_ms";
inline constexpr auto kKeepAlive = "llm/keep_alive";
inline constexpr auto kMaxReplyTokens = "llm/max_reply_tokens";
inline constexpr auto kMaxReplyChars = "llm/max_reply_chars";
inline constexpr auto kMcpListen = "mcp/listen";
inline constexpr auto kMcpToken = "mcp/token";
inline constexpr auto kMcpAllowedOrigins = "mcp/allowed_origins";
inline constexpr auto kMcpAllowedHosts = "mcp/allowed_hosts";
inline constexpr auto kMcpMaxMessageBytes = "mcp/max_message_bytes";
inline constexpr auto kMcpMaxInFlight = "mcp/max_in_flight";
inline constexpr auto kMcpRatePerSecond = "mcp/rate_per_second";
inline constexpr auto kMcpMaxConnections = "mcp/max_connections";
inline constexpr auto kMcpThreads = "mcp/threads";
inline constexpr auto kMcpMaxSessionsPerClient = "mcp/max_sessions_per_client";
inline constexpr auto kMcpHttpSessionIdleSeconds = "mcp/http_session_idle_s";
inline constexpr auto kMemoryEmbedder = "memory/embedder";
inline constexpr auto kMemoryEmbedModel = "memory/embed_model";
inline constexpr auto kMemoryRecallK = "memory/recall_k";
inline constexpr auto kMemoryWeightRelevance = "memory/weight_relevance";
inline constexpr auto kMemoryWeightRecency = "memory/weight_recency";
inline constexpr auto kMemoryWeightImportance = "memory/weight_importance";
inline constexpr auto kMemoryMinImportance = "memory/min_importance";
inline constexpr auto kMemoryDecayPerDay = "memory/decay_per_day";
inline constexpr auto kMemoryImportanceFloor = "memory/importance_floor";
inline constexpr auto kMemoryProtectImportance = "memory/protect_importance";
inline constexpr auto kMemoryProtectDays = "memory/protect_days";
inline constexpr auto kMemoryPruneStart = "memory/prune_start";
inline constexpr auto kMemoryPruneTarget = "memory/prune_target";
inline constexpr auto kMemoryPruneMax = "memory/prune_max";
inline constexpr auto kMemoryPruneMin = "memory/prune_min";
inline constexpr auto kMemoryPruneShare = "memory/prune_share";
inline constexpr auto kMemoryMaintenanceMinutes = "memory/maintenance_minutes";
inline constexpr auto kMemoryImportanceByModel = "memory/importance_by_model";
} // namespace Keys

} // namespace Studio::Engine
