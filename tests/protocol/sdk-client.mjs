// SPDX-License-Identifier: MIT
// An outside client for Persona Studio's MCP endpoint, built on the official MCP TypeScript SDK.
// Lists and calls every tool (chat with progress and with cancellation), reads every resource,
// gets every prompt, completes, subscribes. Prints one line per check; exits 1 on any failure.
//
//   node sdk-client.mjs --transport http|ws|stdio --url <url> | --command <json array>
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { WebSocketClientTransport } from '@modelcontextprotocol/sdk/client/websocket.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { WebSocket } from 'ws';

// Node 20 has no global WebSocket; the SDK's transport expects one.
globalThis.WebSocket ??= WebSocket;

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, value, index, all) => (index % 2 === 0 ? [...pairs, [value.replace(/^--/, ''), all[index + 1]]] : pairs), []));

const expectedTools = ['list_personas', 'get_persona', 'create_persona', 'update_persona', 'delete_persona',
  'switch_persona', 'chat', 'get_conversation', 'reset_conversation', 'list_sessions', 'get_session',
  'system_status', 'list_models', 'search_memory', 'store_memory', 'delete_memory', 'memory_stats', 'prune_memories'];

let failures = 0;
function check(name, condition, detail = '') {
  console.log(`${condition ? 'ok  ' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}`);
  if (!condition) failures++;
}

function makeTransport() {
  switch (args.transport) {
    case 'http': return new StreamableHTTPClientTransport(new URL(args.url));
    case 'ws': return new WebSocketClientTransport(new URL(args.url));
    case 'stdio': {
      const [command, ...rest] = JSON.parse(args.command);
      return new StdioClientTransport({ command, args: rest, stderr: 'inherit', env: { ...process.env } });
    }
    default: throw new Error(`unknown transport ${args.transport}`);
  }
}

const client = new Client({ name: 'sdk-check', version: '1.0.0' });
const updated = [];
client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => updated.push(notification.params.uri));

async function callTool(name, toolArgs = {}, options = {}) {
  // callTool validates structuredContent against the tool's outputSchema.
  const result = await client.callTool({ name, arguments: toolArgs }, undefined, options);
  check(`tools/call ${name}`, !result.isError && result.content?.[0]?.type === 'text',
    result.isError ? result.content?.[0]?.text : '');
  return result;
}

try {
  await client.connect(makeTransport());
  const info = client.getServerVersion();
  check('initialize: server name', info?.name === 'persona-studio', JSON.stringify(info));
  check('initialize: capabilities', !!client.getServerCapabilities()?.tools && !!client.getServerCapabilities()?.resources);
  check('initialize: instructions', (client.getInstructions() ?? '').includes('list_personas'));
  await client.ping();
  check('ping', true);

  const { tools } = await client.listTools();
  check('tools/list names', JSON.stringify(tools.map((tool) => tool.name)) === JSON.stringify(expectedTools),
    tools.map((tool) => tool.name).join(','));
  check('tools/list schemas', tools.every((tool) => tool.inputSchema?.additionalProperties === false && tool.outputSchema && tool.annotations));

  const personas = await callTool('list_personas');
  check('list_personas has Aria and Kira', personas.structuredContent?.personas?.map((p) => p.id).join() === 'aria,kira');
  await callTool('get_persona', { persona: 'KIRA' });
  await callTool('create_persona', { name: 'Sdk Tester', traits: ['thorough'] });
  await callTool('update_persona', { persona: 'sdk-tester', greeting: 'Testing, testing.' });
  await callTool('switch_persona', { persona: 'kira' });

  // chat with progress: the reply streams as notifications/progress before the result.
  const progress = [];
  const chat = await callTool('chat', { message: 'Hello from the SDK' }, { onprogress: (p) => progress.push(p) });
  check('chat reply', chat.structuredContent?.reply?.includes('Hello from the SDK'), chat.structuredContent?.reply);
  check('chat progress notifications', progress.length >= 2 && progress.every((p, i) => i === 0 || p.progress > progress[i - 1].progress),
    `${progress.length} notifications`);
  check('chat progress text', progress.map((p) => p.message ?? '').join('') === chat.structuredContent?.reply);

  // chat with cancellation: the SDK sends notifications/cancelled; the partial reply is kept, cut off.
  const controller = new AbortController();
  let cancelled = false;
  try {
    await client.callTool({ name: 'chat', arguments: { message: 'Tell me a long story' } }, undefined, {
      signal: controller.signal,
      onprogress: () => controller.abort('enough'),
    });
  } catch (error) {
    cancelled = true;
  }
  check('chat cancellation rejects the call', cancelled);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const conversation = await callTool('get_conversation', {});
  const last = conversation.structuredContent?.messages?.at(-1);
  check('cancelled reply kept and cut off', last?.role === 'assistant' && last?.cut_off === true, JSON.stringify(last));

  await callTool('list_sessions', { open_only: true });
  await callTool('get_session');
  await callTool('system_status');
  await callTool('list_models');

  // Long-term memory: store, recall with the score breakdown, statistics, a dry-run prune, forget.
  const stored = await callTool('store_memory', { persona: 'aria', content: 'The user checks Persona Studio with the SDK.', importance: 0.6 });
  const memoryId = stored.structuredContent?.memory?.id;
  check('store_memory gives the id', Number.isInteger(memoryId), JSON.stringify(stored.structuredContent));
  const recalled = await callTool('search_memory', { query: 'Who checks Persona Studio?', persona: 'aria', k: 3 });
  check('search_memory hit with its score', recalled.structuredContent?.hits?.[0]?.id === memoryId
    && recalled.structuredContent.hits[0].score.total > 0, JSON.stringify(recalled.structuredContent?.hits?.[0]));
  await callTool('memory_stats', {});
  await callTool('prune_memories', { dry_run: true });
  await callTool('delete_memory', { id: memoryId });

  await callTool('reset_conversation', { persona: 'kira' });
  await callTool('delete_persona', { persona: 'sdk-tester' });
  const refused = await client.callTool({ name: 'delete_persona', arguments: { persona: 'aria' } });
  check('domain failure is isError', refused.isError === true && refused.content[0].text.includes('reset'));
  let schemaError = '';
  try { await client.callTool({ name: 'chat', arguments: { message: 5 } }); } catch (error) { schemaError = String(error); }
  check('schema failure is a JSON-RPC error', schemaError.includes('-32602'), schemaError);

  // Resources: list, read each, templates, subscribe.
  await callTool('chat', { message: 'Something to read back', persona: 'aria' });
  const { resources } = await client.listResources();
  check('resources/list', resources.some((r) => r.uri === 'persona://aria') && resources.some((r) => r.uri.startsWith('conversation://')),
    resources.map((r) => r.uri).join(','));
  for (const resource of resources) {
    const read = await client.readResource({ uri: resource.uri });
    check(`resources/read ${resource.uri}`, read.contents?.[0]?.text?.length > 0 && read.contents[0].mimeType === resource.mimeType);
  }
  const { resourceTemplates } = await client.listResourceTemplates();
  check('resources/templates/list', resourceTemplates.length === 3);
  const conversationUri = resources.find((r) => r.uri.startsWith('conversation://') && r.uri.endsWith('/aria')).uri;
  await client.subscribeResource({ uri: conversationUri });
  await callTool('chat', { message: 'Notify me', persona: 'aria' });
  await new Promise((resolve) => setTimeout(resolve, 200));
  check('resources/subscribe updates', updated.filter((uri) => uri === conversationUri).length >= 2, `${updated.length} updates`);
  await client.unsubscribeResource({ uri: conversationUri });

  // Prompts: list and get each.
  const { prompts } = await client.listPrompts();
  check('prompts/list', prompts.map((p) => p.name).join() === 'roleplay,summarize_conversation');
  for (const prompt of prompts) {
    const got = await client.getPrompt({ name: prompt.name, arguments: { persona: 'aria' } });
    check(`prompts/get ${prompt.name}`, got.messages?.length >= 1 && got.messages[0].content.type === 'text');
  }

  const completion = await client.complete({ ref: { type: 'ref/prompt', name: 'roleplay' }, argument: { name: 'persona', value: 'ar' } });
  check('completion/complete', completion.completion.values.includes('aria'), JSON.stringify(completion.completion.values));
  await client.setLoggingLevel('warning');
  check('logging/setLevel', true);
} catch (error) {
  check('no exception', false, error?.stack ?? String(error));
} finally {
  await client.close().catch(() => {});
}
console.log(`${failures === 0 ? 'PASS' : 'FAIL'}: ${failures} failures`);
process.exit(failures === 0 ? 0 : 1);
