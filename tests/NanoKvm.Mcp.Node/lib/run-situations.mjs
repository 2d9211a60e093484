// Runs a list of situations (see situations.mjs) against one server as node:test cases.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer } from './server.mjs';

/**
 * @param {string} title the describe() title
 * @param {string[]} serverArgs extra server arguments, e.g. ['--emulator-firmware', '2.2.x']
 * @param {Array<{tool: string, situation: string, args: object, error?: boolean, errorAllowed?: boolean, check?: (s: object) => boolean}>} steps
 */
export function runSituations(title, serverArgs, steps) {
  describe(title, () => {
    let server;
    before(async () => {
      server = await startServer(serverArgs);
    });
    after(async () => {
      await server?.close();
    });

    for (const step of steps) {
      it(`${step.tool}: ${step.situation}`, async () => {
        let result;
        try {
          // callTool validates structuredContent against the tool's outputSchema and throws on a mismatch.
          result = await server.client.callTool({ name: step.tool, arguments: step.args });
        } catch (error) {
          assert.fail(`${step.tool} (${step.situation}) was rejected by the TypeScript client: ${error.message}`);
        }

        const text = (result.content ?? []).filter(c => c.type === 'text').map(c => c.text).join('\n');
        if (step.error) {
          assert.equal(result.isError, true, `expected a tool error, got: ${text}`);
          return;
        }

        if (step.errorAllowed && result.isError) {
          return;
        }

        assert.notEqual(result.isError, true, `${step.tool} failed: ${text}`);
        const tool = server.tools.find(t => t.name === step.tool);
        assert.ok(tool, `${step.tool} is not listed`);
        if (tool.outputSchema) {
          assert.equal(typeof result.structuredContent, 'object', 'a tool with an outputSchema returns structuredContent');
          for (const name of tool.outputSchema.required ?? []) {
            assert.ok(Object.hasOwn(result.structuredContent, name), `required field ${name} is present`);
          }
        }

        if (step.check) {
          assert.ok(step.check(result.structuredContent), `check failed on ${JSON.stringify(result.structuredContent)}`);
        }
      });
    }
  });
}
