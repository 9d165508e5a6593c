import type * as vscode from 'vscode';
import { ProgressType, type LanguageClient } from 'vscode-languageclient/node';
import type { ExplainTransport } from '../explain/explain-controller';
import { AssistantMethods, type ExplainParams, type ExplainResult } from '../protocol/assistant-protocol';

/** `assistant/explain` over the language client, streaming `$/progress` on the partial result token. */
export class LanguageClientExplainTransport implements ExplainTransport {
  private static readonly progressType = new ProgressType<unknown>();

  constructor(private readonly client: LanguageClient) {}

  async explain(params: ExplainParams, onProgress: (value: unknown) => void, token: vscode.CancellationToken): Promise<ExplainResult | null> {
    const subscription = params.partialResultToken
      ? this.client.onProgress(LanguageClientExplainTransport.progressType, params.partialResultToken, onProgress)
      : undefined;
    try {
      return await this.client.sendRequest<ExplainResult | null>(AssistantMethods.explain, params, token);
    } finally {
      subscription?.dispose();
    }
  }
}
