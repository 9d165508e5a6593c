import { AssistantServerCommands, type LspRange } from '../protocol/assistant-protocol';

/** The extension's views that show what the server's code-action commands ask for. */
export interface ServerCommandViews {
  explainRange(uri: string, range: LspRange): Promise<void>;
  showActionReasoning(...args: unknown[]): void;
}

/** Sends a command on to the server (languageclient's `workspace/executeCommand`). */
export type ServerCommandForwarder = (command: string, args: unknown[]) => unknown;

/** The document range `assistantLsp.server.explainSelection` names. */
export interface ExplainTarget {
  readonly uri: string;
  readonly range: LspRange;
}

/**
 * languageclient's `executeCommand` middleware. The server's code actions carry server commands
 * so that every editor can run them; in other editors the server answers with
 * `window/showMessage`, but VS Code has richer views: explain and show-reasoning open the
 * explain view here and never reach the server. Every other command goes on to the server.
 */
export class ServerCommandRouter {
  constructor(
    private readonly views: ServerCommandViews,
    private readonly reportError: (message: string) => void,
  ) {}

  executeCommand(command: string, args: unknown[], next: ServerCommandForwarder): unknown {
    switch (command) {
      case AssistantServerCommands.explainSelection: {
        const target = ServerCommandRouter.readExplainTarget(args);
        if (!target) {
          this.reportError('Assistant: the explain command did not name a document range.');
          return undefined;
        }
        // Not awaited: the code action is done once the view is open; the view shows the rest.
        void this.views.explainRange(target.uri, target.range);
        return undefined;
      }
      case AssistantServerCommands.showReasoning:
        this.views.showActionReasoning(...args);
        return undefined;
      default:
        return next(command, args);
    }
  }

  /** Reads `[{ uri, range }]`; undefined unless the uri is a non-empty string and the range well formed. */
  static readExplainTarget(args: readonly unknown[]): ExplainTarget | undefined {
    const first = args[0];
    if (typeof first !== 'object' || first === null) return undefined;
    const { uri, range } = first as { uri?: unknown; range?: unknown };
    if (typeof uri !== 'string' || !uri.trim()) return undefined;
    if (typeof range !== 'object' || range === null) return undefined;
    const { start, end } = range as { start?: unknown; end?: unknown };
    const startPosition = ServerCommandRouter.readPosition(start);
    const endPosition = ServerCommandRouter.readPosition(end);
    if (!startPosition || !endPosition) return undefined;
    return { uri, range: { start: startPosition, end: endPosition } };
  }

  private static readPosition(value: unknown): LspRange['start'] | undefined {
    if (typeof value !== 'object' || value === null) return undefined;
    const { line, character } = value as { line?: unknown; character?: unknown };
    const valid = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;
    return valid(line) && valid(character) ? { line, character } : undefined;
  }
}
