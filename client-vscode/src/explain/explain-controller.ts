import * as vscode from 'vscode';
import type { ExplainParams, ExplainResult, ExplainStats, LspRange } from '../protocol/assistant-protocol';
import { ActionReasoningReader } from './action-reasoning';
import type { ExplainSurface } from './explain-panel';
import { ExplainSession } from './explain-session';

/** Sends `assistant/explain`, calling `onProgress` for each `$/progress` value on `params.partialResultToken`. */
export interface ExplainTransport {
  explain(params: ExplainParams, onProgress: (value: unknown) => void, token: vscode.CancellationToken): Promise<ExplainResult | null>;
}

export interface ExplainControllerDependencies {
  /** The running server's transport, or undefined while it is not running. */
  readonly transport: () => ExplainTransport | undefined;
  readonly surface: ExplainSurface;
  readonly newToken: () => string;
  /** Called with the final statistics of a finished explanation. */
  readonly onStats?: (stats: ExplainStats) => void;
}

/**
 * "Explain Selection" (of the editor, or of a range the server names) and "Show Reasoning of Code Action". One explanation at a time: a new one,
 * the Cancel button or closing the panel cancels the running request through its
 * CancellationTokenSource (languageclient then sends `$/cancelRequest`).
 */
export class ExplainController implements vscode.Disposable {
  private running: { session: ExplainSession; cancellation: vscode.CancellationTokenSource } | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly deps: ExplainControllerDependencies) {
    this.subscription = deps.surface.onDidRequestCancel(() => this.cancel());
  }

  get session(): ExplainSession | undefined {
    return this.running?.session;
  }

  async explainSelection(editor: vscode.TextEditor | undefined = vscode.window.activeTextEditor, question?: string): Promise<void> {
    if (!editor || editor.selection.isEmpty) {
      void vscode.window.showInformationMessage('Assistant: select the code to explain first.');
      return;
    }
    const { selection } = editor;
    const range: LspRange = {
      start: { line: selection.start.line, character: selection.start.character },
      end: { line: selection.end.line, character: selection.end.character },
    };
    await this.explain(editor.document.uri, range, question);
  }

  /**
   * Explains `range` of the document at `uri` (the server's explain code action names them):
   * shows the document with the range selected unless an editor already shows it, so that the
   * server has it open and the user sees what is being explained.
   */
  async explainRange(uri: string, range: LspRange, question?: string): Promise<void> {
    if (!this.deps.transport()) {
      ExplainController.reportNotRunning();
      return;
    }
    let documentUri: vscode.Uri;
    try {
      documentUri = vscode.Uri.parse(uri);
      await ExplainController.showDocumentRange(documentUri, range);
    } catch (error) {
      void vscode.window.showErrorMessage(`Assistant: cannot open ${uri} to explain it: ${ExplainController.describeError(error)}`);
      return;
    }
    await this.explain(documentUri, range, question);
  }

  private async explain(uri: vscode.Uri, range: LspRange, question: string | undefined): Promise<void> {
    const transport = this.deps.transport();
    if (!transport) {
      ExplainController.reportNotRunning();
      return;
    }
    this.cancel();

    const lines = range.end.line - range.start.line + 1;
    const fileName = uri.path.split('/').pop() || uri.toString();
    const cancellation = new vscode.CancellationTokenSource();
    const session = new ExplainSession((message) => this.deps.surface.post(message));
    this.running = { session, cancellation };
    this.deps.surface.reveal();
    session.start(question ? question : 'Explain selection', `${fileName}:${range.start.line + 1}–${range.end.line + 1} (${lines} line${lines === 1 ? '' : 's'})`);

    const params: ExplainParams = {
      textDocument: { uri: uri.toString() },
      range: { start: { ...range.start }, end: { ...range.end } },
      ...(question ? { question } : {}),
      partialResultToken: this.deps.newToken(),
    };
    try {
      const result = await transport.explain(params, (value) => session.onProgress(value), cancellation.token);
      if (cancellation.token.isCancellationRequested) {
        session.cancel();
      } else {
        session.complete(result);
        if (result?.stats) this.deps.onStats?.(result.stats);
      }
    } catch (error) {
      if (cancellation.token.isCancellationRequested) {
        session.cancel();
      } else {
        session.fail(ExplainController.describeError(error));
      }
    } finally {
      cancellation.dispose();
      if (this.running?.session === session) this.running = undefined;
    }
  }

  private static async showDocumentRange(uri: vscode.Uri, range: LspRange): Promise<void> {
    const target = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
    const key = uri.toString();
    const shown = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === key);
    if (shown) {
      shown.revealRange(target, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      return;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { selection: target, preserveFocus: false });
  }

  private static reportNotRunning(): void {
    void vscode.window.showErrorMessage('Assistant: the server is not running. Restart it from the status bar.');
  }

  /** Opens the explain view on the reasoning a code action carried (no request is sent). */
  showActionReasoning(...args: unknown[]): void {
    const found = ActionReasoningReader.read(args);
    if (!found) {
      void vscode.window.showInformationMessage('Assistant: this code action carries no reasoning.');
      return;
    }
    this.showReasoning(found);
  }

  /** Shows a code action's reasoning; `failed` (the reason) marks an action whose edit could not be made. */
  showReasoning(found: { title: string; reasoning: string; failed?: string }): void {
    this.cancel();
    this.deps.surface.reveal();
    const subtitle = found.failed
      ? `The code action failed, nothing was changed: ${found.failed}`
      : 'Reasoning behind the code action';
    this.deps.surface.post({ type: 'begin', title: found.title, subtitle, mode: 'static' });
    this.deps.surface.post({ type: 'reasoning', text: found.reasoning });
    this.deps.surface.post({ type: 'complete' });
  }

  /** Cancels the running explanation; the page shows it at once, the server answers -32800 later. */
  cancel(): void {
    this.running?.cancellation.cancel();
    this.running?.session.cancel();
  }

  dispose(): void {
    this.cancel();
    this.subscription.dispose();
  }

  static describeError(error: unknown): string {
    if (typeof error === 'object' && error !== null) {
      const { code, message } = error as { code?: unknown; message?: unknown };
      const text = typeof message === 'string' && message ? message : 'unknown error';
      if (code === -32601) return 'The server does not support explanations (assistant/explain is not implemented).';
      if (code === -32002) return 'The server is not initialized yet. Try again in a moment.';
      return typeof code === 'number' ? `${text} (error ${code})` : text;
    }
    return String(error);
  }
}
