// Harness for protocol tests: builds the real server, spawns it and talks LSP to it over stdio
// with vscode-languageserver-protocol, the library VS Code's client is built on.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';

/** Repository root: out-test/<group>/x.test.js lives three folders below it. */
export const repositoryRoot = resolve(__dirname, '..', '..', '..');

export const skipProtocolTests =
  process.env.ASSISTANT_SKIP_PROTOCOL_TESTS === '1' ? 'ASSISTANT_SKIP_PROTOCOL_TESTS=1 is set' : false;

export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export class LanguageServerProcess {
  private static builtDll: string | undefined;

  readonly connection: ProtocolConnection;
  readonly exited: Promise<ExitInfo>;
  /** Errors of the JSON-RPC reader: anything but protocol on stdout shows up here. */
  readonly protocolErrors: string[] = [];
  private stderrText = '';
  private exitInfo: ExitInfo | undefined;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (this.stderrText += chunk));
    this.exited = new Promise((resolveExit) => {
      child.on('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolveExit(this.exitInfo);
      });
      child.on('error', (error) => {
        this.stderrText += `\n[spawn error] ${error.message}`;
        this.exitInfo = { code: null, signal: null };
        resolveExit(this.exitInfo);
      });
    });
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    this.connection.onError(([error]) => this.protocolErrors.push(error.message));
    this.connection.listen();
  }

  /**
   * Builds the server (Release, as scripts/test.sh does; incremental, so cheap when already built)
   * and returns its dll. ASSISTANT_SERVER_DLL points at a prebuilt one instead.
   */
  static buildServer(): string {
    if (process.env.ASSISTANT_SERVER_DLL) return resolve(process.env.ASSISTANT_SERVER_DLL);
    if (LanguageServerProcess.builtDll) return LanguageServerProcess.builtDll;
    const project = join(repositoryRoot, 'src', 'AssistantLsp.Server');
    const build = spawnSync('dotnet', ['build', project, '-c', 'Release', '-nologo', '-v', 'quiet'], {
      cwd: repositoryRoot,
      encoding: 'utf8',
      env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
    });
    if (build.status !== 0) {
      throw new Error(`dotnet build ${project} failed (${build.status ?? build.error?.message}):\n${build.stdout}\n${build.stderr}`);
    }
    const dll = join(project, 'bin', 'Release', 'net10.0', 'assistant-lsp.dll');
    if (!existsSync(dll)) throw new Error(`The build did not produce ${dll}.`);
    LanguageServerProcess.builtDll = dll;
    return dll;
  }

  /** Runs `dotnet <dll> --stdio [args]` as vscode-languageclient does (TransportKind.stdio). */
  static start(dll: string, args: readonly string[] = []): LanguageServerProcess {
    const child = spawn('dotnet', [dll, '--stdio', ...args], {
      cwd: repositoryRoot,
      env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return new LanguageServerProcess(child);
  }

  get stderr(): string {
    return this.stderrText;
  }

  get hasExited(): boolean {
    return this.exitInfo !== undefined;
  }

  /**
   * Sends a request and waits for its answer, failing fast (with the server's stderr) when the
   * server exits first or does not answer in time.
   */
  async request<R>(method: string, params: unknown, timeoutMs = 30_000): Promise<R> {
    const response = this.connection.sendRequest<R>(method, params);
    return this.raceExit(response, `${method}`, timeoutMs);
  }

  async notify(method: string, params?: unknown): Promise<void> {
    await this.connection.sendNotification(method, params);
  }

  /** Waits for the process to end; fails after `timeoutMs`. */
  async waitForExit(timeoutMs = 15_000): Promise<ExitInfo> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`The server did not exit within ${timeoutMs} ms.\nstderr:\n${this.stderrText}`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  dispose(): void {
    this.connection.dispose();
    if (!this.hasExited) this.child.kill('SIGKILL');
    // Open pipes to a finished child would keep the test process alive after its last test.
    this.child.stdin.destroy();
    this.child.stdout.destroy();
    this.child.stderr.destroy();
  }

  private async raceExit<R>(work: Promise<R>, what: string, timeoutMs: number): Promise<R> {
    let timer: NodeJS.Timeout | undefined;
    const failure = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`No answer to ${what} within ${timeoutMs} ms.\nstderr:\n${this.stderrText}`)), timeoutMs);
      void this.exited.then((info) =>
        reject(new Error(`The server exited (code ${info.code}, signal ${info.signal}) before answering ${what}.\nstderr:\n${this.stderrText}`)),
      );
    });
    try {
      return await Promise.race([work, failure]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The client capabilities VS Code 1.91+ with vscode-languageclient 11 would send, reduced to what matters here. */
export const clientCapabilities = {
  general: { positionEncodings: ['utf-16'] },
  window: { workDoneProgress: false },
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: true },
    inlineCompletion: { dynamicRegistration: false },
    codeAction: { resolveSupport: { properties: ['edit'] }, dataSupport: true },
  },
};

/**
 * Writes a tiny scripted model with the server's own generator
 * (`assistant-lsp make-test-model --kind scripted --script FILE`): after any prompt it emits the
 * script's text, greedily, then end-of-sequence. Returns the model folder.
 */
export function makeScriptedModel(dll: string, folder: string, script: string, contextLength?: number): string {
  mkdirSync(folder, { recursive: true });
  const scriptFile = join(folder, '..', `${folder.split(/[\\/]/).pop()}.script.txt`);
  writeFileSync(scriptFile, script, 'utf8');
  const made = spawnSync('dotnet', [dll, 'make-test-model', '--out', folder, '--kind', 'scripted', '--script', scriptFile, ...(contextLength ? ['--context-length', String(contextLength)] : [])], {
    cwd: repositoryRoot,
    encoding: 'utf8',
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
  });
  if (made.status !== 0 || !existsSync(join(folder, 'genai_config.json'))) {
    throw new Error(`make-test-model did not write a model to ${folder} (exit ${made.status}):\n${made.stdout}\n${made.stderr}`);
  }
  return folder;
}
