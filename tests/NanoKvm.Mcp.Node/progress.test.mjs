// Long actions report progress to a host that asks for it: characters done of the total (typing, paste, batch
// type steps) and percent (downloads), strictly increasing and often enough to keep a short request timeout from
// firing when the host resets it on progress (resetTimeoutOnProgress, as MCP hosts do for long tool calls).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { startServer } from './lib/server.mjs';

// Shorter than each call below takes, longer than ProgressNotifier's 250 ms interval by a wide margin.
const shortTimeout = 3000;

function text(length) {
  const sample = 'Progress keeps the call alive. ';
  return sample.repeat(Math.ceil(length / sample.length)).slice(0, length);
}

async function callWithProgress(client, name, args) {
  const values = [];
  const result = await client.callTool({ name, arguments: args }, undefined, {
    onprogress: p => values.push(p),
    resetTimeoutOnProgress: true,
    timeout: shortTimeout,
  });
  return { result, values };
}

function assertStrictlyIncreasing(values) {
  for (let i = 1; i < values.length; i++) {
    assert.ok(values[i].progress > values[i - 1].progress, `progress went ${values[i - 1].progress} -> ${values[i].progress}`);
  }
}

// The server sends its last notification (progress = total) just before the result, but this client handles
// notifications a microtask late and drops one that arrives in the same read as the result (its handler is gone
// by then). So the last value seen may be short of the total; it never exceeds it.
function assertCountsUpTo(values, total) {
  assertStrictlyIncreasing(values);
  assert.ok(values.every(v => v.total === total), `every total is ${total}: ${JSON.stringify(values.map(v => v.total))}`);
  assert.ok(values.every(v => v.progress > 0 && v.progress <= total));
}

describe('progress', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.close();
  });

  it('nanokvm_type_text (safe) outlives a short timeout thanks to progress, counting characters up to the total', async () => {
    const { result, values } = await callWithProgress(server.client, 'nanokvm_type_text', { text: text(240) });

    assert.notEqual(result.isError, true);
    const typed = result.structuredContent.typed;
    assert.equal(typed, 240);
    assert.ok(result.structuredContent.elapsed_ms > shortTimeout, `typing took ${result.structuredContent.elapsed_ms} ms`);
    assert.ok(values.length >= 4, `${values.length} notifications`);
    assertCountsUpTo(values, typed);
  });

  it('without progress the same short timeout fires (so the test above proves the notifications kept it alive)', async () => {
    await assert.rejects(
      server.client.callTool({ name: 'nanokvm_type_text', arguments: { text: text(240) } }, undefined, { timeout: shortTimeout }),
      e => e instanceof McpError && e.code === ErrorCode.RequestTimeout);
    // The server cancels the typing when the client gives up; it still answers.
    const info = await server.client.callTool({ name: 'nanokvm_info', arguments: {} });
    assert.notEqual(info.isError, true);
  });

  it('nanokvm_send_text through the device paste reports progress at least every request', async () => {
    const { result, values } = await callWithProgress(server.client, 'nanokvm_send_text', { text: text(200) });

    assert.notEqual(result.isError, true);
    assert.equal(result.structuredContent.method, 'paste');
    assert.equal(result.structuredContent.typed, 200);
    assertCountsUpTo(values, 200);
    assert.ok(values.length >= 4, `${values.length} notifications`);
  });

  it('nanokvm_batch reports the characters of its type steps', async () => {
    const { result, values } = await callWithProgress(server.client, 'nanokvm_batch', {
      actions: [
        { action: 'type', text: text(60) },
        { action: 'key', key: 'Enter' },
        { action: 'type', text: text(60), speed: 'fast' },
      ],
    });

    assert.notEqual(result.isError, true);
    assert.equal(result.structuredContent.completed, 3);
    assert.ok(values.length >= 1, `${values.length} notifications`);
    assertCountsUpTo(values, 120);
  });

  it('nanokvm_download_image progress never goes backwards (and never drops to 0)', async () => {
    const { result, values } = await callWithProgress(server.client, 'nanokvm_download_image', { url: 'http://example.invalid/progress.iso' });

    assert.notEqual(result.isError, true);
    assert.equal(result.structuredContent.state, 'succeeded');
    assert.ok(values.length >= 2, `${values.length} notifications`);
    assertCountsUpTo(values, 100);
  });
});
