// SPDX-License-Identifier: MIT
#include "migrations.h"

using namespace Qt::StringLiterals;

namespace Studio::Store {

// Never edit a released step: add a new one. Each step runs in one transaction.
const QList<Migration> &migrations()
{
    static const QList<Migration> steps = {
        {1,
         {
             uR"(CREATE TABLE personas (
                   id TEXT PRIMARY KEY,
                   name TEXT NOT NULL,
                   name_key TEXT NOT NULL UNIQUE,
                   definition TEXT NOT NULL,
                   created_ms INTEGER NOT NULL,
                   updated_ms INTEGER NOT NULL))"_s,
             uR"(CREATE TABLE sessions (
                   id TEXT PRIMARY KEY,
                   kind TEXT NOT NULL,
                   transport TEXT NOT NULL DEFAULT '',
                   client_name TEXT NOT NULL DEFAULT '',
                   client_version TEXT NOT NULL DEFAULT '',
                   created_ms INTEGER NOT NULL,
                   last_active_ms INTEGER NOT NULL,
                   active_persona_id TEXT NOT NULL DEFAULT '',
                   closed_ms INTEGER))"_s,
             u"CREATE INDEX sessions_by_activity ON sessions(closed_ms, last_active_ms)"_s,
             // persona_id is no foreign key: built-in personas live in resources, not in a row.
             uR"(CREATE TABLE conversations (
                   id INTEGER PRIMARY KEY,
                   session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                   persona_id TEXT NOT NULL,
                   summary TEXT NOT NULL DEFAULT '',
                   summarized_through INTEGER NOT NULL DEFAULT 0,
                   created_ms INTEGER NOT NULL,
                   updated_ms INTEGER NOT NULL,
                   archived_ms INTEGER))"_s,
             uR"(CREATE UNIQUE INDEX conversations_live
                   ON conversations(session_id, persona_id) WHERE archived_ms IS NULL)"_s,
             uR"(CREATE TABLE messages (
                   id INTEGER PRIMARY KEY,
                   conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
                   role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
                   content TEXT NOT NULL,
                   created_ms INTEGER NOT NULL,
                   prompt_tokens INTEGER NOT NULL DEFAULT 0,
                   completion_tokens INTEGER NOT NULL DEFAULT 0,
                   model TEXT NOT NULL DEFAULT '',
                   total_ms INTEGER NOT NULL DEFAULT 0,
                   cut_off INTEGER NOT NULL DEFAULT 0))"_s,
             u"CREATE INDEX messages_by_conversation ON messages(conversation_id, id)"_s,
         }},
        // 2: every model request is kept exactly as sent (the session inspector shows it),
        // and replies record why the model stopped and how long the first token took.
        {2,
         {
             u"ALTER TABLE messages ADD COLUMN done_reason TEXT NOT NULL DEFAULT ''"_s,
             u"ALTER TABLE messages ADD COLUMN first_token_ms INTEGER NOT NULL DEFAULT -1"_s,
             uR"(CREATE TABLE model_calls (
                   id INTEGER PRIMARY KEY,
                   conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
                   message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
                   purpose TEXT NOT NULL,
                   model TEXT NOT NULL,
                   digest TEXT NOT NULL DEFAULT '',
                   request TEXT NOT NULL,
                   started_ms INTEGER NOT NULL,
                   first_token_ms INTEGER NOT NULL DEFAULT -1,
                   duration_ms INTEGER NOT NULL DEFAULT 0,
                   prompt_tokens INTEGER NOT NULL DEFAULT 0,
                   completion_tokens INTEGER NOT NULL DEFAULT 0,
                   done_reason TEXT NOT NULL DEFAULT '',
                   error TEXT NOT NULL DEFAULT ''))"_s,
             u"CREATE INDEX model_calls_by_conversation ON model_calls(conversation_id, id)"_s,
         }},
        // 3: long-term memory. The vector (float32 little-endian) is kept with each memory, so the
        // index files next to the database can always be rebuilt from here. persona_id is no
        // foreign key, as in conversations. memory_recalls keeps why each memory went into a
        // model call; it outlives a deleted memory (the inspector says it is gone).
        {3,
         {
             uR"(CREATE TABLE memories (
                   id INTEGER PRIMARY KEY,
                   persona_id TEXT NOT NULL,
                   content TEXT NOT NULL,
                   kind TEXT NOT NULL DEFAULT 'note',
                   importance REAL NOT NULL CHECK (importance >= 0 AND importance <= 1),
                   valence REAL NOT NULL DEFAULT 0 CHECK (valence >= -1 AND valence <= 1),
                   visibility TEXT NOT NULL DEFAULT 'private' CHECK (visibility IN ('private', 'shared')),
                   created_ms INTEGER NOT NULL,
                   updated_ms INTEGER NOT NULL,
                   last_accessed_ms INTEGER NOT NULL,
                   access_count INTEGER NOT NULL DEFAULT 0,
                   decayed_ms INTEGER NOT NULL,
                   embedder TEXT NOT NULL,
                   dimension INTEGER NOT NULL,
                   vector BLOB NOT NULL,
                   source_session_id TEXT NOT NULL DEFAULT '',
                   source_message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL))"_s,
             u"CREATE INDEX memories_by_persona ON memories(persona_id, created_ms)"_s,
             u"CREATE INDEX memories_by_embedder ON memories(persona_id, embedder, id)"_s,
             u"CREATE INDEX memories_by_importance ON memories(persona_id, importance)"_s,
             u"CREATE INDEX memories_by_source ON memories(source_message_id)"_s,
             uR"(CREATE TABLE memory_recalls (
                   id INTEGER PRIMARY KEY,
                   model_call_id INTEGER NOT NULL REFERENCES model_calls(id) ON DELETE CASCADE,
                   memory_id INTEGER NOT NULL,
                   rank INTEGER NOT NULL,
                   relevance REAL NOT NULL,
                   relevance_raw REAL NOT NULL,
                   recency REAL NOT NULL,
                   importance REAL NOT NULL,
                   score REAL NOT NULL))"_s,
             u"CREATE INDEX memory_recalls_by_call ON memory_recalls(model_call_id, rank)"_s,
             u"CREATE INDEX memory_recalls_by_memory ON memory_recalls(memory_id)"_s,
         }},
    };
    return steps;
}

int latestSchemaVersion()
{
    return migrations().constLast().version;
}

} // namespace Studio::Store
