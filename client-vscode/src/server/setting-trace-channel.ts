import * as vscode from 'vscode';

/**
 * The channel languageclient writes the JSON-RPC trace to. languageclient 10+ traces only while
 * its trace channel's log level is Trace, so with an ordinary LogOutputChannel the setting
 * `assistantLsp.trace.server` alone shows nothing (the user must also find "Set Log Level…").
 * This channel reports Trace whenever the setting is not "off" and writes every line it is given
 * into a plain output channel, "Assistant LSP Trace", whatever the log levels are.
 */
export class SettingTraceChannel implements vscode.LogOutputChannel {
  private readonly levelChanged = new vscode.EventEmitter<vscode.LogLevel>();
  private readonly subscription: vscode.Disposable;
  private currentLevel: vscode.LogLevel;

  readonly onDidChangeLogLevel = this.levelChanged.event;

  constructor(
    private readonly channel: vscode.OutputChannel,
    private readonly readSetting: () => string | undefined,
  ) {
    this.currentLevel = SettingTraceChannel.levelFor(readSetting());
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('assistantLsp.trace.server')) return;
      const level = SettingTraceChannel.levelFor(this.readSetting());
      if (level === this.currentLevel) return;
      this.currentLevel = level;
      this.levelChanged.fire(level);
    });
  }

  /** Trace while the setting asks for messages or verbose; Off otherwise. */
  static levelFor(setting: string | undefined): vscode.LogLevel {
    return setting === 'messages' || setting === 'verbose' ? vscode.LogLevel.Trace : vscode.LogLevel.Off;
  }

  get name(): string {
    return this.channel.name;
  }

  get logLevel(): vscode.LogLevel {
    return this.currentLevel;
  }

  trace(message: string): void {
    this.write('trace', message);
  }
  debug(message: string): void {
    this.write('debug', message);
  }
  info(message: string): void {
    this.write('info', message);
  }
  warn(message: string): void {
    this.write('warning', message);
  }
  error(error: string | Error): void {
    this.write('error', error instanceof Error ? error.stack ?? error.message : error);
  }
  append(value: string): void {
    this.channel.append(value);
  }
  appendLine(value: string): void {
    this.channel.appendLine(value);
  }
  replace(value: string): void {
    this.channel.replace(value);
  }
  clear(): void {
    this.channel.clear();
  }
  show(columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    if (typeof columnOrPreserveFocus === 'boolean') this.channel.show(columnOrPreserveFocus);
    else this.channel.show(columnOrPreserveFocus, preserveFocus);
  }
  hide(): void {
    this.channel.hide();
  }
  dispose(): void {
    this.subscription.dispose();
    this.levelChanged.dispose();
    this.channel.dispose();
  }

  private write(level: string, message: string): void {
    this.channel.appendLine(`${new Date().toISOString()} [${level}] ${message}`);
  }
}
