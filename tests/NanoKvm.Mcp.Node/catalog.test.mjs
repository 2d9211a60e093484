// tools/list as a host sees it, the situations covering every listed tool, and bad input answered as tool errors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { startServer } from './lib/server.mjs';
import { midFirmware, newestFirmware, oldFirmware } from './lib/situations.mjs';

/** Every object schema below `schema` (itself included), with its path. */
function* objectSchemas(schema, path = '') {
  if (schema && typeof schema === 'object') {
    if (schema.properties) {
      yield [path || '(root)', schema];
    }

    for (const [key, value] of Object.entries(schema)) {
      if (value && typeof value === 'object') {
        yield* objectSchemas(value, `${path}/${key}`);
      }
    }
  }
}

describe('tools/list', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.close();
  });

  it('every listed tool is called in at least one situation', () => {
    const covered = new Set([...newestFirmware, ...oldFirmware, ...midFirmware].map(s => s.tool));
    const missing = server.tools.map(t => t.name).filter(name => !covered.has(name));
    assert.deepEqual(missing, [], `tools without a situation: ${missing.join(', ')}`);
    assert.ok(server.tools.length >= 38, `${server.tools.length} tools listed`);
  });

  it('every tool has a name, a description, annotations and described object input schemas', () => {
    for (const tool of server.tools) {
      assert.match(tool.name, /^nanokvm_[a-z_]+$/);
      assert.ok(tool.description?.length > 20, `${tool.name} description`);
      assert.equal(tool.inputSchema.type, 'object', `${tool.name} inputSchema.type`);
      for (const [name, property] of Object.entries(tool.inputSchema.properties ?? {})) {
        assert.ok(property.description?.length > 10, `${tool.name}.${name} has a description`);
      }

      for (const name of tool.inputSchema.required ?? []) {
        assert.ok(Object.hasOwn(tool.inputSchema.properties, name), `${tool.name}: required input ${name} is declared`);
      }

      for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint']) {
        assert.equal(typeof tool.annotations?.[hint], 'boolean', `${tool.name} ${hint}`);
      }

      assert.ok(tool.annotations.title, `${tool.name} title`);
    }
  });

  it('nanokvm_reset_hid is marked destructive (it re-plugs the target\'s keyboard and mouse)', () => {
    const tool = server.tools.find(t => t.name === 'nanokvm_reset_hid');
    assert.equal(tool.annotations.destructiveHint, true);
  });

  it('every output schema compiles with the client\'s validator, and lists every field as required (nulls are written)', () => {
    const validator = new AjvJsonSchemaValidator();
    for (const tool of server.tools) {
      assert.ok(tool.outputSchema, `${tool.name} declares an output schema`);
      assert.equal(tool.outputSchema.type, 'object', `${tool.name} outputSchema.type`);
      assert.equal(typeof validator.getValidator(tool.outputSchema), 'function', `${tool.name} output schema compiles`);
      for (const [path, schema] of objectSchemas(tool.outputSchema)) {
        const declared = Object.keys(schema.properties).sort();
        const required = [...(schema.required ?? [])].sort();
        assert.deepEqual(required, declared, `${tool.name} ${path}: every field is required (present, null when it does not apply)`);
      }
    }
  });

  it('the validator the client uses does reject a result with a field left out', () => {
    const tool = server.tools.find(t => t.name === 'nanokvm_mounted_image');
    const validate = new AjvJsonSchemaValidator().getValidator(tool.outputSchema);
    assert.equal(validate({ device: 'emulator', file: null, mounted: false, as_cdrom: null }).valid, true);
    assert.equal(validate({ device: 'emulator', mounted: false }).valid, false);
  });
});

describe('bad input', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.close();
  });

  for (const [tool, args, named] of [
    ['nanokvm_send_text', { text: 'ab\uD800cd' }, 'text'],
    ['nanokvm_type_text', { text: '\uDC00', speed: 'fast' }, 'text'],
    ['nanokvm_batch', { actions: [{ action: 'key', key: 'a' }, { action: 'type', text: 'x\uDBFF' }] }, 'actions[1].text'],
    ['nanokvm_send_key', { key: '\uD83D' }, 'key'],
    ['nanokvm_type_text', { text: 'x', speed: 'ludicrous' }, 'speed'],
    ['nanokvm_type_text', { text: 'x', sped: 'fast' }, 'sped'],
  ]) {
    it(`${tool} with a bad ${named} is a tool error naming it, and the server keeps answering`, async () => {
      const result = await server.client.callTool({ name: tool, arguments: args });
      assert.equal(result.isError, true);
      assert.match(result.content[0].text, new RegExp(`invalid argument '${named.replace(/[[\]]/g, '\\$&')}'`));
      const info = await server.client.callTool({ name: 'nanokvm_info', arguments: {} });
      assert.notEqual(info.isError, true);
    });
  }
});
