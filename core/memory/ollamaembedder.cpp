// SPDX-License-Identifier: MIT
#include "ollamaembedder.h"

#include "memorylog.h"

#include <llm/ollamaclient.h>

#include <QTimer>

using namespace Qt::StringLiterals;

namespace Studio::Memory {

/** What replies still in flight need after the embedder may be gone. */
struct OllamaEmbedder::Shared
{
    int dimension = 0;
};

/** One embed() call, walked through its batches. */
struct OllamaEmbedder::Job
{
    QPointer<Llm::OllamaClient> client;
    QString model;
    std::shared_ptr<Shared> shared;
    QPointer<QObject> context;
    bool hasContext = false;
    std::function<void(Result<QList<Vector>>)> done;

    QStringList texts;           // all of them, blank ones included
    QList<qsizetype> toSend;     // indexes of the non-blank texts
    qsizetype sent = 0;          // how many of toSend have been answered
    QList<Vector> vectors;       // one slot per text, filled as batches come back

    bool contextAlive() const { return !hasContext || context; }

    void finish(Result<QList<Vector>> result)
    {
        if (contextAlive() && done)
            done(std::move(result));
        done = nullptr; // exactly once
    }
};

OllamaEmbedder::OllamaEmbedder(Llm::OllamaClient &client, QString model)
    : m_client(&client)
    , m_model(std::move(model).trimmed())
    , m_shared(std::make_shared<Shared>())
{
}

OllamaEmbedder::~OllamaEmbedder() = default;

QString OllamaEmbedder::id() const
{
    QString name = m_model;
    if (name.endsWith(":latest"_L1))
        name.chop(7);
    return "ollama:"_L1 + name;
}

int OllamaEmbedder::dimension() const
{
    return m_shared->dimension;
}

void OllamaEmbedder::embed(const QStringList &texts, QObject *context, std::function<void(Result<QList<Vector>>)> done)
{
    auto job = std::make_shared<Job>();
    job->client = m_client;
    job->model = m_model;
    job->shared = m_shared;
    job->context = context;
    job->hasContext = context != nullptr;
    job->done = std::move(done);
    job->texts = texts;
    job->vectors.resize(texts.size());
    for (qsizetype i = 0; i < texts.size(); ++i) {
        if (!texts.at(i).trimmed().isEmpty())
            job->toSend.append(i);
    }
    // Always from the event loop, never from inside embed(), even when nothing needs sending.
    QObject *timerContext = m_client ? static_cast<QObject *>(m_client.data()) : context;
    if (timerContext)
        QTimer::singleShot(0, timerContext, [job] { runNextBatch(job); });
    else
        QTimer::singleShot(0, [job] { runNextBatch(job); });
}

void OllamaEmbedder::runNextBatch(const std::shared_ptr<Job> &job)
{
    if (!job->contextAlive())
        return;
    if (job->sent == job->toSend.size()) {
        // Blank texts get the zero vector of the (now perhaps known) dimension.
        const int dimension = job->shared->dimension;
        for (qsizetype i = 0; i < job->texts.size(); ++i) {
            if (job->vectors.at(i).isEmpty())
                job->vectors[i] = Vector(dimension, 0.0f);
        }
        job->finish(std::move(job->vectors));
        return;
    }
    if (!job->client) {
        job->finish(fail(ErrorCode::Internal, u"The Ollama client was shut down during an embedding request."_s));
        return;
    }

    const qsizetype first = job->sent;
    const qsizetype count = std::min<qsizetype>(kMaxBatch, job->toSend.size() - first);
    QStringList batch;
    batch.reserve(count);
    for (qsizetype i = first; i < first + count; ++i)
        batch.append(job->texts.at(job->toSend.at(i)));

    // The client's context is the caller's: a caller that goes away drops the reply unseen.
    job->client->embed(job->model, batch, job->hasContext ? job->context.data() : nullptr,
                       [job, first, count](Result<QList<QList<float>>> result) {
                           if (!result) {
                               job->finish(fail(result.error()));
                               return;
                           }
                           // Check the whole batch before the dimension is learned from it.
                           const int known = job->shared->dimension;
                           const int dimension = known > 0 ? known : int(result->first().size());
                           for (qsizetype i = 0; i < count; ++i) {
                               Vector &vector = (*result)[i];
                               if (vector.size() != dimension) {
                                   job->finish(fail(ErrorCode::LlmMalformed,
                                                    u"The embedding model '%1' now gives %2-dimensional vectors, "
                                                    "earlier %3; was it replaced under the same name?"_s.arg(
                                                        job->model, QString::number(vector.size()),
                                                        QString::number(dimension))));
                                   return;
                               }
                               if (!normalizeVector(vector)) {
                                   job->finish(fail(ErrorCode::LlmMalformed,
                                                    u"The embedding model '%1' gave a zero or non-finite vector."_s.arg(
                                                        job->model)));
                                   return;
                               }
                           }
                           if (known == 0) {
                               job->shared->dimension = dimension;
                               qCInfo(lcMemory).noquote() << "embedding model" << job->model << "gives" << dimension
                                                          << "dimensions";
                           }
                           for (qsizetype i = 0; i < count; ++i)
                               job->vectors[job->toSend.at(first + i)] = std::move((*result)[i]);
                           job->sent = first + count;
                           runNextBatch(job);
                       });
}

} // namespace Studio::Memory
