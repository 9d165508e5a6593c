import * as vscode from 'vscode';
import type { ModelStatus } from '../protocol/assistant-protocol';

/**
 * One progress notification while the model loads, driven by `assistant/statusChanged`.
 * This is the only load indicator: the client declares no `window.workDoneProgress` support
 * (see WorkDoneProgressOptOut), so the server does not also send work-done progress for it.
 * A load that ends in `error` leaves an error message with the server's reason; a change that
 * leaves no model at all (`none` after a model was set) leaves a warning with a folder picker.
 */
export class ModelLoadNotification implements vscode.Disposable {
  private finishLoading: (() => void) | undefined;
  private lastState: ModelStatus['state'] | undefined;

  private pendingShow: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param showAfterMs VS Code keeps a progress notification up for at least 800 ms once shown, so
   * a fast load (a small model, a cached one) would leave it standing after the status bar already
   * says ready. It is shown only for loads that last longer than this; the status bar's spinner
   * covers the short ones.
   */
  constructor(
    private readonly commands: { selectModelFolder: string; showLogs: string },
    private readonly showAfterMs = 1_500,
  ) {}

  update(status: ModelStatus): void {
    const previous = this.lastState;
    this.lastState = status.state;
    if (status.state === 'loading') {
      if (!this.finishLoading) this.begin(status);
      return;
    }
    this.end();
    if (status.state === 'error' && previous !== 'error') {
      void this.reportError(status);
    }
    // A settings change (an edited or cleared model.path) left no model: say so rather than going quiet.
    if (status.state === 'none' && previous !== undefined && previous !== 'none') {
      void this.reportNoModel();
    }
  }

  /** The server went away: nothing is loading any more. */
  reset(): void {
    this.lastState = undefined;
    this.end();
  }

  get isShowing(): boolean {
    return this.finishLoading !== undefined;
  }

  dispose(): void {
    this.end();
  }

  private begin(status: ModelStatus): void {
    const done = new Promise<void>((resolve) => (this.finishLoading = resolve));
    const title = status.model ? `Assistant: loading model ${status.model}` : 'Assistant: loading model';
    const show = () => {
      this.pendingShow = undefined;
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: false }, () => done);
    };
    if (this.showAfterMs <= 0) show();
    else this.pendingShow = setTimeout(show, this.showAfterMs);
  }

  private end(): void {
    if (this.pendingShow !== undefined) clearTimeout(this.pendingShow);
    this.pendingShow = undefined;
    const finish = this.finishLoading;
    this.finishLoading = undefined;
    finish?.();
  }

  private async reportNoModel(): Promise<void> {
    const selectFolder = 'Select Model Folder';
    const choice = await vscode.window.showWarningMessage(
      'Assistant: no model is set any more, so completions, explanations and code actions are off. Select a model folder to turn them back on.',
      selectFolder,
    );
    if (choice === selectFolder) await vscode.commands.executeCommand(this.commands.selectModelFolder);
  }

  private async reportError(status: ModelStatus): Promise<void> {
    const selectFolder = 'Select Model Folder';
    const showLogs = 'Show Logs';
    const reason = status.message ? `: ${status.message}` : '.';
    const choice = await vscode.window.showErrorMessage(`Assistant: the model could not be loaded${reason}`, selectFolder, showLogs);
    if (choice === selectFolder) await vscode.commands.executeCommand(this.commands.selectModelFolder);
    if (choice === showLogs) await vscode.commands.executeCommand(this.commands.showLogs);
  }
}
