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
    };
    return steps;
}

int latestSchemaVersion()
{
    return migrations().constLast().version;
}

} // namespace Studio::Store
