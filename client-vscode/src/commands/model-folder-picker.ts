import * as path from 'node:path';
import * as vscode from 'vscode';
import { AssistantSettings } from '../settings/assistant-settings';

/** "Select Model Folder": a folder picker that writes `assistantLsp.model.path` (user settings). */
export class ModelFolderPicker {
  /** @param exists Whether a folder exists on the machine the extension (and server) run on. */
  constructor(private readonly exists: (folder: string) => boolean = () => true) {}

  /** Where the dialog opens: the current folder, or the nearest existing folder above a missing one. */
  startFolder(current: string | undefined): string | undefined {
    for (let folder = current; folder; folder = path.dirname(folder)) {
      if (this.exists(folder)) return folder;
      if (path.dirname(folder) === folder) break;
    }
    return undefined;
  }

  async pick(): Promise<string | undefined> {
    const config = vscode.workspace.getConfiguration(AssistantSettings.section);
    const current = this.startFolder(new AssistantSettings(config).modelPath);
    const picked = await vscode.window.showOpenDialog({
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
      openLabel: 'Use this model',
      title: 'Select the model folder (the one holding genai_config.json)',
      defaultUri: current ? vscode.Uri.file(current) : undefined,
    });
    const folder = picked?.[0];
    if (!folder) return undefined;
    await config.update('model.path', folder.fsPath, vscode.ConfigurationTarget.Global);
    return folder.fsPath;
  }
}
