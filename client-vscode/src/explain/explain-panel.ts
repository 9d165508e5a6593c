import * as vscode from 'vscode';
import type { HostToPageMessage, PageToHostMessage } from '../webview/explain-messages';
import { ExplainPageHtml } from './explain-page-html';

/** What ExplainController needs from the view (lets tests stand in for the webview). */
export interface ExplainSurface {
  reveal(): void;
  post(message: HostToPageMessage): void;
  readonly onDidRequestCancel: vscode.Event<void>;
}

/**
 * The explain webview panel, created on first use and reused. Messages posted before the page
 * says `ready` are queued so none of a fast stream is lost. Closing the panel cancels the running
 * explanation.
 */
export class ExplainPanel implements ExplainSurface, vscode.Disposable {
  static readonly viewType = 'assistantLsp.explain';

  private panel: vscode.WebviewPanel | undefined;
  private pageReady = false;
  private queue: HostToPageMessage[] = [];
  private panelSubscriptions: vscode.Disposable[] = [];
  private readonly cancelRequested = new vscode.EventEmitter<void>();
  readonly onDidRequestCancel = this.cancelRequested.event;

  constructor(private readonly extensionUri: vscode.Uri) {}

  reveal(): void {
    if (this.panel) {
      this.panel.reveal(undefined, true);
      return;
    }
    const scriptRoot = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const mediaRoot = vscode.Uri.joinPath(this.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(
      ExplainPanel.viewType,
      'Assistant: Explain',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [scriptRoot, mediaRoot] },
    );
    this.panel = panel;
    this.pageReady = false;
    panel.webview.html = ExplainPageHtml.render({
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(scriptRoot, 'explain-view.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, 'explain-view.css')).toString(),
      cspSource: panel.webview.cspSource,
      nonce: ExplainPageHtml.createNonce(),
    });
    this.panelSubscriptions = [
      panel.webview.onDidReceiveMessage((message: PageToHostMessage) => this.receive(message)),
      panel.onDidDispose(() => this.onPanelClosed()),
    ];
  }

  post(message: HostToPageMessage): void {
    if (message.type === 'begin') this.queue = [];
    if (this.panel && this.pageReady) {
      void this.panel.webview.postMessage(message);
    } else {
      this.queue.push(message);
    }
  }

  dispose(): void {
    this.panel?.dispose();
    this.cancelRequested.dispose();
  }

  private receive(message: PageToHostMessage): void {
    switch (message?.type) {
      case 'ready': {
        this.pageReady = true;
        const pending = this.queue;
        this.queue = [];
        for (const queued of pending) void this.panel?.webview.postMessage(queued);
        break;
      }
      case 'cancel':
        this.cancelRequested.fire();
        break;
      case 'copy':
        if (typeof message.text === 'string') void vscode.env.clipboard.writeText(message.text);
        break;
    }
  }

  private onPanelClosed(): void {
    for (const subscription of this.panelSubscriptions) subscription.dispose();
    this.panelSubscriptions = [];
    this.panel = undefined;
    this.pageReady = false;
    this.queue = [];
    this.cancelRequested.fire();
  }
}
