import * as vscode from 'vscode';
import { AssistantSettings } from '../settings/assistant-settings';

/** "Select Model Folder": a folder picker that writes `assistantLsp.model.path` (user settings). */
export class ModelFolderPicker {
  async pick(): Promise<string | undefined> {
    const config = vscode.workspace.getConfiguration(AssistantSettings.section);
    const current = new AssistantSettings(config).modelPath;
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
