// A small hand-written stand-in for the `vscode` module, enough for the extension's logic.
// The test build aliases `vscode` to this file; tests drive and inspect it through `mock`.

type Listener<T> = (event: T) => unknown;

export class Disposable {
  constructor(private readonly callOnDispose: () => void = () => undefined) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((item) => item.dispose()));
  }
  dispose(): void {
    this.callOnDispose();
  }
}

export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.push(listener);
    return new Disposable(() => (this.listeners = this.listeners.filter((l) => l !== listener)));
  };
  fire(event: T): void {
    for (const listener of [...this.listeners]) listener(event);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class CancellationTokenSource {
  private readonly emitter = new EventEmitter<void>();
  private cancelled = false;
  readonly token = {
    isCancellationRequested: false,
    onCancellationRequested: this.emitter.event,
  };
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.token.isCancellationRequested = true;
    this.emitter.fire();
  }
  dispose(): void {
    this.emitter.dispose();
  }
}

export class Uri {
  private constructor(readonly scheme: string, readonly authority: string, readonly path: string) {}
  static file(path: string): Uri {
    return new Uri('file', '', path);
  }
  static parse(value: string): Uri {
    const match = /^([a-z][\w+.-]*):\/\/([^/]*)(\/.*)?$/i.exec(value);
    if (!match) throw new Error(`mock Uri.parse cannot read ${value}`);
    return new Uri(match[1], match[2], match[3] ?? '/');
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(base.scheme, base.authority, [base.path.replace(/\/$/, ''), ...segments].join('/'));
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return `${this.scheme}://${this.authority}${this.path}`;
  }
}

export class Position {
  constructor(readonly line: number, readonly character: number) {}
}

export class Selection {
  readonly start: Position;
  readonly end: Position;
  constructor(anchor: Position, active: Position) {
    const anchorFirst = anchor.line < active.line || (anchor.line === active.line && anchor.character <= active.character);
    this.start = anchorFirst ? anchor : active;
    this.end = anchorFirst ? active : anchor;
  }
  get isEmpty(): boolean {
    return this.start.line === this.end.line && this.start.character === this.end.character;
  }
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(startLine: number, startCharacter: number, endLine: number, endCharacter: number) {
    this.start = new Position(startLine, startCharacter);
    this.end = new Position(endLine, endCharacter);
  }
}

export enum TextEditorRevealType {
  Default = 0,
  InCenter = 1,
  InCenterIfOutsideViewport = 2,
  AtTop = 3,
}

/** An editor the tests put among `mock.visibleTextEditors`; records the ranges revealed in it. */
export class MockTextEditor {
  readonly revealed: { range: Range; revealType?: TextEditorRevealType }[] = [];
  constructor(readonly document: { uri: Uri }) {}
  revealRange(range: Range, revealType?: TextEditorRevealType): void {
    this.revealed.push({ range, revealType });
  }
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}

export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}

export enum LogLevel {
  Off = 0,
  Trace = 1,
  Debug = 2,
  Info = 3,
  Warning = 4,
  Error = 5,
}

export enum ViewColumn {
  Active = -1,
  Beside = -2,
  One = 1,
}

export enum ConfigurationTarget {
  Global = 1,
  Workspace = 2,
  WorkspaceFolder = 3,
}

export interface RecordedProgress {
  readonly options: { location: ProgressLocation; title?: string; cancellable?: boolean };
  readonly task: Promise<unknown>;
  settled: boolean;
  /** What the notification's Cancel button does. */
  readonly cancel: () => void;
}

export interface MockStatusBarItem {
  id: string;
  name?: string;
  text: string;
  tooltip?: string;
  command?: string;
  backgroundColor?: ThemeColor;
  visible: boolean;
  disposed: boolean;
  show(): void;
  hide(): void;
  dispose(): void;
}

/** A webview panel that records what the extension does with it; tests play the page's part. */
export class MockWebviewPanel {
  readonly posted: unknown[] = [];
  readonly receive = new EventEmitter<unknown>();
  readonly disposeEmitter = new EventEmitter<void>();
  reveals = 0;
  disposed = false;
  readonly webview = {
    html: '',
    cspSource: 'https://mock.vscode-cdn.net',
    options: undefined as unknown,
    asWebviewUri: (uri: Uri) => Uri.parse(`https://mock.vscode-cdn.net${uri.path}`),
    postMessage: (message: unknown) => {
      this.posted.push(message);
      return Promise.resolve(true);
    },
    onDidReceiveMessage: this.receive.event,
  };
  readonly onDidDispose = this.disposeEmitter.event;
  constructor(
    readonly viewType: string,
    readonly title: string,
    readonly showOptions: unknown,
    readonly options: { enableScripts?: boolean; retainContextWhenHidden?: boolean; localResourceRoots?: Uri[] },
  ) {}
  reveal(): void {
    this.reveals++;
  }
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposeEmitter.fire();
  }
}

/** What the tests set up and inspect. */
export const mock = {
  configuration: new Map<string, unknown>(),
  configurationUpdates: [] as { section: string; key: string; value: unknown; target: unknown }[],
  messages: [] as { severity: 'error' | 'warning' | 'information'; message: string; items: string[] }[],
  /** The item the next shown message resolves with (then reset). */
  nextMessageChoice: undefined as string | undefined,
  executedCommands: [] as { command: string; args: unknown[] }[],
  registeredCommands: new Map<string, (...args: unknown[]) => unknown>(),
  progress: [] as RecordedProgress[],
  quickPicks: [] as { items: unknown[]; options: unknown }[],
  nextQuickPick: undefined as ((items: unknown[]) => unknown) | undefined,
  nextOpenDialog: undefined as Uri[] | undefined,
  openDialogs: [] as unknown[],
  clipboard: '',
  activeTextEditor: undefined as unknown,
  visibleTextEditors: [] as MockTextEditor[],
  /** Documents opened through workspace.openTextDocument; a uri in `unopenable` fails to open. */
  openedDocuments: [] as string[],
  unopenable: new Set<string>(),
  shownDocuments: [] as { uri: string; options: unknown }[],
  statusBarItems: [] as MockStatusBarItem[],
  webviewPanels: [] as MockWebviewPanel[],
  reset(): void {
    this.configuration.clear();
    this.configurationUpdates = [];
    this.messages = [];
    this.nextMessageChoice = undefined;
    this.executedCommands = [];
    this.registeredCommands.clear();
    this.progress = [];
    this.quickPicks = [];
    this.nextQuickPick = undefined;
    this.nextOpenDialog = undefined;
    this.openDialogs = [];
    this.clipboard = '';
    this.activeTextEditor = undefined;
    this.visibleTextEditors = [];
    this.openedDocuments = [];
    this.unopenable = new Set<string>();
    this.shownDocuments = [];
    this.statusBarItems = [];
    this.webviewPanels = [];
  },
};

function showMessage(severity: 'error' | 'warning' | 'information', message: string, ...items: unknown[]): Promise<string | undefined> {
  const labels = items.filter((item): item is string => typeof item === 'string');
  mock.messages.push({ severity, message, items: labels });
  const choice = mock.nextMessageChoice;
  mock.nextMessageChoice = undefined;
  return Promise.resolve(choice && labels.includes(choice) ? choice : undefined);
}

export const window = {
  get activeTextEditor(): unknown {
    return mock.activeTextEditor;
  },
  get visibleTextEditors(): MockTextEditor[] {
    return mock.visibleTextEditors;
  },
  showTextDocument(document: { uri: Uri }, options?: unknown): Promise<MockTextEditor> {
    mock.shownDocuments.push({ uri: document.uri.toString(), options });
    return Promise.resolve(new MockTextEditor(document));
  },
  showErrorMessage: (message: string, ...items: unknown[]) => showMessage('error', message, ...items),
  showWarningMessage: (message: string, ...items: unknown[]) => showMessage('warning', message, ...items),
  showInformationMessage: (message: string, ...items: unknown[]) => showMessage('information', message, ...items),
  withProgress<R>(
    options: RecordedProgress['options'],
    task: (progress: { report(value: unknown): void }, token: CancellationTokenSource['token']) => Promise<R>,
  ): Promise<R> {
    const cancellation = new CancellationTokenSource();
    const promise = task({ report: () => undefined }, cancellation.token);
    const record: RecordedProgress = { options, task: promise, settled: false, cancel: () => cancellation.cancel() };
    promise.then(
      () => (record.settled = true),
      () => (record.settled = true),
    );
    mock.progress.push(record);
    return promise;
  },
  createStatusBarItem(id: string): MockStatusBarItem {
    const item: MockStatusBarItem = {
      id,
      text: '',
      visible: false,
      disposed: false,
      show() {
        this.visible = true;
      },
      hide() {
        this.visible = false;
      },
      dispose() {
        this.disposed = true;
      },
    };
    mock.statusBarItems.push(item);
    return item;
  },
  createWebviewPanel(viewType: string, title: string, showOptions: unknown, options: MockWebviewPanel['options']): MockWebviewPanel {
    const panel = new MockWebviewPanel(viewType, title, showOptions, options);
    mock.webviewPanels.push(panel);
    return panel;
  },
  showQuickPick(items: unknown[], options: unknown): Promise<unknown> {
    mock.quickPicks.push({ items, options });
    return Promise.resolve(mock.nextQuickPick?.(items));
  },
  showOpenDialog(options: unknown): Promise<Uri[] | undefined> {
    mock.openDialogs.push(options);
    return Promise.resolve(mock.nextOpenDialog);
  },
};

export const workspace = {
  openTextDocument(uri: Uri): Promise<{ uri: Uri }> {
    const key = uri.toString();
    if (mock.unopenable.has(key)) return Promise.reject(new Error(`cannot open ${key}`));
    mock.openedDocuments.push(key);
    return Promise.resolve({ uri });
  },
  getConfiguration(section?: string) {
    const prefix = section ? `${section}.` : '';
    return {
      get<T>(key: string, defaultValue?: T): T | undefined {
        const full = prefix + key;
        return mock.configuration.has(full) ? (mock.configuration.get(full) as T) : defaultValue;
      },
      update(key: string, value: unknown, target?: unknown): Promise<void> {
        mock.configurationUpdates.push({ section: section ?? '', key, value, target });
        mock.configuration.set(prefix + key, value);
        return Promise.resolve();
      },
    };
  },
};

export const commands = {
  registerCommand(command: string, callback: (...args: unknown[]) => unknown): Disposable {
    mock.registeredCommands.set(command, callback);
    return new Disposable(() => mock.registeredCommands.delete(command));
  },
  executeCommand(command: string, ...args: unknown[]): Promise<unknown> {
    mock.executedCommands.push({ command, args });
    const registered = mock.registeredCommands.get(command);
    return Promise.resolve(registered?.(...args));
  },
};

export const env = {
  clipboard: {
    writeText(text: string): Promise<void> {
      mock.clipboard = text;
      return Promise.resolve();
    },
    readText(): Promise<string> {
      return Promise.resolve(mock.clipboard);
    },
  },
};
