// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QQueue>
#include <QStringList>
#include <QUrl>

#include <functional>

class QTcpServer;
class QTcpSocket;

/** @brief A real HTTP/1.1 server on 127.0.0.1:0 that follows Ollama's documented API
 *  (tests/../shared/spec/ollama-api.md): GET/HEAD /, /api/version, /api/tags, POST /api/show,
 *  POST /api/chat streamed as NDJSON with chunked transfer encoding and a final chunk with
 *  done_reason and metrics, errors before and during a stream, POST /api/embed with
 *  deterministic unit vectors. Scriptable per chat and embed request, records every request.
 *  Thread: the test's. */
class FakeOllama final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeOllama)

public:
    /** How the next /api/chat is answered. The defaults give a normal two-chunk reply. */
    struct ChatScript
    {
        int status = 200;                  // != 200: answer {"error": errorMessage} with this status, no stream
        QStringList chunks = {QStringLiteral("Hello"), QStringLiteral(" there!")};
        QString doneReason = QStringLiteral("stop");
        int promptEvalCount = 42;
        int evalCount = 7;
        int chunkDelayMs = 0;              // pause before each chunk (slow drip)
        int headerDelayMs = 0;             // pause before the response headers
        int errorAfterChunks = -1;         // >= 0: after that many chunks send {"error": errorMessage} and end
        QString errorMessage = QStringLiteral("something went wrong");
        bool omitFinalChunk = false;       // end the body without done: true
        bool hang = false;                 // accept and never answer
        bool hangAfterHeaders = false;     // send the 200 headers, then nothing (a stuck GPU, a proxy)
        bool endless = false;              // after the chunks, repeat them forever (a model that never stops)
        int trickleMs = 0;                 // > 0: write each line one byte at a time, this far apart
        QByteArray rawBody;                // when not empty: sent as the whole 200 body, verbatim
        std::function<QStringList(const QJsonObject &request)> replyFor; // computes chunks from the request
    };

    /** How the next /api/embed is answered. The defaults give embeddingFor() of each input, with
     *  768 dimensions for embedding-only models and 4096 for the others (as /api/show reports). */
    struct EmbedScript
    {
        int status = 200;                  // != 200: answer {"error": errorMessage} with this status
        QString errorMessage = QStringLiteral("something went wrong");
        bool hang = false;                 // accept and never answer
        bool hangAfterHeaders = false;     // send the 200 headers, then nothing (a stuck GPU, a proxy)
        bool endless = false;              // after the chunks, repeat them forever (a model that never stops)
        int trickleMs = 0;                 // > 0: write each line one byte at a time, this far apart
        QByteArray rawBody;                // when not empty: sent as the whole 200 body, verbatim
        int dimension = 0;                 // > 0: vectors of this length instead of the model's
    };

    struct Model
    {
        QString name;
        QString digest;
        int contextLength = 8192;
        QStringList capabilities = {QStringLiteral("completion")};
    };

    struct RecordedRequest
    {
        QByteArray method;
        QByteArray path;
        QHash<QByteArray, QByteArray> headers; // lower-case names
        QByteArray body;
        QJsonObject json; // body parsed when it was a JSON object
    };

    explicit FakeOllama(QObject *parent = nullptr);
    ~FakeOllama() override;

    bool listen();                   // 127.0.0.1, port 0
    QUrl url() const;                // http://127.0.0.1:<port>
    void close();                    // stop listening and drop every connection

    void setVersion(const QString &version);
    void setModels(const QList<Model> &models); // default: llama3.1:8b and nomic-embed-text
    void setDefaultChatScript(const ChatScript &script);
    void enqueueChatScript(const ChatScript &script); // used once, FIFO, before the default

    void enqueueEmbedScript(const EmbedScript &script); // used once, FIFO, before the default

    /** The fake's embedding of a text: deterministic (seeded by the text's SHA-256), unit length. */
    static QList<float> embeddingFor(const QString &text, int dimension = 768);

    QList<RecordedRequest> requests() const { return m_requests; }
    QList<QJsonObject> chatRequests() const; // bodies of every POST /api/chat, in order
    QList<QJsonObject> embedRequests() const; // bodies of every POST /api/embed, in order
    int cancelledStreams() const { return m_cancelledStreams; } // client closed before the body ended
    int completedStreams() const { return m_completedStreams; }
    int openConnections() const;
    int activeStreams() const { return m_activeStreams; }

Q_SIGNALS:
    void requestReceived(const QByteArray &method, const QByteArray &path);
    void streamCancelled();  // a client closed the connection while a chat body was still being sent
    void streamCompleted();

private:
    struct Connection;
    void handleNewConnection();
    void handleReadyRead(Connection *connection);
    void dispatch(Connection *connection, const RecordedRequest &request);
    void serveChat(Connection *connection, const RecordedRequest &request);
    void serveEmbed(Connection *connection, const RecordedRequest &request);
    void sendJson(Connection *connection, int status, const QJsonObject &body, bool headOnly = false);
    void sendText(Connection *connection, int status, const QByteArray &contentType, const QByteArray &body,
                  bool headOnly = false);

    QTcpServer *m_server;
    QString m_version = QStringLiteral("0.6.2");
    QList<Model> m_models;
    ChatScript m_defaultScript;
    QQueue<ChatScript> m_scripts;
    QQueue<EmbedScript> m_embedScripts;
    QList<RecordedRequest> m_requests;
    QHash<QTcpSocket *, Connection *> m_connections;
    int m_cancelledStreams = 0;
    int m_completedStreams = 0;
    int m_activeStreams = 0;
};
