// Entry point: builds the parts and wires them together; the logic lives in the classes.
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { CommandIds } from './commands/command-ids';
import { ModelFolderPicker } from './commands/model-folder-picker';
import { ExplainController } from './explain/explain-controller';
import { ExplainPanel } from './explain/explain-panel';
import { LanguageClientExplainTransport } from './server/language-client-explain-transport';
import { CodeActionResolution } from './server/code-action-resolution';
import { LanguageClientHost } from './server/language-client-host';
import { RestartPolicy } from './server/restart-policy';
import { ServerCommandRouter } from './server/server-command-router';
import { ServerCrashResponder } from './server/server-crash-responder';
import { ServerLaunchResolver } from './server/server-launch-resolver';
import { SettingTraceChannel } from './server/setting-trace-channel';
import { ModelLoadNotification } from './status/model-load-notification';
import { StatusActionsMenu } from './status/status-actions-menu';
import { StatusBarPresenter } from './status/status-bar-presenter';

let stopServer: (() => Promise<void>) | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Assistant LSP', { log: true });
  const trace = new SettingTraceChannel(vscode.window.createOutputChannel('Assistant LSP Trace'), () =>
    vscode.workspace.getConfiguration('assistantLsp').get<string>('trace.server'),
  );
  const statusBar = new StatusBarPresenter(
    vscode.window.createStatusBarItem('assistantLsp.status', vscode.StatusBarAlignment.Right, 100),
    CommandIds.showStatusActions,
  );
  const loadNotification = new ModelLoadNotification(CommandIds);
  const panel = new ExplainPanel(context.extensionUri);
  // The transport reads `host` lazily, once the server runs.
  const explain = new ExplainController({
    transport: () => {
      const client = host.client;
      return client ? new LanguageClientExplainTransport(client) : undefined;
    },
    surface: panel,
    newToken: () => randomUUID(),
    onStats: (stats) => statusBar.recordThroughput(stats.tokensPerSecond),
  });
  const host = new LanguageClientHost({
    outputChannel: output,
    traceOutputChannel: trace,
    codeActionResolution: new CodeActionResolution((found) => explain.showReasoning(found)),
    launchResolver: new ServerLaunchResolver(context.extensionPath, (file) => fs.existsSync(file)),
    crashResponder: new ServerCrashResponder(new RestartPolicy(4, 3 * 60_000), CommandIds),
    commandRouter: new ServerCommandRouter(explain, (message) => void vscode.window.showErrorMessage(message)),
    onStatus: (status) => {
      statusBar.showStatus(status);
      loadNotification.update(status);
    },
    onConnection: (state) => {
      statusBar.showConnection(state);
      if (state !== 'running') loadNotification.reset();
    },
  });
  const menu = new StatusActionsMenu(CommandIds);
  const folderPicker = new ModelFolderPicker((folder) => fs.existsSync(folder));

  context.subscriptions.push(
    output,
    trace,
    statusBar,
    loadNotification,
    panel,
    explain,
    host,
    vscode.commands.registerCommand(CommandIds.explainSelection, () => explain.explainSelection()),
    vscode.commands.registerCommand(CommandIds.showActionReasoning, (...args: unknown[]) => explain.showActionReasoning(...args)),
    vscode.commands.registerCommand(CommandIds.restartServer, () => host.restart()),
    vscode.commands.registerCommand(CommandIds.showLogs, () => output.show(true)),
    vscode.commands.registerCommand(CommandIds.selectModelFolder, () => folderPicker.pick()),
    vscode.commands.registerCommand(CommandIds.showStatusActions, () => menu.show()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // The other settings reach the running server through didChangeConfiguration.
      if (event.affectsConfiguration('assistantLsp.server.path')) void host.restart();
    }),
  );
  stopServer = () => host.stop();
  void host.start();
}

export async function deactivate(): Promise<void> {
  await stopServer?.();
  stopServer = undefined;
}
