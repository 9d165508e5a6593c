import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { AssistantMethods, type ModelStatus } from '../protocol/assistant-protocol';
import { AssistantSettings } from '../settings/assistant-settings';
import type { ConnectionState } from '../status/status-bar-presenter';
import type { ServerCrashResponder } from './server-crash-responder';
import type { ServerCommandRouter } from './server-command-router';
import type { ServerLaunchResolver } from './server-launch-resolver';
import type { CodeActionResolution } from './code-action-resolution';
import { LatestStatusFilter } from '../status/latest-status-filter';
import { ServerLogLines } from './server-log-lines';
import { WorkDoneProgressOptOut } from './work-done-progress-opt-out';

export interface LanguageClientHostDependencies {
  readonly outputChannel: vscode.LogOutputChannel;
  /** Where the JSON-RPC trace goes (see SettingTraceChannel); the output channel when absent. */
  readonly traceOutputChannel?: vscode.LogOutputChannel;
  readonly launchResolver: ServerLaunchResolver;
  readonly crashResponder: ServerCrashResponder;
  /** Decides which of the server's commands the extension shows itself. */
  readonly commandRouter: ServerCommandRouter;
  /** Progress, cancel and failure reports around codeAction/resolve. */
  readonly codeActionResolution: CodeActionResolution;
  readonly onStatus: (status: ModelStatus) => void;
  readonly onConnection: (state: ConnectionState) => void;
}

/**
 * Owns the LanguageClient: starts the server over stdio, restarts it after crashes within the
 * ServerCrashResponder's budget, and is recreated on a manual restart (so a changed
 * `assistantLsp.server.path` takes effect).
 */
export class LanguageClientHost implements vscode.Disposable {
  static readonly clientId = 'assistantLsp';

  private current: LanguageClient | undefined;
  private subscriptions: vscode.Disposable[] = [];
  private statusFilter = new LatestStatusFilter();

  constructor(private readonly deps: LanguageClientHostDependencies) {}

  /** The client while the server is running; undefined otherwise. */
  get client(): LanguageClient | undefined {
    return this.current?.isRunning() ? this.current : undefined;
  }

  async start(): Promise<void> {
    if (this.current) return;
    const settings = new AssistantSettings(vscode.workspace.getConfiguration(AssistantSettings.section));
    let serverOptions: ServerOptions;
    try {
      const launch = this.deps.launchResolver.resolve(settings.serverPath);
      this.deps.outputChannel.appendLine(`Starting ${launch.origin} server: ${launch.command} ${launch.args.join(' ')} --stdio`);
      const executable = { command: launch.command, args: [...launch.args], transport: TransportKind.stdio };
      serverOptions = { run: executable, debug: executable };
    } catch (error) {
      this.deps.onConnection('stopped');
      this.deps.crashResponder.onStartFailed(error);
      return;
    }

    const client = new LanguageClient(LanguageClientHost.clientId, 'Assistant LSP', serverOptions, this.clientOptions());
    client.registerFeature(new WorkDoneProgressOptOut());
    this.current = client;
    this.statusFilter = new LatestStatusFilter();
    this.subscriptions = [
      client.onNotification(AssistantMethods.statusChanged, (status: ModelStatus) => this.showStatus(client, status)),
      // Replaces languageclient's handler: the same, less the failures the client reported itself.
      client.onNotification('window/showMessage', (message: { type: number; message: string }) => void this.showServerMessage(message)),
      client.onDidChangeState((event) => this.onStateChanged(client, event.newState)),
    ];
    this.deps.onConnection('starting');
    try {
      await client.start();
    } catch (error) {
      this.deps.onConnection('stopped');
      this.deps.crashResponder.onStartFailed(error);
    }
  }

  async stop(): Promise<void> {
    const client = this.current;
    this.current = undefined;
    for (const subscription of this.subscriptions) subscription.dispose();
    this.subscriptions = [];
    if (!client) return;
    try {
      if (client.needsStop()) await client.stop(5_000);
    } catch (error) {
      this.deps.outputChannel.appendLine(`Stopping the server failed: ${String(error)}`);
    }
    await client.dispose().catch(() => undefined);
    this.deps.onConnection('stopped');
  }

  async restart(): Promise<void> {
    this.deps.crashResponder.onManualRestart();
    await this.stop();
    await this.start();
  }

  dispose(): void {
    void this.stop();
  }

  private clientOptions(): LanguageClientOptions {
    return {
      documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }],
      outputChannel: this.deps.outputChannel,
      traceOutputChannel: this.deps.traceOutputChannel,
      // Server log lines keep their own level (languageclient would log all of stderr as errors).
      stdioOptions: {
        stdout: (input, channel) => ServerLogLines.pipe(input, channel),
        stderr: (input, channel) => ServerLogLines.pipe(input, channel),
      },
      // A function, so that a restart after a crash sends the settings of that moment.
      initializationOptions: () => new AssistantSettings(vscode.workspace.getConfiguration(AssistantSettings.section)).toInitializationOptions(),
      synchronize: { configurationSection: [...AssistantSettings.synchronizedSections] },
      middleware: {
        executeCommand: (command, args, next) => this.deps.commandRouter.executeCommand(command, args, next),
        resolveCodeAction: (item, token, next) => this.deps.codeActionResolution.resolve(item, token, next),
      },
      errorHandler: {
        error: (_error, _message, count) => ({ action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
        closed: () => {
          const decision = this.deps.crashResponder.onConnectionClosed();
          this.deps.onConnection(decision === 'restart' ? 'starting' : 'stopped');
          return decision === 'restart'
            ? { action: CloseAction.Restart, message: 'The server stopped; restarting it.', handled: true }
            : { action: CloseAction.DoNotRestart, handled: true };
        },
      },
    };
  }

  private async showServerMessage({ type, message }: { type: number; message: string }): Promise<void> {
    if (typeof message !== 'string' || (await this.deps.codeActionResolution.isOwnReport(message))) return;
    if (type === 1) void vscode.window.showErrorMessage(message);
    else if (type === 2) void vscode.window.showWarningMessage(message);
    else if (type === 3 || type === 4) void vscode.window.showInformationMessage(message);
    else this.deps.outputChannel.info(message);
  }

  private showStatus(client: LanguageClient, status: ModelStatus): void {
    if (client === this.current && this.statusFilter.accept(status)) this.deps.onStatus(status);
  }

  private onStateChanged(client: LanguageClient, state: State): void {
    if (client !== this.current) return;
    if (state === State.Running) {
      this.deps.onConnection('running');
      client.sendRequest<ModelStatus>(AssistantMethods.status).then(
        (status) => status && this.showStatus(client, status),
        (error) => this.deps.outputChannel.appendLine(`assistant/status failed: ${String(error?.message ?? error)}`),
      );
    } else if (state === State.Starting) {
      this.deps.onConnection('starting');
    } else {
      this.deps.onConnection('stopped');
    }
  }
}
