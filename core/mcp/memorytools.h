// SPDX-License-Identifier: MIT
#pragma once

#include "mcpserver.h"

#include <memory/memorytypes.h>

#include <QJsonObject>

namespace Studio::Mcp {

/** The memory tools (spec/mcp.md "Tools"): search_memory, store_memory, delete_memory,
 *  memory_stats, prune_memories; thin adapters onto EngineClient's memory calls. */
QList<ToolDefinition> memoryTools(McpServer *server);

/** A memory as tools and resources show it (snake_case keys, ISO 8601 UTC times). */
QJsonObject memoryJson(const Memory::MemoryRecord &memory);
/** relevance, relevance_raw, recency, importance, total. */
QJsonObject scoreJson(const Memory::ScoreBreakdown &score);
/** A recall hit: the memory's fields plus rank and score. */
QJsonObject hitJson(const Memory::MemoryHit &hit);
/** The persona://{id}/memories document: persona_id, total and the memories, newest first. */
QJsonObject memoriesDocument(const QString &personaId, const Memory::MemoryPage &page);

} // namespace Studio::Mcp
