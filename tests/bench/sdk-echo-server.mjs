// SPDX-License-Identifier: MIT
// A benchmark peer for bench_mcpload --url: the official MCP TypeScript SDK's Streamable HTTP
// server (the npm packages pinned in tests/protocol) on 127.0.0.1, one session per client as the
// SDK's own examples do it, and one tool `echo` that answers a small fixed JSON text (plus the
// `message` argument, if any). Not a test; nothing else uses it.
//
//   node tests/bench/sdk-echo-server.mjs <port> [--json]
//     <port>  the port on 127.0.0.1 (0: any free one); "listening http://127.0.0.1:<port>/mcp"
//             is printed once it listens
//     --json  answer POSTs with application/json instead of text/event-stream (the SDK's default)
//
//   bench_mcpload --url http://127.0.0.1:<port>/mcp --tool echo
//
// Stops on SIGINT or SIGTERM.
import http from 'node:http';
import { randomUUID } from 'node:crypto';

// The SDK lives in tests/protocol/node_modules (tests/protocol/package.json, `npm ci` there).
const sdk = (path) => new URL(`../protocol/node_modules/@modelcontextprotocol/sdk/dist/esm/${path}`, import.meta.url);
const { Server } = await import(sdk('server/index.js'));
const { StreamableHTTPServerTransport } = await import(sdk('server/streamableHttp.js'));
const { CallToolRequestSchema, ListToolsRequestSchema, isInitializeRequest } = await import(sdk('types.js'));

const port = Number(process.argv[2] ?? 0);
const jsonResponses = process.argv.includes('--json');
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('usage: node sdk-echo-server.mjs <port> [--json]');
  process.exit(2);
}

const fixed = { ok: true, server: 'mcp-typescript-sdk', personas: [{ id: 'aria', name: 'Aria' }, { id: 'kira', name: 'Kira' }] };

function makeServer() {
  const server = new Server({ name: 'sdk-echo-server', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [{
      name: 'echo',
      description: 'Answers a small fixed JSON text (and the message, if given).',
      inputSchema: { type: 'object', properties: { message: { type: 'string' } } },
    }],
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    if (request.params.name !== 'echo')
      return { isError: true, content: [{ type: 'text', text: `unknown tool ${request.params.name}` }] };
    const message = request.params.arguments?.message;
    const text = JSON.stringify(message === undefined ? fixed : { ...fixed, echo: String(message) });
    return { content: [{ type: 'text', text }] };
  });
  return server;
}

const transports = new Map(); // Mcp-Session-Id -> transport

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req)
    chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

function fail(res, status, message) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32000, message } }));
}

const httpServer = http.createServer(async (req, res) => {
  try {
    if (new URL(req.url, 'http://127.0.0.1').pathname !== '/mcp')
      return fail(res, 404, 'not found');
    const sessionId = req.headers['mcp-session-id'];
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    let transport = sessionId ? transports.get(sessionId) : undefined;
    if (!transport) {
      if (sessionId || req.method !== 'POST' || !isInitializeRequest(body))
        return fail(res, sessionId ? 404 : 400, sessionId ? 'unknown session' : 'initialize first');
      transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        enableJsonResponse: jsonResponses,
        onsessioninitialized: (id) => transports.set(id, transport),
      });
      transport.onclose = () => {
        if (transport.sessionId)
          transports.delete(transport.sessionId);
      };
      await makeServer().connect(transport);
    }
    await transport.handleRequest(req, res, body);
  } catch (error) {
    if (!res.headersSent)
      fail(res, 400, String(error?.message ?? error));
  }
});
httpServer.keepAliveTimeout = 60_000;

function stop() {
  for (const transport of transports.values())
    transport.close().catch(() => {});
  httpServer.close();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

httpServer.listen(port, '127.0.0.1', () => {
  console.log(`listening http://127.0.0.1:${httpServer.address().port}/mcp${jsonResponses ? ' (application/json responses)' : ''}`);
});
