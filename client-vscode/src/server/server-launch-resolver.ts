import * as path from 'node:path';
import { ServerLaunchError } from './server-launch-error';

/** How to start the server process: a command and its arguments (stdio transport appends `--stdio`). */
export interface ServerLaunch {
  readonly command: string;
  readonly args: readonly string[];
  /** Where the server comes from, for logs and error messages. */
  readonly origin: 'setting' | 'bundled';
}

/**
 * Picks the server to run. The packaged extension carries a framework-dependent publish of the
 * server in `server/assistant-lsp.dll` (one build for every OS; needs the .NET runtime, so
 * `dotnet` on PATH). `assistantLsp.server.path` overrides it: a `.dll` is run with `dotnet`,
 * anything else is run directly (e.g. a self-contained publish).
 */
export class ServerLaunchResolver {
  static readonly bundledDll = path.join('server', 'assistant-lsp.dll');

  constructor(
    private readonly extensionPath: string,
    private readonly fileExists: (file: string) => boolean,
    private readonly dotnetCommand = 'dotnet',
  ) {}

  resolve(serverPathSetting: string | undefined): ServerLaunch {
    if (serverPathSetting) {
      const file = path.resolve(serverPathSetting);
      if (!this.fileExists(file)) {
        throw new ServerLaunchError(
          `The server set in assistantLsp.server.path does not exist: ${file}. Fix the setting or clear it to use the bundled server.`,
        );
      }
      return this.launchFor(file, 'setting');
    }
    const bundled = path.join(this.extensionPath, ServerLaunchResolver.bundledDll);
    if (!this.fileExists(bundled)) {
      throw new ServerLaunchError(
        `The bundled server is missing (${bundled}). Publish it with ` +
          '`dotnet publish src/AssistantLsp.Server -c Release -o client-vscode/server` or set assistantLsp.server.path.',
      );
    }
    return this.launchFor(bundled, 'bundled');
  }

  private launchFor(file: string, origin: ServerLaunch['origin']): ServerLaunch {
    return file.toLowerCase().endsWith('.dll')
      ? { command: this.dotnetCommand, args: [file], origin }
      : { command: file, args: [], origin };
  }
}
