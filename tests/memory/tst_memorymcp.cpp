// SPDX-License-Identifier: MIT
// Memory through the MCP core, driven without sockets (bytes into McpSession, bytes out): the
// memory tools with their schemas and annotations, the persona://{id}/memories resource, and the
// old dialect's memory.* and persona.memory methods.
#include <mcp/mcpserver.h>
#include <mcp/schemavalidator.h>

#include "enginefixture.h"
#include "sessionclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Studio;
using namespace Studio::Mcp;
using namespace StudioTest;

namespace {

QJsonObject result(const QJsonObject &response)
{
    return response.value("result"_L1).toObject();
}

int errorCode(const QJsonObject &response)
{
    return response.value("error"_L1).toObject().value("code"_L1).toInt();
}

QString errorMessage(const QJsonObject &response)
{
    return response.value("error"_L1).toObject().value("message"_L1).toString();
}

} // namespace

class tst_MemoryMcp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void toolsAreListedHonestly();
    void storeSearchDeleteRoundTrip();
    void toolsDefaultToTheActivePersona();
    void searchAcrossPersonas();
    void validatesArguments_data();
    void validatesArguments();
    void statsAndPruneAnswerWithTheirSchemas();
    void memoriesResource();
    void dialectStoresAndSearches();
    void dialectStatsAndPruning();
    void dialectCrossPersonaAndPersonaMemory();
    void dialectRefusesBadParams_data();
    void dialectRefusesBadParams();
    void relationshipsAreStillNotAvailable();

private:
    /** Calls a tool, checks it succeeded and that its structuredContent matches the outputSchema. */
    QJsonObject checkedTool(SessionClient &client, int id, const QString &name, const QJsonObject &arguments);

    std::unique_ptr<EngineFixture> m_engine;
    std::unique_ptr<McpServer> m_server;
};

void tst_MemoryMcp::init()
{
    m_engine = std::make_unique<EngineFixture>();
    const QString failure =
        m_engine->start([](Engine::Settings &settings) { settings.memoryEmbedder = u"builtin"_s; });
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    m_server = std::make_unique<McpServer>(m_engine->host->client(), ServerOptions{});
}

void tst_MemoryMcp::cleanup()
{
    m_server.reset();
    m_engine.reset();
}

QJsonObject tst_MemoryMcp::checkedTool(SessionClient &client, int id, const QString &name, const QJsonObject &arguments)
{
    const QJsonObject response = client.tool(id, name, arguments);
    const ToolDefinition *tool = m_server->tool(name);
    if (!response.contains("result"_L1) || isToolError(response) || !tool) {
        qWarning().noquote() << name << "failed:" << errorMessage(response) << toolText(response);
        return {};
    }
    if (auto violation = validateAgainstSchema(toolStructured(response), tool->outputSchema)) {
        qWarning().noquote() << name << "broke its output schema:" << violation->message << violation->path;
        return {};
    }
    if (toolText(response).isEmpty())
        return {};
    return toolStructured(response);
}

void tst_MemoryMcp::toolsAreListedHonestly()
{
    SessionClient client(m_server.get());
    client.initialize();
    const QJsonArray tools = result(client.call(1, u"tools/list"_s)).value("tools"_L1).toArray();
    struct Expected
    {
        bool readOnly;
        bool destructive;
        bool idempotent;
    };
    const QHash<QString, Expected> expected = {
        {u"search_memory"_s, {false, false, false}}, // a recall touches last access and count
        {u"store_memory"_s, {false, false, false}},
        {u"delete_memory"_s, {false, true, true}},
        {u"memory_stats"_s, {true, false, true}},
        {u"prune_memories"_s, {false, true, false}},
    };
    int found = 0;
    for (const QJsonValue &value : tools) {
        const QJsonObject tool = value.toObject();
        const QString name = tool.value("name"_L1).toString();
        if (!expected.contains(name))
            continue;
        ++found;
        const QJsonObject annotations = tool.value("annotations"_L1).toObject();
        QCOMPARE(annotations.value("readOnlyHint"_L1).toBool(), expected.value(name).readOnly);
        QCOMPARE(annotations.value("destructiveHint"_L1).toBool(), expected.value(name).destructive);
        QCOMPARE(annotations.value("idempotentHint"_L1).toBool(), expected.value(name).idempotent);
        QCOMPARE(annotations.value("openWorldHint"_L1).toBool(true), false);
        QVERIFY(!tool.value("title"_L1).toString().isEmpty());
        QVERIFY(tool.value("description"_L1).toString().size() > 80);
        QCOMPARE(tool.value("inputSchema"_L1).toObject().value("additionalProperties"_L1).toBool(true), false);
        QVERIFY(tool.value("outputSchema"_L1).isObject());
    }
    QCOMPARE(found, 5);
}

void tst_MemoryMcp::storeSearchDeleteRoundTrip()
{
    SessionClient client(m_server.get());
    client.initialize();
    const QJsonObject stored = checkedTool(client, 1, u"store_memory"_s,
                                           {{u"persona"_s, u"Aria"_s},
                                            {u"content"_s, u"The user's favourite tea is jasmine."_s},
                                            {u"kind"_s, u"preference"_s},
                                            {u"importance"_s, 0.7},
                                            {u"visibility"_s, u"shared"_s}});
    QVERIFY(!stored.isEmpty());
    QCOMPARE(stored.value("merged"_L1).toBool(), false);
    const QJsonObject memory = stored.value("memory"_L1).toObject();
    const int id = memory.value("id"_L1).toInt();
    QVERIFY(id > 0);
    QCOMPARE(memory.value("persona_id"_L1).toString(), u"aria"_s);
    QCOMPARE(memory.value("kind"_L1).toString(), u"preference"_s);
    QCOMPARE(memory.value("importance"_L1).toDouble(), 0.7);
    QCOMPARE(memory.value("visibility"_L1).toString(), u"shared"_s);
    QCOMPARE(memory.value("embedder"_L1).toString(), u"hash-v1-384"_s);
    const QDateTime created = QDateTime::fromString(memory.value("created_at"_L1).toString(), Qt::ISODateWithMs);
    QVERIFY(created.isValid());
    QCOMPARE(created.offsetFromUtc(), 0);

    const QJsonObject again = checkedTool(client, 2, u"store_memory"_s,
                                          {{u"persona"_s, u"aria"_s}, {u"content"_s, u"The user's favourite tea is jasmine"_s}});
    QCOMPARE(again.value("merged"_L1).toBool(), true);
    QCOMPARE(again.value("memory"_L1).toObject().value("id"_L1).toInt(), id);
    QVERIFY(again.value("duplicate_similarity"_L1).toDouble() >= 0.95);

    QVERIFY(!checkedTool(client, 3, u"store_memory"_s,
                         {{u"persona"_s, u"aria"_s}, {u"content"_s, u"The user plays the cello."_s}, {u"importance"_s, 0.2}})
                 .isEmpty());
    const QJsonObject search = checkedTool(client, 4, u"search_memory"_s,
                                           {{u"query"_s, u"What tea does the user like?"_s}, {u"persona"_s, u"aria"_s},
                                            {u"k"_s, 1}});
    QCOMPARE(search.value("count"_L1).toInt(), 1);
    QCOMPARE(search.value("persona"_L1).toString(), u"aria"_s);
    const QJsonObject hit = search.value("hits"_L1).toArray().at(0).toObject();
    QCOMPARE(hit.value("id"_L1).toInt(), id);
    QCOMPARE(hit.value("rank"_L1).toInt(), 1);
    const QJsonObject score = hit.value("score"_L1).toObject();
    QCOMPARE(score.value("relevance"_L1).toDouble(), 1.0);
    QVERIFY(score.value("relevance_raw"_L1).toDouble() > 0.0);
    QVERIFY(score.value("recency"_L1).toDouble() > 0.99);
    QCOMPARE(score.value("importance"_L1).toDouble(), 0.7);
    QVERIFY(std::abs(score.value("total"_L1).toDouble()
                     - (1.0 + score.value("recency"_L1).toDouble() + 0.7)) < 1e-9);

    const QJsonObject deleted = checkedTool(client, 5, u"delete_memory"_s, {{u"id"_s, id}});
    QCOMPARE(deleted.value("deleted"_L1).toBool(), true);
    QCOMPARE(deleted.value("memory"_L1).toObject().value("content"_L1).toString(), u"The user's favourite tea is jasmine"_s);
    const QJsonObject gone = client.tool(6, u"delete_memory"_s, {{u"id"_s, id}});
    QVERIFY(isToolError(gone));
    QVERIFY2(toolText(gone).contains(u"not found"_s) && toolText(gone).contains(u"search_memory"_s), qPrintable(toolText(gone)));
    const QJsonObject after = checkedTool(client, 7, u"search_memory"_s,
                                          {{u"query"_s, u"tea"_s}, {u"persona"_s, u"aria"_s}});
    QCOMPARE(after.value("count"_L1).toInt(), 1); // only the cello is left
}

void tst_MemoryMcp::toolsDefaultToTheActivePersona()
{
    SessionClient client(m_server.get());
    client.initialize();
    client.tool(1, u"switch_persona"_s, {{u"persona"_s, u"kira"_s}});
    const QJsonObject stored = checkedTool(client, 2, u"store_memory"_s, {{u"content"_s, u"The user reads Latin."_s}});
    QCOMPARE(stored.value("memory"_L1).toObject().value("persona_id"_L1).toString(), u"kira"_s);
    QCOMPARE(stored.value("memory"_L1).toObject().value("visibility"_L1).toString(), u"private"_s);
    QCOMPARE(stored.value("memory"_L1).toObject().value("kind"_L1).toString(), u"note"_s);
    const QJsonObject search = checkedTool(client, 3, u"search_memory"_s, {{u"query"_s, u"Latin"_s}});
    QCOMPARE(search.value("persona"_L1).toString(), u"kira"_s);
    QCOMPARE(search.value("count"_L1).toInt(), 1);
    const QJsonObject unknown = client.tool(4, u"store_memory"_s, {{u"persona"_s, u"zed"_s}, {u"content"_s, u"x y"_s}});
    QVERIFY(isToolError(unknown));
    QCOMPARE(toolText(unknown), u"Persona 'zed' not found. Call list_personas to see the ids and names."_s);
}

void tst_MemoryMcp::searchAcrossPersonas()
{
    SessionClient client(m_server.get());
    client.initialize();
    checkedTool(client, 1, u"store_memory"_s,
                {{u"persona"_s, u"aria"_s}, {u"content"_s, u"The user fears spiders."_s}, {u"visibility"_s, u"private"_s}});
    checkedTool(client, 2, u"store_memory"_s,
                {{u"persona"_s, u"aria"_s}, {u"content"_s, u"The user plans a trip to Japan."_s}, {u"visibility"_s, u"shared"_s}});
    checkedTool(client, 3, u"store_memory"_s, {{u"persona"_s, u"kira"_s}, {u"content"_s, u"The user likes old maps."_s}});
    auto ids = [](const QJsonObject &search) {
        QStringList contents;
        for (const QJsonValue &hit : search.value("hits"_L1).toArray())
            contents.append(hit.toObject().value("content"_L1).toString());
        contents.sort();
        return contents;
    };
    const QJsonObject own = checkedTool(client, 4, u"search_memory"_s, {{u"query"_s, u"user"_s}, {u"persona"_s, u"kira"_s}});
    QCOMPARE(ids(own), QStringList{u"The user likes old maps."_s});
    const QJsonObject cross = checkedTool(client, 5, u"search_memory"_s,
                                          {{u"query"_s, u"user"_s}, {u"persona"_s, u"kira"_s}, {u"cross_persona"_s, true}});
    QCOMPARE(ids(cross), (QStringList{u"The user likes old maps."_s, u"The user plans a trip to Japan."_s}));
    const QJsonObject all = checkedTool(client, 6, u"search_memory"_s, {{u"query"_s, u"user"_s}, {u"persona"_s, u"ALL"_s}});
    QCOMPARE(all.value("persona"_L1).toString(), u"all"_s);
    QCOMPARE(ids(all), QStringList{u"The user plans a trip to Japan."_s});
}

void tst_MemoryMcp::validatesArguments_data()
{
    QTest::addColumn<QString>("tool");
    QTest::addColumn<QJsonObject>("arguments");
    QTest::addColumn<QString>("path");
    QTest::newRow("search without query") << u"search_memory"_s << QJsonObject() << u"/arguments/query"_s;
    QTest::newRow("k too large") << u"search_memory"_s << QJsonObject{{u"query"_s, u"x"_s}, {u"k"_s, 51}}
                                 << u"/arguments/k"_s;
    QTest::newRow("k zero") << u"search_memory"_s << QJsonObject{{u"query"_s, u"x"_s}, {u"k"_s, 0}} << u"/arguments/k"_s;
    QTest::newRow("min_importance") << u"search_memory"_s
                                    << QJsonObject{{u"query"_s, u"x"_s}, {u"min_importance"_s, 1.5}}
                                    << u"/arguments/min_importance"_s;
    QTest::newRow("empty content") << u"store_memory"_s << QJsonObject{{u"content"_s, u""_s}} << u"/arguments/content"_s;
    QTest::newRow("content too long") << u"store_memory"_s << QJsonObject{{u"content"_s, QString(4001, u'a')}}
                                      << u"/arguments/content"_s;
    QTest::newRow("kind") << u"store_memory"_s << QJsonObject{{u"content"_s, u"x"_s}, {u"kind"_s, u"gossip"_s}}
                          << u"/arguments/kind"_s;
    QTest::newRow("visibility") << u"store_memory"_s
                                << QJsonObject{{u"content"_s, u"x"_s}, {u"visibility"_s, u"public"_s}}
                                << u"/arguments/visibility"_s;
    QTest::newRow("importance") << u"store_memory"_s << QJsonObject{{u"content"_s, u"x"_s}, {u"importance"_s, -0.1}}
                                << u"/arguments/importance"_s;
    QTest::newRow("unknown property") << u"memory_stats"_s << QJsonObject{{u"verbose"_s, true}} << u"/arguments/verbose"_s;
    QTest::newRow("id not integer") << u"delete_memory"_s << QJsonObject{{u"id"_s, u"7"_s}} << u"/arguments/id"_s;
    QTest::newRow("dry_run type") << u"prune_memories"_s << QJsonObject{{u"dry_run"_s, u"yes"_s}}
                                  << u"/arguments/dry_run"_s;
}

void tst_MemoryMcp::validatesArguments()
{
    QFETCH(QString, tool);
    QFETCH(QJsonObject, arguments);
    QFETCH(QString, path);
    SessionClient client(m_server.get());
    client.initialize();
    const QJsonObject response = client.tool(1, tool, arguments);
    QCOMPARE(errorCode(response), -32602);
    QCOMPARE(response.value("error"_L1).toObject().value("data"_L1).toObject().value("path"_L1).toString(), path);
}

void tst_MemoryMcp::statsAndPruneAnswerWithTheirSchemas()
{
    SessionClient client(m_server.get());
    client.initialize();
    checkedTool(client, 1, u"store_memory"_s, {{u"persona"_s, u"aria"_s}, {u"content"_s, u"The user's name is Sam."_s},
                                                {u"importance"_s, 0.9}});
    checkedTool(client, 2, u"store_memory"_s, {{u"persona"_s, u"kira"_s}, {u"content"_s, u"The user reads Latin."_s},
                                                {u"importance"_s, 0.1}});
    const QJsonObject stats = checkedTool(client, 3, u"memory_stats"_s, {});
    QCOMPARE(stats.value("total"_L1).toInt(), 2);
    QCOMPARE(stats.value("importance_bands"_L1).toObject(),
             (QJsonObject{{u"high"_s, 1}, {u"medium"_s, 0}, {u"low"_s, 1}}));
    QCOMPARE(stats.value("personas"_L1).toArray().size(), 2);
    QCOMPARE(stats.value("indexes"_L1).toArray().size(), 2);
    QVERIFY(stats.value("indexes"_L1).toArray().at(0).toObject().value("in_step"_L1).toBool());
    QCOMPARE(stats.value("embedder"_L1).toObject().value("active"_L1).toString(), u"hash-v1-384"_s);
    QVERIFY(stats.value("storage_bytes"_L1).toInt() > 0);
    QCOMPARE(checkedTool(client, 4, u"memory_stats"_s, {{u"persona"_s, u"kira"_s}}).value("total"_L1).toInt(), 1);

    const QJsonObject dry = checkedTool(client, 5, u"prune_memories"_s, {{u"dry_run"_s, true}});
    QCOMPARE(dry.value("dry_run"_L1).toBool(), true);
    QCOMPARE(dry.value("before"_L1).toInt(), 2);
    QCOMPARE(dry.value("pruned"_L1).toInt(), 0);
    QCOMPARE(dry.value("personas"_L1).toArray().size(), 2);
    QVERIFY(dry.value("personas"_L1).toArray().at(0).toObject().value("reason"_L1).toString().contains(u"900"_s));
    const QJsonObject real = checkedTool(client, 6, u"prune_memories"_s, {{u"persona"_s, u"aria"_s}});
    QCOMPARE(real.value("dry_run"_L1).toBool(), false);
    QCOMPARE(real.value("after"_L1).toInt(), 1);
}

void tst_MemoryMcp::memoriesResource()
{
    SessionClient client(m_server.get());
    client.initialize();
    checkedTool(client, 1, u"store_memory"_s, {{u"persona"_s, u"aria"_s}, {u"content"_s, u"The user sings."_s}});
    checkedTool(client, 2, u"store_memory"_s, {{u"persona"_s, u"aria"_s}, {u"content"_s, u"The user dances tango."_s}});
    const QJsonArray resources = result(client.call(3, u"resources/list"_s)).value("resources"_L1).toArray();
    QStringList uris;
    for (const QJsonValue &resource : resources)
        uris.append(resource.toObject().value("uri"_L1).toString());
    QVERIFY(uris.contains(u"persona://aria/memories"_s));
    QVERIFY(uris.contains(u"persona://kira/memories"_s));
    const QJsonArray templates = result(client.call(4, u"resources/templates/list"_s)).value("resourceTemplates"_L1).toArray();
    bool listed = false;
    for (const QJsonValue &entry : templates)
        listed = listed || entry.toObject().value("uriTemplate"_L1).toString() == u"persona://{id}/memories"_s;
    QVERIFY(listed);

    const QJsonObject read = client.call(5, u"resources/read"_s, {{u"uri"_s, u"persona://Aria/memories"_s}});
    const QJsonObject content = result(read).value("contents"_L1).toArray().at(0).toObject();
    QCOMPARE(content.value("mimeType"_L1).toString(), u"application/json"_s);
    QCOMPARE(content.value("uri"_L1).toString(), u"persona://Aria/memories"_s);
    const QJsonObject document = QJsonDocument::fromJson(content.value("text"_L1).toString().toUtf8()).object();
    QCOMPARE(document.value("persona_id"_L1).toString(), u"aria"_s);
    QCOMPARE(document.value("total"_L1).toInt(), 2);
    const QJsonArray memories = document.value("memories"_L1).toArray();
    QCOMPARE(memories.size(), 2);
    QCOMPARE(memories.at(0).toObject().value("content"_L1).toString(), u"The user dances tango."_s); // newest first
    const QJsonObject empty = client.call(6, u"resources/read"_s, {{u"uri"_s, u"persona://kira/memories"_s}});
    QCOMPARE(QJsonDocument::fromJson(result(empty).value("contents"_L1).toArray().at(0).toObject().value("text"_L1)
                                          .toString().toUtf8()).object().value("total"_L1).toInt(),
             0);
    QCOMPARE(errorCode(client.call(7, u"resources/read"_s, {{u"uri"_s, u"persona://zed/memories"_s}})), -32002);

    // Subscribers hear of every change.
    QVERIFY(client.call(9, u"resources/subscribe"_s, {{u"uri"_s, u"persona://kira/memories"_s}}).contains("result"_L1));
    checkedTool(client, 10, u"store_memory"_s, {{u"persona"_s, u"kira"_s}, {u"content"_s, u"The user reads Latin."_s}});
    QTRY_VERIFY(std::any_of(client.received.cbegin(), client.received.cend(), [](const QJsonObject &message) {
        return message.value("method"_L1).toString() == u"notifications/resources/updated"_s
               && message.value("params"_L1).toObject().value("uri"_L1).toString() == u"persona://kira/memories"_s;
    }));
    QCOMPARE(errorCode(client.call(8, u"resources/read"_s, {{u"uri"_s, u"persona:///memories"_s}})), -32002);
}

void tst_MemoryMcp::dialectStoresAndSearches()
{
    SessionClient client(m_server.get());
    const QJsonObject stored = result(client.call(u"1"_s, u"memory.store"_s,
                                                  {{u"content"_s, u"The user's favourite tea is jasmine."_s},
                                                   {u"persona_id"_s, u"aria"_s},
                                                   {u"importance"_s, 0.8},
                                                   {u"memory_type"_s, u"episodic"_s}}));
    QVERIFY(stored.value("memory_id"_L1).isString());
    QCOMPARE(stored.value("stored"_L1).toBool(), true);
    QCOMPARE(stored.value("memory_type"_L1).toString(), u"event"_s);
    const QString id = stored.value("memory_id"_L1).toString();
    // Without persona_id: the session's active persona (a new session starts with Aria).
    const QJsonObject second = result(client.call(u"2"_s, u"memory.store"_s, {{u"content"_s, u"The user lives in Porto."_s}}));
    QCOMPARE(second.value("persona_id"_L1).toString(), u"aria"_s);
    QCOMPARE(second.value("memory_type"_L1).toString(), u"note"_s);

    const QJsonObject search = client.call(u"3"_s, u"memory.search"_s, {{u"query"_s, u"Which tea?"_s}});
    QCOMPARE(search.keys(), QStringList({u"id"_s, u"jsonrpc"_s, u"result"_s}));
    const QJsonObject found = result(search);
    QCOMPARE(found.value("total_results"_L1).toInt(), 2);
    const QJsonObject first = found.value("memories"_L1).toArray().at(0).toObject();
    QCOMPARE(first.value("id"_L1).toString(), id);
    QCOMPARE(first.value("content"_L1).toString(), u"The user's favourite tea is jasmine."_s);
    QCOMPARE(first.value("importance"_L1).toDouble(), 0.8);
    QVERIFY(first.value("similarity"_L1).toDouble() > 0.0 && first.value("similarity"_L1).toDouble() <= 1.0);
    const QDateTime created = QDateTime::fromString(first.value("created_at"_L1).toString(), Qt::ISODateWithMs);
    QVERIFY(created.isValid());
    QCOMPARE(created.offsetFromUtc(), 0); // ISO 8601, UTC

    QCOMPARE(result(client.call(u"4"_s, u"memory.search"_s, {{u"query"_s, u"tea"_s}, {u"n_results"_s, 1}}))
                 .value("total_results"_L1).toInt(),
             1);
    const QJsonObject important = result(client.call(u"5"_s, u"memory.search"_s,
                                                     {{u"query"_s, u"tea"_s}, {u"min_importance"_s, 0.75},
                                                      {u"persona_id"_s, u"ARIA"_s}}));
    QCOMPARE(important.value("total_results"_L1).toInt(), 1);
    QCOMPARE(result(client.call(u"6"_s, u"memory.search"_s, {{u"query"_s, u"tea"_s}, {u"persona_id"_s, u"kira"_s}}))
                 .value("total_results"_L1).toInt(),
             0);
}

void tst_MemoryMcp::dialectStatsAndPruning()
{
    SessionClient client(m_server.get());
    client.call(u"1"_s, u"memory.store"_s, {{u"content"_s, u"The user's name is Sam."_s}, {u"importance"_s, 0.9}});
    client.call(u"2"_s, u"memory.store"_s, {{u"content"_s, u"The user likes rain."_s}, {u"importance"_s, 0.5}});
    client.call(u"3"_s, u"memory.store"_s, {{u"content"_s, u"The user reads Latin."_s}, {u"persona_id"_s, u"kira"_s},
                                           {u"importance"_s, 0.1}});
    const QJsonObject stats = result(client.call(u"4"_s, u"memory.stats"_s));
    QCOMPARE(stats.value("total_memories"_L1).toInt(), 3);
    QCOMPARE(stats.value("memories_by_persona"_L1).toObject(), (QJsonObject{{u"aria"_s, 2}, {u"kira"_s, 1}}));
    QCOMPARE(stats.value("importance_distribution"_L1).toObject(),
             (QJsonObject{{u"high"_s, 1}, {u"medium"_s, 1}, {u"low"_s, 1}}));
    QVERIFY(std::abs(stats.value("avg_importance"_L1).toDouble() - 0.5) < 1e-9);
    QVERIFY(stats.value("storage_size_mb"_L1).toDouble() > 0.0);
    QCOMPARE(result(client.call(u"5"_s, u"memory.stats"_s, {{u"persona_id"_s, u"kira"_s}})).value("total_memories"_L1).toInt(), 1);

    const QJsonObject recommendations =
        result(client.call(u"6"_s, u"memory.prune_recommendations"_s)).value("recommendations"_L1).toObject();
    QCOMPARE(recommendations.value("needs_pruning"_L1).toBool(true), false);
    QCOMPARE(recommendations.value("current_count"_L1).toInt(), 3);
    QCOMPARE(recommendations.value("would_prune"_L1).toInt(), 0);
    QCOMPARE(recommendations.value("average_importance_to_prune"_L1).toDouble(), 0.0);
    QVERIFY(recommendations.value("recommendation"_L1).toString().startsWith(u"No pruning needed"_s));

    const QJsonObject pruned = result(client.call(u"7"_s, u"memory.prune"_s, {{u"force"_s, true}}));
    QCOMPARE(pruned.value("memories_before"_L1).toInt(), 3);
    QCOMPARE(pruned.value("memories_pruned"_L1).toInt(), 0); // far below the target even when forced
    QCOMPARE(pruned.value("memories_after"_L1).toInt(), 3);
    QCOMPARE(pruned.value("avg_importance_pruned"_L1).toDouble(), 0.0);
    QVERIFY(pruned.value("processing_time"_L1).isDouble());
}

void tst_MemoryMcp::dialectCrossPersonaAndPersonaMemory()
{
    SessionClient client(m_server.get());
    client.call(u"1"_s, u"memory.store"_s, {{u"content"_s, u"Aria keeps this to herself: the user fears spiders."_s}});
    client.call(u"2"_s, u"memory.store"_s, {{u"content"_s, u"The user is learning to sail."_s},
                                           {u"persona_id"_s, u"kira"_s}});
    // Shared memories are stored through the tool; the dialect has no visibility field.
    SessionClient tools(m_server.get());
    tools.initialize();
    checkedTool(tools, 3, u"store_memory"_s, {{u"persona"_s, u"kira"_s}, {u"content"_s, u"The user's boat is called Wren."_s},
                                              {u"visibility"_s, u"shared"_s}});

    const QJsonObject cross = result(client.call(u"4"_s, u"memory.search_cross_persona"_s, {{u"query"_s, u"user"_s},
                                                                                          {u"n_results"_s, 10}}));
    QStringList seen;
    for (const QJsonValue &item : cross.value("memories"_L1).toArray())
        seen.append(item.toObject().value("persona_id"_L1).toString() + u": "_s
                    + item.toObject().value("content"_L1).toString());
    seen.sort();
    QCOMPARE(seen, (QStringList{u"aria: Aria keeps this to herself: the user fears spiders."_s,
                                u"kira: The user's boat is called Wren."_s}));
    QCOMPARE(cross.value("total_results"_L1).toInt(), 2);

    const QJsonObject listed = result(client.call(u"5"_s, u"persona.memory"_s, {{u"persona_id"_s, u"kira"_s}}));
    QCOMPARE(listed.value("persona_id"_L1).toString(), u"kira"_s);
    QCOMPARE(listed.value("total_results"_L1).toInt(), 2);
    const QJsonObject newest = listed.value("memories"_L1).toArray().at(0).toObject();
    QCOMPARE(newest.value("content"_L1).toString(), u"The user's boat is called Wren."_s);
    QVERIFY(newest.value("similarity"_L1).isNull()); // no query, no similarity
    QVERIFY(newest.contains("created_at"_L1) && newest.contains("importance"_L1) && newest.contains("id"_L1));

    const QJsonObject searched = result(client.call(u"6"_s, u"persona.memory"_s, {{u"persona_id"_s, u"kira"_s},
                                                                                 {u"query"_s, u"sailing"_s},
                                                                                 {u"limit"_s, 1}}));
    QCOMPARE(searched.value("total_results"_L1).toInt(), 1);
    QCOMPARE(searched.value("memories"_L1).toArray().at(0).toObject().value("content"_L1).toString(),
             u"The user is learning to sail."_s);
    QVERIFY(searched.value("memories"_L1).toArray().at(0).toObject().value("similarity"_L1).isDouble());
}

void tst_MemoryMcp::dialectRefusesBadParams_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QJsonObject>("params");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("search without query") << u"memory.search"_s << QJsonObject() << u"'query'"_s;
    QTest::newRow("query not a string") << u"memory.search"_s << QJsonObject{{u"query"_s, 5}} << u"'query'"_s;
    QTest::newRow("n_results zero") << u"memory.search"_s << QJsonObject{{u"query"_s, u"x"_s}, {u"n_results"_s, 0}}
                                    << u"'n_results'"_s;
    QTest::newRow("n_results fraction") << u"memory.search"_s
                                        << QJsonObject{{u"query"_s, u"x"_s}, {u"n_results"_s, 2.5}} << u"'n_results'"_s;
    QTest::newRow("min_importance") << u"memory.search"_s
                                    << QJsonObject{{u"query"_s, u"x"_s}, {u"min_importance"_s, 2}}
                                    << u"'min_importance'"_s;
    QTest::newRow("unknown persona") << u"memory.search"_s
                                     << QJsonObject{{u"query"_s, u"x"_s}, {u"persona_id"_s, u"zed"_s}}
                                     << u"Persona 'zed' not found"_s;
    QTest::newRow("store without content") << u"memory.store"_s << QJsonObject() << u"'content'"_s;
    QTest::newRow("store importance") << u"memory.store"_s
                                      << QJsonObject{{u"content"_s, u"x y"_s}, {u"importance"_s, u"high"_s}}
                                      << u"'importance'"_s;
    QTest::newRow("store too long") << u"memory.store"_s << QJsonObject{{u"content"_s, QString(4001, u'a')}}
                                    << u"4000"_s;
    QTest::newRow("prune force") << u"memory.prune"_s << QJsonObject{{u"force"_s, u"yes"_s}} << u"'force'"_s;
    QTest::newRow("stats persona") << u"memory.stats"_s << QJsonObject{{u"persona_id"_s, u"zed"_s}}
                                   << u"Persona 'zed' not found"_s;
    QTest::newRow("persona.memory limit") << u"persona.memory"_s << QJsonObject{{u"limit"_s, -1}} << u"'limit'"_s;
}

void tst_MemoryMcp::dialectRefusesBadParams()
{
    QFETCH(QString, method);
    QFETCH(QJsonObject, params);
    QFETCH(QString, fragment);
    SessionClient client(m_server.get());
    const QJsonObject response = client.call(u"1"_s, method, params);
    QCOMPARE(errorCode(response), -32602);
    QVERIFY2(errorMessage(response).contains(fragment), qPrintable(errorMessage(response)));
    QVERIFY(!response.contains("result"_L1));
}

void tst_MemoryMcp::relationshipsAreStillNotAvailable()
{
    SessionClient client(m_server.get());
    for (const QString &method : {u"relationship.get"_s, u"emotional.get_state"_s, u"persona.relationship"_s}) {
        const QJsonObject response = client.call(method, method);
        QCOMPARE(errorCode(response), -32601);
        QVERIFY(errorMessage(response).contains(u"not available yet"_s));
    }
    QCOMPARE(errorCode(client.call(u"x"_s, u"memory.forget_everything"_s)), -32601);
}

QTEST_GUILESS_MAIN(tst_MemoryMcp)
#include "tst_memorymcp.moc"
