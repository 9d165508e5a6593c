import * as vscode from 'vscode';

/** languageclient's `next` for codeAction/resolve. */
export type ResolveNext = (item: vscode.CodeAction, token: vscode.CancellationToken) => vscode.ProviderResult<vscode.CodeAction>;

/** Opens the explain view on a code action's reasoning (ExplainController.showActionReasoning). */
export type ShowReasoning = (reasoning: { title: string; reasoning: string; failed?: string }) => void;

/**
 * languageclient's `resolveCodeAction` middleware. Resolving runs the model (tens of seconds on a
 * real model), so it shows a progress notification with Cancel. A resolve that comes back
 * disabled (the model's answer could not be applied) must not look like a success: its
 * show-reasoning command is dropped (VS Code would run it and open the reasoning as if the edit
 * was made), and one warning says the action failed and why, with the reasoning one click away.
 * The server also sends that failure as window/showMessage for other editors; `isOwnReport`
 * lets the client's message handler drop that duplicate.
 */
export class CodeActionResolution {
  private readonly reported = new Set<string>();
  /** Resolves under way, by action title (the server's failure message starts with it). */
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(private readonly showReasoning: ShowReasoning) {}

  async resolve(item: vscode.CodeAction, token: vscode.CancellationToken, next: ResolveNext): Promise<vscode.CodeAction | undefined | null> {
    const cancellation = new vscode.CancellationTokenSource();
    const outer = token.onCancellationRequested(() => cancellation.cancel());
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    this.inFlight.set(item.title, done);
    let resolved: vscode.CodeAction | undefined | null;
    try {
      resolved = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Assistant: ${item.title}…`, cancellable: true },
        async (_progress, progressToken) => {
          const inner = progressToken.onCancellationRequested(() => cancellation.cancel());
          try {
            return await next(item, cancellation.token);
          } finally {
            inner.dispose();
          }
        },
      );
    } catch (error) {
      this.settle(item.title, done, finished);
      throw error;
    } finally {
      outer.dispose();
      cancellation.dispose();
    }
    const result = resolved?.disabled ? this.reportFailure(resolved, resolved.disabled.reason) : resolved;
    this.settle(item.title, done, finished);
    return result;
  }

  /**
   * True (once) for the server's own window/showMessage about a failure reported here. The server
   * sends that message before its resolve response, so a message about an action still resolving
   * waits for the response first.
   */
  async isOwnReport(message: string): Promise<boolean> {
    for (const [title, pending] of this.inFlight) {
      if (message.startsWith(`${title}: `)) await pending;
    }
    return this.reported.delete(message);
  }

  private settle(title: string, done: Promise<void>, finished: () => void): void {
    if (this.inFlight.get(title) === done) this.inFlight.delete(title);
    finished();
  }

  private reportFailure(action: vscode.CodeAction, reason: string): vscode.CodeAction {
    // The server's message for other editors is "<title>: <reason>".
    this.reported.add(`${action.title}: ${reason}`);
    const reasoning = CodeActionResolution.reasoningOf(action);
    const showReasoning = 'Show Reasoning';
    const items = reasoning ? [showReasoning] : [];
    void vscode.window
      .showWarningMessage(`Assistant: "${action.title}" failed, nothing was changed. ${reason}`, ...items)
      .then((choice) => {
        if (choice === showReasoning && reasoning) this.showReasoning({ title: action.title, reasoning, failed: reason });
      });
    action.command = undefined;
    action.edit = undefined;
    return action;
  }

  /** The reasoning the server put in the resolved action's command arguments. */
  static reasoningOf(action: vscode.CodeAction): string | undefined {
    for (const arg of action.command?.arguments ?? []) {
      const reasoning = (arg as { reasoning?: unknown } | null)?.reasoning;
      if (typeof reasoning === 'string' && reasoning.trim()) return reasoning;
    }
    return undefined;
  }
}
