// One nanokvm-mcp --http server shared by several clients of the official TypeScript SDK (Streamable HTTP
// transport): API keys, 401s, Origin refusal, a rate limit shared by two clients, input leases with expiry, and
// approvals by form elicitation. Results are validated against the tools' output schemas by Client.callTool.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { serverDll } from './lib/server.mjs';

const env = { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' };
const dir = mkdtempSync(path.join(tmpdir(), 'nanokvm-http-'));
const keysFile = path.join(dir, 'keys.json');
const policyFile = path.join(dir, 'policy.json');
const aliceKey = 'nkm_alice_' + Math.random().toString(36).slice(2);

/** Adds a key with the server's own command and returns it (printed once on stdout). */
function addKey(name) {
  const run = spawnSync('dotnet', [serverDll, '--http-add-key', name, '--http-keys', keysFile], { env, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.trim();
}

/** Starts the server on a free loopback port and resolves with its /mcp URL. */
function startHttpServer() {
  const child = spawn('dotnet', [
    serverDll, '--emulator', '--http', '127.0.0.1:0', '--http-keys', keysFile, '--policy', policyFile,
    '--lease-idle', '2', '--http-allow-origin', 'http://localhost:6274',
  ], { env: { ...env, NANOKVM_MCP_API_KEY: aliceKey }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', chunk => {
      stderr += chunk.toString();
      const match = /serving MCP at (\S+)/.exec(stderr);
      if (match) {
        resolve({ child, url: new URL(match[1]), stderr: () => stderr });
      }
    });
    child.on('exit', code => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
}

async function connect(url, key, { answer } = {}) {
  const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${key}` } } });
  const client = new Client({ name: 'nanokvm-http-test', version: '1.0.0' }, { capabilities: answer ? { elicitation: { form: {} } } : {} });
  const asked = [];
  if (answer) {
    client.setRequestHandler(ElicitRequestSchema, async request => {
      asked.push(request.params.message);
      return answer;
    });
  }

  await client.connect(transport);
  await client.listTools();
  return { client, asked };
}

const text = result => (result.content ?? []).filter(c => c.type === 'text').map(c => c.text).join('\n');

describe('nanokvm-mcp --http with the TypeScript SDK client', () => {
  let server;
  let bobKey;
  const clients = [];
  const open = async (...args) => {
    const c = await connect(...args);
    clients.push(c.client);
    return c;
  };

  before(async () => {
    writeFileSync(policyFile, JSON.stringify({
      version: '1',
      default: 'allow',
      tools: {
        nanokvm_hardware: { action: 'allow', limits: [{ counter: 'hardware', window: 'minute', max: 1, scope: 'global' }] },
        nanokvm_power: { action: 'approve', reason: 'the target may lose unsaved work' },
      },
    }));
    bobKey = addKey('bob');
    server = await startHttpServer();
  });

  after(async () => {
    for (const client of clients) {
      await client.close().catch(() => {});
    }

    server?.child.kill();
  });

  it('an authenticated client calls tools, and the key name is its identity', async () => {
    const { client } = await open(server.url, aliceKey);
    const result = await client.callTool({ name: 'nanokvm_info', arguments: {} });
    assert.notEqual(result.isError, true, text(result));
    assert.equal(result.structuredContent.device, 'emulator');
    const lease = await client.callTool({ name: 'nanokvm_lease', arguments: {} });
    assert.equal(lease.structuredContent.you_hold, false);
  });

  it('no key or a wrong key gets 401 and the client cannot connect', async () => {
    for (const headers of [{}, { Authorization: 'Bearer nkm_wrong' }]) {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'nanokvm_power', arguments: { action: 'power' } } }),
      });
      assert.equal(response.status, 401);
      assert.equal((await response.json()).error.code, -32001);
    }

    await assert.rejects(connect(server.url, 'nkm_wrong'), /API key is not valid/);
  });

  it('a browser Origin not on the allow-list gets 403', async () => {
    const post = origin => fetch(server.url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${aliceKey}`, Origin: origin, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'o', version: '1' } } }),
    });
    assert.equal((await post('http://evil.example')).status, 403);
    assert.equal((await post('http://localhost:6274')).status, 200);
  });

  it('a global rate limit is shared by two clients with different keys', async () => {
    const { client: alice } = await open(server.url, aliceKey);
    const { client: bob } = await open(server.url, bobKey);
    const first = await alice.callTool({ name: 'nanokvm_hardware', arguments: {} });
    const second = await bob.callTool({ name: 'nanokvm_hardware', arguments: {} });
    assert.notEqual(first.isError, true, text(first));
    assert.equal(second.isError, true);
    assert.match(text(second), /Rate limited/);
  });

  it('one client drives the input at a time, and the lease expires when idle', async () => {
    const { client: alice } = await open(server.url, aliceKey);
    const { client: bob } = await open(server.url, bobKey);
    const typed = await alice.callTool({ name: 'nanokvm_send_key', arguments: { key: 'a' } });
    assert.notEqual(typed.isError, true, text(typed));

    const refused = await bob.callTool({ name: 'nanokvm_send_key', arguments: { key: 'b' } });
    assert.equal(refused.isError, true);
    assert.match(text(refused), /being driven by 'default'/);
    const reads = await bob.callTool({ name: 'nanokvm_keyboard_leds', arguments: {} });
    assert.notEqual(reads.isError, true, text(reads));

    await new Promise(resolve => setTimeout(resolve, 3000));
    const status = await bob.callTool({ name: 'nanokvm_lease', arguments: {} });
    assert.equal(status.structuredContent.holder, null);
    const now = await bob.callTool({ name: 'nanokvm_send_key', arguments: { key: 'b' } });
    assert.notEqual(now.isError, true, text(now));
    await bob.callTool({ name: 'nanokvm_lease', arguments: { action: 'release' } });
  });

  it('an approval is asked by form elicitation, and only a yes runs the tool', async () => {
    const { client: yes, asked } = await open(server.url, bobKey, { answer: { action: 'accept', content: { decision: 'yes' } } });
    const pressed = await yes.callTool({ name: 'nanokvm_power', arguments: { action: 'power' } });
    assert.notEqual(pressed.isError, true, text(pressed));
    assert.equal(asked.length, 1);
    assert.match(asked[0], /unsaved work/);
    await yes.callTool({ name: 'nanokvm_lease', arguments: { action: 'release' } });

    const { client: no } = await open(server.url, aliceKey, { answer: { action: 'decline' } });
    const refused = await no.callTool({ name: 'nanokvm_power', arguments: { action: 'power' } });
    assert.equal(refused.isError, true);
    assert.match(text(refused), /Not approved/);

    const { client: unable } = await open(server.url, aliceKey);
    const cannot = await unable.callTool({ name: 'nanokvm_power', arguments: { action: 'power' } });
    assert.equal(cannot.isError, true);
    assert.match(text(cannot), /elicitation/);
  });
});
