// SPDX-License-Identifier: MIT
#include "fakeollama.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLocale>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

#include <cmath>
#include <cstring>

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype kMaxHeaderBytes = 64 * 1024;

// Fixed figures for the metrics Ollama computes; the counts come from the script.
constexpr qint64 kLoadDurationNs = 5'025'959;
constexpr qint64 kPromptNsPerToken = 2'500'000;
constexpr qint64 kEvalNsPerToken = 25'000'000;
constexpr qint64 kOverheadNs = 1'234'567;

QString digestFor(const QString &name)
{
    return u"sha256:"_s
        + QString::fromLatin1(QCryptographicHash::hash(name.toUtf8(), QCryptographicHash::Sha256).toHex());
}

// Ollama's names default to the tag "latest" (spec §1.1): "nomic-embed-text" is "nomic-embed-text:latest".
QString normalizedName(const QString &name)
{
    const qsizetype slash = name.lastIndexOf(u'/');
    if (name.indexOf(u':', slash + 1) >= 0)
        return name;
    return name + ":latest"_L1;
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

QByteArray httpDate()
{
    return QLocale::c()
        .toString(QDateTime::currentDateTimeUtc(), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s)
        .toLatin1();
}

// RFC 3339 in UTC with nanoseconds, like Go's time.Time in Ollama's replies.
QByteArray createdAt()
{
    return QDateTime::currentDateTimeUtc().toString(u"yyyy-MM-ddThh:mm:ss.zzz"_s).toLatin1() + "000000Z";
}

// A JSON string literal with escaping; the chat lines are assembled by hand so that their
// fields come in Ollama's order (QJsonObject would sort them).
QByteArray jsonString(const QString &text)
{
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

QByteArray chunkedFrame(const QByteArray &data)
{
    return QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n";
}

bool isEmbeddingOnly(const FakeOllama::Model &model)
{
    return model.capabilities.contains("embedding"_L1) && !model.capabilities.contains("completion"_L1);
}

QJsonObject detailsFor(const FakeOllama::Model &model)
{
    const bool embedding = isEmbeddingOnly(model);
    const QString family = embedding ? u"nomic-bert"_s : u"llama"_s;
    return QJsonObject{
        {u"parent_model"_s, QString()},
        {u"format"_s, u"gguf"_s},
        {u"family"_s, family},
        {u"families"_s, QJsonArray{family}},
        {u"parameter_size"_s, embedding ? u"137M"_s : u"8.0B"_s},
        {u"quantization_level"_s, embedding ? u"F16"_s : u"Q4_K_M"_s},
    };
}

const QString kModifiedAt = u"2025-01-14T10:12:41.513434735Z"_s;

} // namespace

/** One accepted socket and the state of the response being written on it. A child of its
 *  socket, so it dies with it; lambdas use it as their context object. */
struct FakeOllama::Connection : QObject
{
    explicit Connection(QTcpSocket *s)
        : QObject(s)
        , socket(s)
        , timer(new QTimer(this))
    {
        timer->setSingleShot(true);
    }

    bool writable() const { return !closed && socket->state() == QAbstractSocket::ConnectedState; }
    void write(const QByteArray &bytes)
    {
        if (writable())
            socket->write(bytes);
    }

    QTcpSocket *socket;
    QTimer *timer;
    QByteArray buffer;
    bool closed = false;
    bool busy = false;               // a response is being written; later requests wait in buffer
    bool closeAfterResponse = false; // "Connection: close" or HTTP/1.0
    bool headOnly = false;

    // The /api/chat being answered (after the delay, while streaming, or hanging).
    bool chatActive = false;
    ChatScript script;
    QStringList chunks;
    qsizetype sentChunks = 0;
    QString model;
    std::function<void()> onTimer;
};

FakeOllama::FakeOllama(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    m_models = {
        Model{u"llama3.1:8b"_s, digestFor(u"llama3.1:8b"_s), 131072, {u"completion"_s, u"tools"_s}},
        Model{u"nomic-embed-text:latest"_s, digestFor(u"nomic-embed-text:latest"_s), 2048, {u"embedding"_s}},
    };
    connect(m_server, &QTcpServer::newConnection, this, &FakeOllama::handleNewConnection);
}

FakeOllama::~FakeOllama()
{
    // Detach the sockets first: their destructors would otherwise call back into a half-destroyed fake.
    close();
}

bool FakeOllama::listen()
{
    return m_server->listen(QHostAddress::LocalHost, 0);
}

QUrl FakeOllama::url() const
{
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(u"127.0.0.1"_s);
    url.setPort(m_server->serverPort());
    return url;
}

void FakeOllama::close()
{
    m_server->close();
    const QList<QTcpSocket *> sockets = m_connections.keys();
    for (QTcpSocket *socket : sockets) {
        Connection *connection = m_connections.take(socket);
        connection->closed = true;
        connection->timer->stop();
        if (connection->chatActive) {
            connection->chatActive = false;
            --m_activeStreams;
        }
        socket->disconnect(this);
        socket->disconnect(connection);
        socket->abort();
        socket->deleteLater();
    }
}

void FakeOllama::setVersion(const QString &version)
{
    m_version = version;
}

void FakeOllama::setModels(const QList<Model> &models)
{
    m_models = models;
}

void FakeOllama::setDefaultChatScript(const ChatScript &script)
{
    m_defaultScript = script;
}

void FakeOllama::enqueueChatScript(const ChatScript &script)
{
    m_scripts.enqueue(script);
}

void FakeOllama::enqueueEmbedScript(const EmbedScript &script)
{
    m_embedScripts.enqueue(script);
}

QList<float> FakeOllama::embeddingFor(const QString &text, int dimension)
{
    // splitmix64 seeded from the text: stable across runs and platforms, unlike qHash.
    const QByteArray digest = QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256);
    quint64 state = 0;
    std::memcpy(&state, digest.constData(), sizeof(state));
    const auto next = [&state] {
        quint64 z = (state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    };
    QList<double> values(std::max(dimension, 1));
    double norm = 0.0;
    for (double &value : values) {
        value = double(next() >> 11) / double(quint64(1) << 53) * 2.0 - 1.0; // [-1, 1)
        norm += value * value;
    }
    norm = std::sqrt(norm);
    QList<float> vector;
    vector.reserve(values.size());
    for (const double value : std::as_const(values))
        vector.append(float(value / norm));
    return vector;
}

QList<QJsonObject> FakeOllama::embedRequests() const
{
    QList<QJsonObject> bodies;
    for (const RecordedRequest &request : m_requests) {
        if (request.method == "POST" && request.path == "/api/embed")
            bodies.append(request.json);
    }
    return bodies;
}

QList<QJsonObject> FakeOllama::chatRequests() const
{
    QList<QJsonObject> bodies;
    for (const RecordedRequest &request : m_requests) {
        if (request.method == "POST" && request.path == "/api/chat")
            bodies.append(request.json);
    }
    return bodies;
}

int FakeOllama::openConnections() const
{
    return int(m_connections.size());
}

void FakeOllama::handleNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        // Ollama's Go server disables Nagle; without this, small NDJSON chunks meet the
        // client's delayed ACK and every reply stalls ~40 ms.
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        auto *connection = new Connection(socket);
        m_connections.insert(socket, connection);
        connect(connection->timer, &QTimer::timeout, connection, [connection] {
            // A copy: the step may replace onTimer with the next step while it runs.
            const std::function<void()> step = connection->onTimer;
            if (!connection->closed && step)
                step();
        });
        connect(socket, &QTcpSocket::readyRead, connection, [this, connection] { handleReadyRead(connection); });
        connect(socket, &QTcpSocket::disconnected, connection, [this, connection] {
            if (connection->closed)
                return;
            connection->closed = true;
            connection->timer->stop();
            m_connections.remove(connection->socket);
            // The client went away while a chat answer was pending: what Ollama sees as
            // "aborting completion request due to client closing the connection" (spec §1.8).
            if (connection->chatActive) {
                connection->chatActive = false;
                --m_activeStreams;
                ++m_cancelledStreams;
                Q_EMIT streamCancelled();
            }
            connection->socket->deleteLater();
        });
        handleReadyRead(connection);
    }
}

void FakeOllama::handleReadyRead(Connection *connection)
{
    if (connection->closed)
        return;
    connection->buffer.append(connection->socket->readAll());

    // One request at a time per connection: a pipelined request waits until the answer is out.
    while (!connection->busy && !connection->closed) {
        const qsizetype headerEnd = connection->buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            if (connection->buffer.size() > kMaxHeaderBytes) {
                connection->closeAfterResponse = true;
                sendText(connection, 431, "text/plain", "request header too large");
            }
            return;
        }
        const QList<QByteArray> lines = connection->buffer.left(headerEnd).split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        if (requestLine.size() != 3) {
            connection->buffer.clear();
            connection->closeAfterResponse = true;
            sendText(connection, 400, "text/plain", "malformed request line");
            return;
        }

        RecordedRequest request;
        request.method = requestLine.at(0);
        request.path = requestLine.at(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0)
                request.headers.insert(lines.at(i).left(colon).trimmed().toLower(), lines.at(i).mid(colon + 1).trimmed());
        }
        const qint64 contentLength = request.headers.value("content-length", "0").toLongLong();
        const qsizetype bodyStart = headerEnd + 4;
        if (connection->buffer.size() - bodyStart < contentLength)
            return; // the body is still arriving
        request.body = connection->buffer.mid(bodyStart, contentLength);
        connection->buffer.remove(0, bodyStart + contentLength);

        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
        if (parseError.error == QJsonParseError::NoError && document.isObject())
            request.json = document.object();

        const QByteArray connectionHeader = request.headers.value("connection").toLower();
        connection->closeAfterResponse =
            connectionHeader == "close" || (requestLine.at(2) == "HTTP/1.0" && connectionHeader != "keep-alive");
        connection->busy = true;
        m_requests.append(request);
        Q_EMIT requestReceived(request.method, request.path);
        if (connection->closed) // a test slot may have closed the fake
            return;
        dispatch(connection, request);
    }
}

void FakeOllama::dispatch(Connection *connection, const RecordedRequest &request)
{
    const QByteArray path = request.path.left(request.path.indexOf('?') < 0 ? request.path.size()
                                                                            : request.path.indexOf('?'));
    const bool get = request.method == "GET";
    const bool head = request.method == "HEAD";
    const bool post = request.method == "POST";

    if (path == "/" && (get || head)) {
        sendText(connection, 200, "text/plain; charset=utf-8", "Ollama is running", head);
        return;
    }
    if (path == "/api/version" && (get || head)) {
        sendJson(connection, 200, QJsonObject{{u"version"_s, m_version}}, head);
        return;
    }
    if (path == "/api/tags" && (get || head)) {
        QJsonArray models;
        for (const Model &model : m_models) {
            models.append(QJsonObject{
                {u"name"_s, model.name},
                {u"model"_s, model.name},
                {u"modified_at"_s, kModifiedAt},
                {u"size"_s, isEmbeddingOnly(model) ? qint64(274302450) : qint64(4920753328)},
                {u"digest"_s, model.digest},
                {u"details"_s, detailsFor(model)},
            });
        }
        sendJson(connection, 200, QJsonObject{{u"models"_s, models}}, head);
        return;
    }
    if (path == "/api/show" && post) {
        if (request.body.isEmpty()) {
            sendJson(connection, 400, QJsonObject{{u"error"_s, u"missing request body"_s}});
            return;
        }
        // "name" is the older spelling Ollama still accepts.
        QString name = request.json.value("model"_L1).toString();
        if (name.isEmpty())
            name = request.json.value("name"_L1).toString();
        if (name.isEmpty()) {
            sendJson(connection, 400, QJsonObject{{u"error"_s, u"model is required"_s}});
            return;
        }
        for (const Model &model : m_models) {
            if (normalizedName(model.name) != normalizedName(name))
                continue;
            const QJsonObject details = detailsFor(model);
            const QString arch = details.value("family"_L1).toString();
            QJsonArray capabilities;
            for (const QString &capability : model.capabilities)
                capabilities.append(capability);
            sendJson(connection, 200,
                     QJsonObject{
                         {u"license"_s, u"LLAMA 3.1 COMMUNITY LICENSE AGREEMENT"_s},
                         {u"modelfile"_s, u"FROM %1\n"_s.arg(model.name)},
                         {u"parameters"_s, u"stop \"<|eot_id|>\""_s},
                         {u"template"_s, u"{{ .Prompt }}"_s},
                         {u"details"_s, details},
                         {u"model_info"_s,
                          QJsonObject{
                              {u"general.architecture"_s, arch},
                              {u"general.parameter_count"_s, isEmbeddingOnly(model) ? qint64(136727040) : qint64(8030261248)},
                              {arch + ".context_length"_L1, model.contextLength},
                              {arch + ".embedding_length"_L1, isEmbeddingOnly(model) ? 768 : 4096},
                          }},
                         {u"capabilities"_s, capabilities},
                         {u"modified_at"_s, kModifiedAt},
                     });
            return;
        }
        sendJson(connection, 404, QJsonObject{{u"error"_s, u"model '%1' not found"_s.arg(name)}});
        return;
    }
    if (path == "/api/chat" && post) {
        serveChat(connection, request);
        return;
    }
    if (path == "/api/embed" && post) {
        serveEmbed(connection, request);
        return;
    }
    // gin's answer for an unknown route.
    sendText(connection, 404, "text/plain", "404 page not found", head);
}

void FakeOllama::serveChat(Connection *connection, const RecordedRequest &request)
{
    // Checked in Ollama's order (ChatHandler): body, model name, installed, capabilities.
    // A rejected request does not use up a script: it never reached "the model".
    if (request.body.isEmpty()) {
        sendJson(connection, 400, QJsonObject{{u"error"_s, u"missing request body"_s}});
        return;
    }
    QJsonParseError parseError;
    QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        sendJson(connection, 400, QJsonObject{{u"error"_s, parseError.errorString()}});
        return;
    }
    const QString name = request.json.value("model"_L1).toString();
    if (name.isEmpty()) {
        sendJson(connection, 400, QJsonObject{{u"error"_s, u"model is required"_s}});
        return;
    }
    const Model *model = nullptr;
    for (const Model &candidate : std::as_const(m_models)) {
        if (normalizedName(candidate.name) == normalizedName(name))
            model = &candidate;
    }
    if (!model) {
        sendJson(connection, 404, QJsonObject{{u"error"_s, u"model '%1' not found"_s.arg(name)}});
        return;
    }
    if (!model->capabilities.contains("completion"_L1)) {
        sendJson(connection, 400, QJsonObject{{u"error"_s, u"\"%1\" does not support chat"_s.arg(name)}});
        return;
    }
    if (request.json.value("think"_L1).toBool() && !model->capabilities.contains("thinking"_L1)) {
        sendJson(connection, 400, QJsonObject{{u"error"_s, u"\"%1\" does not support thinking"_s.arg(name)}});
        return;
    }

    connection->script = m_scripts.isEmpty() ? m_defaultScript : m_scripts.dequeue();
    connection->chunks = connection->script.replyFor ? connection->script.replyFor(request.json)
                                                     : connection->script.chunks;
    connection->sentChunks = 0;
    connection->model = name; // Ollama echoes the name as the client wrote it
    connection->chatActive = true;
    ++m_activeStreams;
    if (connection->script.hang)
        return;

    // Each step runs from the connection's timer, so a slow drip never blocks the test's event loop.
    const auto finishBody = [this, connection] {
        connection->write("0\r\n\r\n");
        connection->chatActive = false;
        --m_activeStreams;
        ++m_completedStreams;
        Q_EMIT streamCompleted();
        if (connection->closed)
            return;
        connection->busy = false;
        if (connection->closeAfterResponse)
            connection->socket->disconnectFromHost();
        else if (!connection->buffer.isEmpty())
            QTimer::singleShot(0, connection, [this, connection] { handleReadyRead(connection); });
    };
    const auto sendNextLine = [this, connection, finishBody] {
        const ChatScript &script = connection->script;
        const QByteArray prefix = "{\"model\":" + jsonString(connection->model) + ",\"created_at\":\"" + createdAt()
            + "\",\"message\":{\"role\":\"assistant\",\"content\":";
        if (script.errorAfterChunks >= 0 && connection->sentChunks >= script.errorAfterChunks) {
            // After output has started Ollama can only report in-band and end the body (spec §1.7).
            connection->write(chunkedFrame("{\"error\":" + jsonString(script.errorMessage) + "}\n"));
            finishBody();
            return;
        }
        if (connection->sentChunks < connection->chunks.size() || (script.endless && !connection->chunks.isEmpty())) {
            const QString content = connection->chunks.at(connection->sentChunks++ % connection->chunks.size());
            const QByteArray line = prefix + jsonString(content) + "},\"done\":false}\n";
            if (script.trickleMs <= 0) {
                connection->write(chunkedFrame(line));
                connection->timer->start(script.chunkDelayMs);
                return;
            }
            // One byte per frame, trickleMs apart: alive, but never done.
            const auto next = connection->onTimer;
            auto remaining = std::make_shared<QByteArray>(line);
            connection->onTimer = [connection, remaining, next] {
                connection->write(chunkedFrame(remaining->left(1)));
                remaining->remove(0, 1);
                if (remaining->isEmpty())
                    connection->onTimer = next;
                connection->timer->start(connection->script.trickleMs);
            };
            connection->timer->start(script.trickleMs);
            return;
        }
        if (!script.omitFinalChunk) {
            // Metric fields are omitempty in Ollama: zero values are left out.
            QByteArray last = prefix + "\"\"},\"done\":true,\"done_reason\":" + jsonString(script.doneReason);
            const qint64 promptNs = script.promptEvalCount * kPromptNsPerToken;
            const qint64 evalNs = script.evalCount * kEvalNsPerToken;
            const auto field = [&last](const char *key, qint64 value) {
                if (value != 0)
                    last += ",\"" + QByteArray(key) + "\":" + QByteArray::number(value);
            };
            field("total_duration", kLoadDurationNs + promptNs + evalNs + kOverheadNs);
            field("load_duration", kLoadDurationNs);
            field("prompt_eval_count", script.promptEvalCount);
            field("prompt_eval_duration", promptNs);
            field("eval_count", script.evalCount);
            field("eval_duration", evalNs);
            connection->write(chunkedFrame(last + "}\n"));
        }
        finishBody();
    };
    const auto sendHeaders = [this, connection, sendNextLine, finishBody] {
        const ChatScript &script = connection->script;
        if (script.status != 200) {
            connection->chatActive = false;
            --m_activeStreams;
            sendJson(connection, script.status, QJsonObject{{u"error"_s, script.errorMessage}});
            return;
        }
        if (!script.rawBody.isEmpty()) {
            connection->write("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nDate: " + httpDate()
                              + "\r\nTransfer-Encoding: chunked\r\n\r\n" + chunkedFrame(script.rawBody));
            finishBody();
            return;
        }
        connection->write("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nDate: " + httpDate()
                          + "\r\nTransfer-Encoding: chunked\r\n\r\n");
        if (script.hangAfterHeaders)
            return;
        connection->onTimer = sendNextLine;
        connection->timer->start(script.chunkDelayMs);
    };
    connection->onTimer = sendHeaders;
    connection->timer->start(connection->script.headerDelayMs);
}

void FakeOllama::serveEmbed(Connection *connection, const RecordedRequest &request)
{
    // Checked in Ollama's order (EmbedHandler): body, model name, input type, empty input, installed. The
    // endpoint does not check capabilities, so a chat model embeds too (spec §1.5).
    if (request.body.isEmpty()) {
        sendJson(connection, 400, QJsonObject{{u"error"_s, u"missing request body"_s}});
        return;
    }
    QJsonParseError parseError;
    QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        sendJson(connection, 400, QJsonObject{{u"error"_s, parseError.errorString()}});
        return;
    }
    const QString name = request.json.value("model"_L1).toString();
    if (name.isEmpty()) {
        sendJson(connection, 400, QJsonObject{{u"error"_s, u"model is required"_s}});
        return;
    }
    QStringList inputs;
    const QJsonValue input = request.json.value("input"_L1);
    if (input.isString()) {
        if (!input.toString().isEmpty())
            inputs.append(input.toString());
    } else if (input.isArray()) {
        const QJsonArray array = input.toArray();
        for (const QJsonValue &value : array) {
            if (!value.isString()) {
                sendJson(connection, 400, QJsonObject{{u"error"_s, u"invalid input type"_s}});
                return;
            }
            inputs.append(value.toString());
        }
    } else if (!input.isUndefined() && !input.isNull()) {
        sendJson(connection, 400, QJsonObject{{u"error"_s, u"invalid input type"_s}});
        return;
    }
    // Ollama answers an empty input before it looks for the model.
    if (inputs.isEmpty()) {
        sendJson(connection, 200, QJsonObject{{u"model"_s, name}, {u"embeddings"_s, QJsonArray()}});
        return;
    }
    const Model *model = nullptr;
    for (const Model &candidate : std::as_const(m_models)) {
        if (normalizedName(candidate.name) == normalizedName(name))
            model = &candidate;
    }
    if (!model) {
        sendJson(connection, 404, QJsonObject{{u"error"_s, u"model '%1' not found"_s.arg(name)}});
        return;
    }

    const EmbedScript script = m_embedScripts.isEmpty() ? EmbedScript() : m_embedScripts.dequeue();
    if (script.hang)
        return; // the connection stays busy until the client gives up
    if (script.status != 200) {
        sendJson(connection, script.status, QJsonObject{{u"error"_s, script.errorMessage}});
        return;
    }
    if (!script.rawBody.isEmpty()) {
        sendText(connection, 200, "application/json; charset=utf-8", script.rawBody);
        return;
    }
    const int dimension = script.dimension > 0 ? script.dimension : (isEmbeddingOnly(*model) ? 768 : 4096);
    QJsonArray embeddings;
    qint64 tokens = 0;
    for (const QString &text : std::as_const(inputs)) {
        QJsonArray vector;
        const QList<float> values = embeddingFor(text, dimension);
        for (const float value : values)
            vector.append(double(value));
        embeddings.append(vector);
        tokens += std::max<qsizetype>(1, text.split(u' ', Qt::SkipEmptyParts).size());
    }
    sendJson(connection, 200,
             QJsonObject{
                 {u"model"_s, name},
                 {u"embeddings"_s, embeddings},
                 {u"total_duration"_s, kLoadDurationNs + tokens * kPromptNsPerToken + kOverheadNs},
                 {u"load_duration"_s, kLoadDurationNs},
                 {u"prompt_eval_count"_s, tokens},
             });
}

void FakeOllama::sendJson(Connection *connection, int status, const QJsonObject &body, bool headOnly)
{
    sendText(connection, status, "application/json; charset=utf-8", QJsonDocument(body).toJson(QJsonDocument::Compact),
             headOnly);
}

void FakeOllama::sendText(Connection *connection, int status, const QByteArray &contentType, const QByteArray &body,
                          bool headOnly)
{
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status)
        + "\r\nContent-Type: " + contentType + "\r\nDate: " + httpDate()
        + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    if (connection->closeAfterResponse)
        response += "Connection: close\r\n";
    response += "\r\n";
    if (!headOnly)
        response += body;
    connection->write(response);
    connection->busy = false;
    if (connection->closeAfterResponse)
        connection->socket->disconnectFromHost();
    else if (!connection->buffer.isEmpty()) // a request that waited behind an asynchronous answer
        QTimer::singleShot(0, connection, [this, connection] { handleReadyRead(connection); });
}
