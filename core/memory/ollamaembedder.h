// SPDX-License-Identifier: MIT
#pragma once

#include "embedder.h"

#include <QPointer>

#include <memory>

namespace Studio::Llm {
class OllamaClient;
}

namespace Studio::Memory {

/** @brief Embeds through Ollama's /api/embed with a configured model (nomic-embed-text by
 *  default in the settings). Texts go in batches of at most kMaxBatch per request, one request
 *  after the other, so a large re-embedding neither hits the request timeout nor floods Ollama.
 *
 *  The dimension is learned from the first answer; a later answer of another length (the model
 *  was replaced under the same name) is LlmMalformed, because its vectors cannot share an
 *  index with the earlier ones. Every vector is normalised again here.
 *
 *  A blank text (empty or whitespace) is not sent: it gets the zero vector of the dimension
 *  (an empty vector while the dimension is unknown), as with HashingEmbedder.
 *
 *  Thread: the client's (the engine's). The client must outlive the embedder; done is not
 *  called once the client is gone. */
class OllamaEmbedder final : public Embedder
{
public:
    static constexpr int kMaxBatch = 32;

    OllamaEmbedder(Llm::OllamaClient &client, QString model);
    ~OllamaEmbedder() override;

    /** "ollama:<model>", with a ":latest" tag left out: Ollama treats both names as one model. */
    QString id() const override;
    int dimension() const override;
    QString model() const { return m_model; }

    void embed(const QStringList &texts, QObject *context, std::function<void(Result<QList<Vector>>)> done) override;

private:
    struct Shared;
    struct Job;
    static void runNextBatch(const std::shared_ptr<Job> &job);

    QPointer<Llm::OllamaClient> m_client;
    QString m_model;
    std::shared_ptr<Shared> m_shared; // outlives the embedder while requests are in flight
};

} // namespace Studio::Memory
