import * as vscode from 'vscode';
import type { ModelStatus } from '../protocol/assistant-protocol';

/** What the status bar item shows; computed without touching VS Code so it can be tested. */
export interface StatusBarView {
  readonly text: string;
  readonly tooltip: string;
  readonly isError: boolean;
}

/** Client-side states the server cannot report itself. */
export type ConnectionState = 'starting' | 'running' | 'stopped';

export class StatusBarPresenter implements vscode.Disposable {
  private status: ModelStatus | undefined;
  private connection: ConnectionState = 'starting';
  private lastTokensPerSecond: number | undefined;

  constructor(private readonly item: vscode.StatusBarItem, command: string) {
    item.name = 'Assistant LSP';
    item.command = command;
    this.render();
    item.show();
  }

  showStatus(status: ModelStatus): void {
    // Another model (or none): the last speed was measured on the previous one.
    if (status.model !== this.status?.model || status.state !== 'ready') this.lastTokensPerSecond = undefined;
    this.status = status;
    const tps = status.stats?.tokensPerSecond;
    if (typeof tps === 'number' && Number.isFinite(tps) && tps > 0) this.lastTokensPerSecond = tps;
    this.render();
  }

  showConnection(connection: ConnectionState): void {
    this.connection = connection;
    if (connection !== 'running') this.status = undefined;
    this.render();
  }

  /** Throughput measured by a finished request (e.g. an explanation). */
  recordThroughput(tokensPerSecond: number | undefined): void {
    if (typeof tokensPerSecond === 'number' && Number.isFinite(tokensPerSecond) && tokensPerSecond > 0) {
      this.lastTokensPerSecond = tokensPerSecond;
      this.render();
    }
  }

  dispose(): void {
    this.item.dispose();
  }

  static describe(connection: ConnectionState, status: ModelStatus | undefined, tokensPerSecond?: number): StatusBarView {
    if (connection === 'stopped') {
      return { text: '$(debug-disconnect) Assistant: stopped', tooltip: 'The Assistant LSP server is not running. Click for actions.', isError: true };
    }
    if (!status) {
      return connection === 'starting'
        ? { text: '$(sync~spin) Assistant: starting', tooltip: 'Starting the Assistant LSP server…', isError: false }
        : { text: '$(sparkle) Assistant', tooltip: 'The server is running; it has not reported a model status.\nClick for actions.', isError: false };
    }
    const model = status.model ? StatusBarPresenter.modelName(status.model) : undefined;
    const provider = status.executionProvider ? ` (${status.executionProvider})` : '';
    const details = [model ? `Model: ${status.model}${provider}` : undefined, status.message ?? undefined]
      .filter((line): line is string => !!line)
      .join('\n');
    const withDetails = (head: string) => (details ? `${head}\n${details}` : head) + '\nClick for actions.';
    switch (status.state) {
      case 'loading':
        return { text: '$(sync~spin) Assistant: loading', tooltip: withDetails('Loading the model…'), isError: false };
      case 'ready': {
        const speed = tokensPerSecond ? ` ${StatusBarPresenter.formatSpeed(tokensPerSecond)}` : '';
        const label = model ? ` ${model}` : '';
        return {
          text: `$(sparkle) Assistant${label}${speed}`,
          tooltip: withDetails(tokensPerSecond ? `Ready. Last generation: ${StatusBarPresenter.formatSpeed(tokensPerSecond)}.` : 'Ready.'),
          isError: false,
        };
      }
      case 'error':
        return { text: '$(error) Assistant: error', tooltip: withDetails('The model could not be loaded.'), isError: true };
      case 'none':
        return {
          text: '$(circle-slash) Assistant: no model',
          tooltip: withDetails('No model is configured. Use "Assistant: Select Model Folder".'),
          isError: false,
        };
      default:
        return { text: '$(question) Assistant', tooltip: withDetails(`Unknown state "${String((status as { state: unknown }).state)}".`), isError: false };
    }
  }

  static formatSpeed(tokensPerSecond: number): string {
    return `${tokensPerSecond >= 100 ? Math.round(tokensPerSecond) : tokensPerSecond.toFixed(1)} tok/s`;
  }

  /** Last path segment of a model folder, to keep the status bar short. */
  static modelName(model: string): string {
    const parts = model.split(/[\\/]+/).filter((p) => p.length > 0);
    return parts.length > 0 ? parts[parts.length - 1] : model;
  }

  private render(): void {
    const view = StatusBarPresenter.describe(this.connection, this.status, this.lastTokensPerSecond);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.isError ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }
}
