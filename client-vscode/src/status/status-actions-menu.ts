import * as vscode from 'vscode';

export interface StatusAction extends vscode.QuickPickItem {
  readonly command: string;
  readonly args?: readonly unknown[];
}

/** The quick pick behind the status bar item. */
export class StatusActionsMenu {
  constructor(private readonly commands: {
    explainSelection: string;
    restartServer: string;
    showLogs: string;
    selectModelFolder: string;
  }) {}

  actions(hasSelection: boolean): StatusAction[] {
    const items: StatusAction[] = [];
    if (hasSelection) {
      items.push({ label: '$(comment-discussion) Explain Selection', command: this.commands.explainSelection });
    }
    items.push(
      { label: '$(folder-opened) Select Model Folder…', command: this.commands.selectModelFolder },
      { label: '$(debug-restart) Restart Server', command: this.commands.restartServer },
      { label: '$(output) Show Logs', command: this.commands.showLogs },
      { label: '$(settings-gear) Open Settings', command: 'workbench.action.openSettings', args: ['assistantLsp'] },
    );
    return items;
  }

  async show(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const hasSelection = !!editor && !editor.selection.isEmpty;
    const picked = await vscode.window.showQuickPick(this.actions(hasSelection), { placeHolder: 'Assistant LSP' });
    if (picked) await vscode.commands.executeCommand(picked.command, ...(picked.args ?? []));
  }
}
