// SPDX-License-Identifier: MIT
// libFuzzer harness: the MCP dispatcher. Each input is one client's messages, one per line,
// handed to a fresh McpSession of a real McpServer over a real engine (no socket): MCP
// requests, notifications, responses to our requests and the old dialect's dotted methods.
// After the last message the event loop runs until nothing is in flight (or 300 ms), then the
// session closes as a transport would close it. Every message the session writes must be valid
// JSON-RPC.
#include "fuzzserver.h"

#include <mcp/mcpsession.h>


using namespace Studio::Mcp;

namespace {

McpServer *s_server = nullptr;
constexpr int kMaxMessages = 32;
constexpr int kSettleMs = 300;

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    ServerOptions options;
    options.port = 0;
    s_server = StudioFuzz::startServer(argc, argv, options);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    // The transport name changes behaviour (the old dialect is a WebSocket thing, HTTP sessions
    // resume differently): the input's hash picks one.
    static const QString transports[] = {QStringLiteral("websocket"), QStringLiteral("http"), QStringLiteral("stdio")};
    const QString transport = transports[StudioFuzz::hashOf(input) % 3];
    McpSession *session = s_server->createSession(TransportInfo{transport, QStringLiteral("fuzz"), {}, {}});

    QObject::connect(session, &McpSession::outgoing, session,
                     [](const QByteArray &message, const QJsonValue &) { StudioFuzz::checkOutgoing(message); });

    const QList<QByteArray> messages = StudioFuzz::lines(input);
    for (qsizetype i = 0; i < messages.size() && i < kMaxMessages; ++i) {
        session->receive(messages.at(i));
        QCoreApplication::processEvents();
    }
    StudioFuzz::pumpUntil([session] { return session->inFlight() == 0; }, kSettleMs);
    session->close(false);
    delete session;
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QCoreApplication::processEvents();
    return 0;
}
