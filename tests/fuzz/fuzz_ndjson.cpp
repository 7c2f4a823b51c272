// SPDX-License-Identifier: MIT
// libFuzzer harness: Ollama's streamed /api/chat body (core/llm/ndjsonchatparser). The input is
// a whole response body; it is fed whole, in pieces derived from the input and byte by byte,
// then finished: all three must give the same chunks and the same error.
#include "fuzzsupport.h"

#include <llm/ndjsonchatparser.h>

using namespace Studio;
using namespace Studio::Llm;

namespace {

QByteArray describe(const ChatChunk &chunk)
{
    return "chunk model=" + chunk.model.toUtf8() + " done=" + QByteArray::number(chunk.done) + " reason="
        + chunk.doneReason.toUtf8() + " content=" + chunk.content.toUtf8() + " thinking=" + chunk.thinking.toUtf8()
        + " eval=" + QByteArray::number(chunk.metrics.evalCount) + " prompt=" + QByteArray::number(chunk.metrics.promptEvalCount);
}

QByteArrayList run(const QList<QByteArrayView> &pieces)
{
    NdjsonChatParser parser;
    QByteArrayList seen;
    bool failed = false;
    const auto take = [&](const Result<QList<ChatChunk>> &result) {
        if (!result) {
            seen.append("error " + errorCodeName(result.error().code).toUtf8() + ' '
                        + QByteArray::number(result.error().httpStatus) + ' ' + result.error().message.toUtf8());
            failed = true;
            return;
        }
        for (const ChatChunk &chunk : *result) {
            STUDIO_FUZZ_CHECK(!seen.contains("final"), "a chunk after the final one");
            seen.append(describe(chunk));
            if (chunk.done)
                seen.append("final");
        }
    };
    for (const QByteArrayView piece : pieces) {
        take(parser.feed(piece.toByteArray()));
        if (failed)
            return seen;
    }
    take(parser.finish());
    if (!failed)
        STUDIO_FUZZ_CHECK(parser.sawFinalChunk(), "finish() succeeded without a final chunk");
    // The failure sticks.
    if (failed)
        STUDIO_FUZZ_CHECK(!parser.feed("{\"done\":true}\n"), "a failed parser took more input");
    return seen;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    const QByteArrayList whole = run({input});
    const QByteArrayList pieces = run(StudioFuzz::randomPieces(input, 0x4e44));
    if (pieces != whole)
        StudioFuzz::invariantFailed("whole and split feeding differ",
                                    "whole:\n" + whole.join('\n').left(3000) + "\n==== split:\n" + pieces.join('\n').left(3000));
    if (size <= 512) {
        const QByteArrayList bytes = run(StudioFuzz::bytewisePieces(input));
        if (bytes != whole)
            StudioFuzz::invariantFailed("whole and bytewise feeding differ",
                                        "whole:\n" + whole.join('\n').left(3000) + "\n==== bytewise:\n" + bytes.join('\n').left(3000));
    }
    // Each line on its own, as parseLine() sees it.
    for (const QByteArray &line : StudioFuzz::lines(input)) {
        const Result<ChatChunk> chunk = NdjsonChatParser::parseLine(line.trimmed());
        if (!chunk)
            STUDIO_FUZZ_CHECK(!chunk.error().message.isEmpty(), line.left(400));
    }
    return 0;
}
