// Shapes of the custom methods the server exposes (see CONTRACTS.md). Types only, plus method
// names, so that code using them does not load vscode-languageclient.

export const AssistantMethods = {
  explain: 'assistant/explain',
  status: 'assistant/status',
  statusChanged: 'assistant/statusChanged',
} as const;

/**
 * Commands the server declares in `executeCommandProvider` and puts in its code actions. In VS
 * Code the first two are shown by the extension's own views (ServerCommandRouter); other editors
 * let the server run them and answer through `window/showMessage`.
 */
export const AssistantServerCommands = {
  /** Arguments `[{ uri, range }]`: explain that range of the document. */
  explainSelection: 'assistantLsp.server.explainSelection',
  /** Arguments `[{ title, reasoning }]`: show the reasoning behind a code action. */
  showReasoning: 'assistantLsp.server.showReasoning',
  /** Counts an accepted inline completion; always goes to the server. */
  completionAccepted: 'assistantLsp.completionAccepted',
} as const;

export type ModelState = 'loading' | 'ready' | 'error' | 'none';

export interface ModelStatus {
  readonly state: ModelState;
  readonly model?: string | null;
  readonly executionProvider?: string | null;
  readonly message?: string | null;
  readonly stats?: ModelStatusStats | null;
  /** Grows with every change; see LatestStatusFilter. */
  readonly revision?: number | null;
}

export interface ModelStatusStats {
  readonly tokensPerSecond?: number | null;
  readonly [key: string]: unknown;
}

export interface LspPosition {
  readonly line: number;
  readonly character: number;
}

export interface LspRange {
  readonly start: LspPosition;
  readonly end: LspPosition;
}

export interface ExplainParams {
  readonly textDocument: { readonly uri: string };
  readonly range: LspRange;
  readonly question?: string;
  readonly partialResultToken?: string;
}

export type ExplainProgressKind = 'reasoning' | 'answer';

export interface ExplainProgressValue {
  readonly kind: ExplainProgressKind;
  readonly text: string;
}

export interface ExplainStats {
  readonly promptTokens?: number;
  readonly reasoningTokens?: number;
  readonly answerTokens?: number;
  readonly timeToFirstTokenMs?: number;
  readonly tokensPerSecond?: number;
}

export interface ExplainResult {
  readonly reasoning?: string | null;
  readonly answer?: string | null;
  readonly stats?: ExplainStats | null;
}
