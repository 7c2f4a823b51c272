// SPDX-License-Identifier: MIT
// libFuzzer harness: what a WebSocket text message goes through on the server
// (core/mcp/transport/websockettransport.cpp): the transport's per-frame size accounting
// (textFrameReceived), its per-message check (textMessageReceived: UTF-16 back to UTF-8, the
// message size limit, the 1009 refusal) and the session behind it, without a socket: the
// transport gets an unconnected QWebSocket whose signals the harness emits as QtWebSockets
// would for the frames. Each input line is one message; its frames are pieces derived from the
// input. A message that is not UTF-8 is dropped (QtWebSockets closes with 1007 before it
// reaches us); a line starting with 0x02 arrives as a binary message. The limit is small (600
// bytes) so that the refusal is reachable.
#include "fuzzserver.h"

#include <mcp/mcpsession.h>
#include <mcp/transport/websockettransport.h>

#include <QStringDecoder>
#include <QWebSocket>

using namespace Studio::Mcp;

namespace {

McpServer *s_server = nullptr;
constexpr int kMaxMessages = 32;
constexpr int kSettleMs = 300;

bool anyInFlight()
{
    for (const McpSession *session : s_server->sessions()) {
        if (session->inFlight() > 0)
            return true;
    }
    return false;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    ServerOptions options;
    options.port = 0;
    options.maxMessageBytes = 600;
    s_server = StudioFuzz::startServer(argc, argv, options);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    auto *socket = new QWebSocket;
    auto *transport = new WebSocketTransport(socket, s_server); // owns the socket and the session
    STUDIO_FUZZ_CHECK(s_server->sessions().size() == 1, "not one session per transport");
    McpSession *session = s_server->sessions().constFirst();
    QObject::connect(session, &McpSession::outgoing, session,
                     [](const QByteArray &message, const QJsonValue &) { StudioFuzz::checkOutgoing(message); });

    const QList<QByteArray> messages = StudioFuzz::lines(input);
    for (qsizetype i = 0; i < messages.size() && i < kMaxMessages; ++i) {
        const QByteArray &bytes = messages.at(i);
        if (bytes.startsWith('\x02')) {
            Q_EMIT socket->binaryMessageReceived(bytes.sliced(1));
            continue;
        }
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        const QString text = decoder(bytes);
        if (decoder.hasError())
            continue;
        // Frames: pieces of the text (UTF-16 units, surrogate pairs kept whole).
        StudioFuzz::Random random{StudioFuzz::hashOf(bytes)};
        qsizetype at = 0;
        do {
            qsizetype take = qMin<qsizetype>(text.size() - at, 1 + random.below(200));
            if (at + take < text.size() && text.at(at + take - 1).isHighSurrogate())
                ++take;
            const bool last = at + take >= text.size();
            Q_EMIT socket->textFrameReceived(text.sliced(at, take), last);
            at += take;
        } while (at < text.size());
        Q_EMIT socket->textMessageReceived(text);
        QCoreApplication::processEvents();
    }
    StudioFuzz::pumpUntil([] { return !anyInFlight(); }, kSettleMs);
    // The client goes away.
    Q_EMIT socket->disconnected();
    delete transport;
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QCoreApplication::processEvents();
    STUDIO_FUZZ_CHECK(s_server->sessions().isEmpty(), "a session outlived its transport");
    return 0;
}
