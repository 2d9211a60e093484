// Runs a list of situations (see situations.mjs) against one server as node:test cases.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer } from './server.mjs';

/**
 * @param {string} title the describe() title
 * @param {string[]} serverArgs extra server arguments, e.g. ['--emulator-firmware', '2.2.x']
 * @param {Array<{tool: string, situation: string, args: object | ((saved: object) => object), save?: string, error?: boolean, errorMatch?: RegExp, errorAllowed?: boolean, check?: (s: object) => boolean}>} steps
 *   `save` keeps a step's structuredContent under that name; `args` given as a function builds the arguments from
 *   the kept results (e.g. a frame_id from an earlier screenshot). `errorMatch` checks the text of an expected error.
 */
export function runSituations(title, serverArgs, steps) {
  describe(title, () => {
    let server;
    const saved = {};
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
          const args = typeof step.args === 'function' ? step.args(saved) : step.args;
          result = await server.client.callTool({ name: step.tool, arguments: args });
        } catch (error) {
          assert.fail(`${step.tool} (${step.situation}) was rejected by the TypeScript client: ${error.message}`);
        }

        const text = (result.content ?? []).filter(c => c.type === 'text').map(c => c.text).join('\n');
        if (step.error) {
          assert.equal(result.isError, true, `expected a tool error, got: ${text}`);
          if (step.errorMatch) {
            assert.match(text, step.errorMatch);
          }

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

        if (step.save) {
          saved[step.save] = result.structuredContent;
        }

        if (step.check) {
          assert.ok(step.check(result.structuredContent), `check failed on ${JSON.stringify(result.structuredContent)}`);
        }
      });
    }
  });
}
