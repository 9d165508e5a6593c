import * as vscode from 'vscode';
import { RestartPolicy } from './restart-policy';

export type CrashDecision = 'restart' | 'stop';

/**
 * What happens when the server process dies or cannot start: restarts within the policy's budget,
 * then stops and says so, with buttons to show the logs or restart by hand. Language-client
 * agnostic so it can be tested without VS Code; LanguageClientHost maps the decision to
 * languageclient's CloseAction.
 */
export class ServerCrashResponder {
  static readonly showLogs = 'Show Logs';
  static readonly restart = 'Restart Server';

  constructor(
    private readonly policy: RestartPolicy,
    private readonly commands: { showLogs: string; restartServer: string },
  ) {}

  onConnectionClosed(): CrashDecision {
    if (this.policy.shouldRestart()) {
      return 'restart';
    }
    const minutes = Math.round(this.policy.windowMs / 60_000);
    void this.notify(
      `Assistant LSP: the server stopped ${this.policy.recentCrashes} times in ${minutes} minutes and will not be restarted. See the logs for the cause.`,
    );
    return 'stop';
  }

  onStartFailed(error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    const hint = /ENOENT|spawn/i.test(reason)
      ? ' Is the .NET 10 runtime installed (`dotnet` on PATH)? Or set assistantLsp.server.path.'
      : '';
    void this.notify(`Assistant LSP: the server could not be started: ${reason}.${hint}`);
  }

  /** The user restarted the server: past crashes no longer count. */
  onManualRestart(): void {
    this.policy.reset();
  }

  private async notify(message: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(message, ServerCrashResponder.showLogs, ServerCrashResponder.restart);
    if (choice === ServerCrashResponder.showLogs) {
      await vscode.commands.executeCommand(this.commands.showLogs);
    } else if (choice === ServerCrashResponder.restart) {
      await vscode.commands.executeCommand(this.commands.restartServer);
    }
  }
}
