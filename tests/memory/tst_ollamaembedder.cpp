// SPDX-License-Identifier: MIT
#include <memory/ollamaembedder.h>

#include <llm/ollamaclient.h>

#include <fakeollama.h>

#include <QJsonArray>
#include <QTest>

#include <cmath>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;
using namespace Studio;
using namespace Studio::Memory;

namespace {

constexpr int kWaitMs = 10000;
const QString kModel = u"nomic-embed-text"_s;

Llm::ClientConfig configFor(const QUrl &url)
{
    Llm::ClientConfig config;
    config.baseUrl = url;
    return config;
}

/** A URL where nothing listens: a port that a server had and gave back. */
QUrl closedUrl()
{
    FakeOllama fake;
    if (!fake.listen())
        return {};
    const QUrl url = fake.url();
    fake.close();
    return url;
}

/** Runs one embed() to its answer. */
std::optional<Result<QList<Vector>>> embedAndWait(Embedder &embedder, const QStringList &texts)
{
    QObject context;
    std::optional<Result<QList<Vector>>> answer;
    int calls = 0;
    embedder.embed(texts, &context, [&](Result<QList<Vector>> result) {
        ++calls;
        answer = std::move(result);
    });
    if (calls != 0) // never synchronously
        return Result<QList<Vector>>(fail(ErrorCode::Internal, u"answered from inside embed()"_s));
    if (!QTest::qWaitFor([&calls] { return calls > 0; }, kWaitMs))
        return std::nullopt;
    return calls == 1 ? answer : std::nullopt;
}

bool nearlyEqual(const Vector &a, const QList<float> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (std::abs(a.at(i) - b.at(i)) > 1e-6f)
            return false;
    }
    return true;
}

QStringList inputsOf(const QJsonObject &request)
{
    QStringList texts;
    const QJsonArray input = request.value("input"_L1).toArray();
    for (const QJsonValue &value : input)
        texts.append(value.toString());
    return texts;
}

} // namespace

class tst_OllamaEmbedder final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void idNamesTheModel_data();
    void idNamesTheModel();
    void returnsVectorsAndLearnsDimension();
    void sendsABatchInOneRequest();
    void splitsLargeBatches();
    void blankTextsAreNotSent();
    void emptyListNeedsNoRequest();
    void missingModelAdvisesPull();
    void unreachableServer();
    void httpErrorCarriesOllamasMessage();
    void malformedRepliesAreTyped_data();
    void malformedRepliesAreTyped();
    void timeoutIsTyped();
    void dimensionChangeIsRefused();
    void deadContextGetsNoAnswer();

private:
    std::unique_ptr<FakeOllama> m_fake;
    std::unique_ptr<Llm::OllamaClient> m_client;
};

void tst_OllamaEmbedder::init()
{
    m_fake = std::make_unique<FakeOllama>();
    QVERIFY(m_fake->listen());
    m_client = std::make_unique<Llm::OllamaClient>(configFor(m_fake->url()));
}

void tst_OllamaEmbedder::cleanup()
{
    m_client.reset();
    m_fake.reset();
}

void tst_OllamaEmbedder::idNamesTheModel_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("id");
    QTest::newRow("plain") << u"nomic-embed-text"_s << u"ollama:nomic-embed-text"_s;
    QTest::newRow("latest tag") << u"nomic-embed-text:latest"_s << u"ollama:nomic-embed-text"_s;
    QTest::newRow("other tag") << u"mxbai-embed-large:335m"_s << u"ollama:mxbai-embed-large:335m"_s;
    QTest::newRow("namespace") << u" jina/jina-embeddings-v2-base-de "_s << u"ollama:jina/jina-embeddings-v2-base-de"_s;
}

void tst_OllamaEmbedder::idNamesTheModel()
{
    QFETCH(QString, model);
    QFETCH(QString, id);
    const OllamaEmbedder embedder(*m_client, model);
    QCOMPARE(embedder.id(), id);
    QCOMPARE(embedder.dimension(), 0); // unknown until the first answer
}

void tst_OllamaEmbedder::returnsVectorsAndLearnsDimension()
{
    OllamaEmbedder embedder(*m_client, kModel);
    const QStringList texts = {u"I love green tea"_s, u"The user's cat is called Miso"_s, u"Zürich 🙂"_s};
    const auto answer = embedAndWait(embedder, texts);
    QVERIFY(answer && answer->has_value());
    const QList<Vector> &vectors = answer->value();
    QCOMPARE(vectors.size(), 3);
    for (qsizetype i = 0; i < 3; ++i)
        QVERIFY2(nearlyEqual(vectors.at(i), FakeOllama::embeddingFor(texts.at(i), 768)), qPrintable(texts.at(i)));
    QCOMPARE(embedder.dimension(), 768);

    // A chat model embeds too (the endpoint does not check capabilities), with its own width.
    OllamaEmbedder chatModel(*m_client, u"llama3.1:8b"_s);
    const auto wide = embedAndWait(chatModel, {u"hello"_s});
    QVERIFY(wide && wide->has_value());
    QCOMPARE(wide->value().at(0).size(), 4096);
    QCOMPARE(chatModel.dimension(), 4096);
}

void tst_OllamaEmbedder::sendsABatchInOneRequest()
{
    OllamaEmbedder embedder(*m_client, kModel);
    QStringList texts;
    for (int i = 0; i < 10; ++i)
        texts.append(u"memory number %1"_s.arg(i));
    const auto answer = embedAndWait(embedder, texts);
    QVERIFY(answer && answer->has_value());
    QCOMPARE(answer->value().size(), 10);

    const QList<QJsonObject> requests = m_fake->embedRequests();
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.at(0).value("model"_L1).toString(), kModel);
    QCOMPARE(inputsOf(requests.at(0)), texts);
    QCOMPARE(m_fake->requests().size(), 1); // nothing else was asked
}

void tst_OllamaEmbedder::splitsLargeBatches()
{
    OllamaEmbedder embedder(*m_client, kModel);
    QStringList texts;
    for (int i = 0; i < 70; ++i)
        texts.append(u"fact %1"_s.arg(i));
    const auto answer = embedAndWait(embedder, texts);
    QVERIFY(answer && answer->has_value());
    QCOMPARE(answer->value().size(), 70);
    for (qsizetype i = 0; i < 70; ++i)
        QVERIFY(nearlyEqual(answer->value().at(i), FakeOllama::embeddingFor(texts.at(i), 768)));

    const QList<QJsonObject> requests = m_fake->embedRequests();
    QCOMPARE(requests.size(), 3);
    QCOMPARE(inputsOf(requests.at(0)), texts.mid(0, OllamaEmbedder::kMaxBatch));
    QCOMPARE(inputsOf(requests.at(1)), texts.mid(OllamaEmbedder::kMaxBatch, OllamaEmbedder::kMaxBatch));
    QCOMPARE(inputsOf(requests.at(2)), texts.mid(2 * OllamaEmbedder::kMaxBatch));
}

void tst_OllamaEmbedder::blankTextsAreNotSent()
{
    OllamaEmbedder embedder(*m_client, kModel);
    const auto answer = embedAndWait(embedder, {u"tea"_s, QString(), u" \n "_s, u"coffee"_s});
    QVERIFY(answer && answer->has_value());
    const QList<Vector> &vectors = answer->value();
    QCOMPARE(vectors.size(), 4);
    QVERIFY(nearlyEqual(vectors.at(0), FakeOllama::embeddingFor(u"tea"_s, 768)));
    QCOMPARE(vectors.at(1), Vector(768, 0.f));
    QCOMPARE(vectors.at(2), Vector(768, 0.f));
    QVERIFY(nearlyEqual(vectors.at(3), FakeOllama::embeddingFor(u"coffee"_s, 768)));
    QCOMPARE(m_fake->embedRequests().size(), 1);
    QCOMPARE(inputsOf(m_fake->embedRequests().at(0)), (QStringList{u"tea"_s, u"coffee"_s}));
}

void tst_OllamaEmbedder::emptyListNeedsNoRequest()
{
    OllamaEmbedder embedder(*m_client, kModel);
    const auto answer = embedAndWait(embedder, {});
    QVERIFY(answer && answer->has_value());
    QVERIFY(answer->value().isEmpty());

    // The client on its own behaves the same.
    QObject context;
    std::optional<Result<QList<QList<float>>>> raw;
    m_client->embed(kModel, {}, &context, [&raw](Result<QList<QList<float>>> result) { raw = std::move(result); });
    QVERIFY(!raw);
    QTRY_VERIFY(raw.has_value());
    QVERIFY(raw->has_value() && raw->value().isEmpty());
    QCOMPARE(m_fake->requests().size(), 0);
}

void tst_OllamaEmbedder::missingModelAdvisesPull()
{
    OllamaEmbedder embedder(*m_client, u"no-such-embedder"_s);
    const auto answer = embedAndWait(embedder, {u"hello"_s});
    QVERIFY(answer && !answer->has_value());
    const Error &error = answer->error();
    QCOMPARE(error.code, ErrorCode::LlmModelMissing);
    QCOMPARE(error.httpStatus, 404);
    QVERIFY2(error.message.contains(u"ollama pull no-such-embedder"_s), qPrintable(error.message));
    QVERIFY(error.message.contains(u"model 'no-such-embedder' not found"_s));
    QCOMPARE(embedder.dimension(), 0);
}

void tst_OllamaEmbedder::unreachableServer()
{
    const QUrl url = closedUrl();
    QVERIFY(url.isValid());
    Llm::OllamaClient client(configFor(url));
    OllamaEmbedder embedder(client, kModel);
    const auto answer = embedAndWait(embedder, {u"hello"_s});
    QVERIFY(answer && !answer->has_value());
    QCOMPARE(answer->error().code, ErrorCode::LlmUnreachable);
    QVERIFY2(answer->error().message.contains(url.toString()), qPrintable(answer->error().message));
}

void tst_OllamaEmbedder::httpErrorCarriesOllamasMessage()
{
    FakeOllama::EmbedScript script;
    script.status = 500;
    script.errorMessage = u"llama runner process has terminated: signal: killed"_s;
    m_fake->enqueueEmbedScript(script);
    OllamaEmbedder embedder(*m_client, kModel);
    const auto answer = embedAndWait(embedder, {u"hello"_s});
    QVERIFY(answer && !answer->has_value());
    QCOMPARE(answer->error().code, ErrorCode::LlmHttp);
    QCOMPARE(answer->error().httpStatus, 500);
    QVERIFY2(answer->error().message.contains(script.errorMessage), qPrintable(answer->error().message));
}

void tst_OllamaEmbedder::malformedRepliesAreTyped_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("reason");
    QTest::newRow("not json") << "<html>proxy error</html>"_ba << u"is not"_s;
    QTest::newRow("no embeddings") << R"({"embedding":[0.1,0.2]})"_ba << u"is not"_s;
    QTest::newRow("embeddings not an array") << R"({"embeddings":"yes"})"_ba << u"is not"_s;
    QTest::newRow("too few vectors") << R"({"embeddings":[[0.6,0.8]]})"_ba << u"1 vectors for 2 texts"_s;
    QTest::newRow("mixed widths") << R"({"embeddings":[[0.6,0.8],[1.0]]})"_ba << u"mixes vectors"_s;
    QTest::newRow("empty vector") << R"({"embeddings":[[],[]]})"_ba << u"no vector"_s;
    QTest::newRow("not a number") << R"({"embeddings":[[0.6,"x"],[0.6,0.8]]})"_ba << u"non-number"_s;
    QTest::newRow("zero vector") << R"({"embeddings":[[0,0],[0.6,0.8]]})"_ba << u"zero"_s;
}

void tst_OllamaEmbedder::malformedRepliesAreTyped()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, reason);
    FakeOllama::EmbedScript script;
    script.rawBody = body;
    m_fake->enqueueEmbedScript(script);
    OllamaEmbedder embedder(*m_client, kModel);
    const auto answer = embedAndWait(embedder, {u"one"_s, u"two"_s});
    QVERIFY(answer && !answer->has_value());
    QCOMPARE(answer->error().code, ErrorCode::LlmMalformed);
    QVERIFY2(answer->error().message.contains(reason), qPrintable(answer->error().message));
    QCOMPARE(embedder.dimension(), 0); // nothing is learned from a bad answer
}

void tst_OllamaEmbedder::timeoutIsTyped()
{
    Llm::ClientConfig config = configFor(m_fake->url());
    config.requestTimeoutMs = 200;
    Llm::OllamaClient client(config);
    FakeOllama::EmbedScript script;
    script.hang = true;
    m_fake->enqueueEmbedScript(script);
    OllamaEmbedder embedder(client, kModel);
    const auto answer = embedAndWait(embedder, {u"hello"_s});
    QVERIFY(answer && !answer->has_value());
    QCOMPARE(answer->error().code, ErrorCode::Timeout);
    QVERIFY2(answer->error().message.contains(u"200 ms"_s), qPrintable(answer->error().message));
}

void tst_OllamaEmbedder::dimensionChangeIsRefused()
{
    OllamaEmbedder embedder(*m_client, kModel);
    QVERIFY(embedAndWait(embedder, {u"first"_s})->has_value());
    QCOMPARE(embedder.dimension(), 768);

    FakeOllama::EmbedScript script;
    script.dimension = 512;
    m_fake->enqueueEmbedScript(script);
    const auto answer = embedAndWait(embedder, {u"second"_s});
    QVERIFY(answer && !answer->has_value());
    QCOMPARE(answer->error().code, ErrorCode::LlmMalformed);
    QVERIFY2(answer->error().message.contains(u"512"_s), qPrintable(answer->error().message));
    QCOMPARE(embedder.dimension(), 768);
}

void tst_OllamaEmbedder::deadContextGetsNoAnswer()
{
    OllamaEmbedder embedder(*m_client, kModel);
    auto context = std::make_unique<QObject>();
    bool called = false;
    embedder.embed({u"gone"_s}, context.get(), [&called](Result<QList<Vector>>) { called = true; });
    context.reset();
    // A later call is answered after the first request was served, so the first had its chance.
    const auto later = embedAndWait(embedder, {u"here"_s});
    QVERIFY(later && later->has_value());
    QCOMPARE(m_fake->embedRequests().size(), 1);
    QVERIFY(!called);
}

QTEST_GUILESS_MAIN(tst_OllamaEmbedder)
#include "tst_ollamaembedder.moc"
