// Starts the built nanokvm-mcp server with its in-process emulator and connects the official TypeScript MCP
// client to it over stdio, exactly as an MCP host does.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The server assembly: NANOKVM_MCP_DLL, or the Release build in this repository. */
export const serverDll = process.env.NANOKVM_MCP_DLL
  ?? path.resolve(here, '../../../src/NanoKvm.Mcp/bin/Release/net10.0/NanoKvm.Mcp.dll');

/**
 * Starts `dotnet NanoKvm.Mcp.dll --emulator [extra args]`, connects a Client and lists the tools (which also
 * makes the client compile every output schema, as hosts do before calling tools).
 * @param {string[]} extraArgs e.g. ['--emulator-firmware', '2.4.x']
 */
export async function startServer(extraArgs = []) {
  if (!existsSync(serverDll)) {
    throw new Error(`The server is not built: ${serverDll} is missing (dotnet build -c Release first).`);
  }

  const transport = new StdioClientTransport({
    command: 'dotnet',
    args: [serverDll, '--emulator', ...extraArgs],
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
    stderr: 'pipe',
  });
  const stderr = [];
  transport.stderr?.on('data', chunk => {
    stderr.push(chunk.toString());
    if (stderr.length > 200) {
      stderr.shift();
    }
  });

  const client = new Client({ name: 'nanokvm-node-tests', version: '1.0.0' });
  await client.connect(transport);
  const { tools } = await client.listTools();
  return {
    client,
    tools,
    /** The server's recent stderr, for failure messages. */
    stderr: () => stderr.join(''),
    close: () => client.close(),
  };
}
