import type { ExplainProgressValue, ExplainResult, ExplainStats } from '../protocol/assistant-protocol';
import type { HostToPageMessage } from '../webview/explain-messages';

export type ExplainSessionState = 'idle' | 'thinking' | 'answering' | 'done' | 'cancelled' | 'failed';

/**
 * One explanation's life: streamed `$/progress` values become page messages; the final response
 * adds only what was not streamed (LSP partial-result rule), so nothing is shown twice.
 * States: idle → thinking → answering → done, or → cancelled / failed from any running state.
 * Anything arriving after a terminal state is dropped.
 */
export class ExplainSession {
  private current: ExplainSessionState = 'idle';
  private reasoningText = '';
  private answerText = '';

  constructor(private readonly post: (message: HostToPageMessage) => void) {}

  get state(): ExplainSessionState {
    return this.current;
  }

  get reasoning(): string {
    return this.reasoningText;
  }

  get answer(): string {
    return this.answerText;
  }

  get isRunning(): boolean {
    return this.current === 'thinking' || this.current === 'answering';
  }

  start(title: string, subtitle?: string): void {
    if (this.current !== 'idle') throw new Error(`An explain session starts once (state: ${this.current}).`);
    this.current = 'thinking';
    this.post({ type: 'begin', title, subtitle, mode: 'streaming' });
  }

  /** A `$/progress` value; malformed values are ignored rather than shown. */
  onProgress(value: unknown): void {
    if (!this.isRunning || !ExplainSession.isProgressValue(value) || value.text.length === 0) return;
    if (value.kind === 'reasoning') {
      // Reasoning after the answer began would be a server bug; keep it out of the answer.
      if (this.current !== 'thinking') return;
      this.reasoningText += value.text;
      this.post({ type: 'reasoning', text: value.text });
    } else {
      this.current = 'answering';
      this.answerText += value.text;
      this.post({ type: 'answer', text: value.text });
    }
  }

  complete(result: ExplainResult | null | undefined): void {
    if (!this.isRunning) return;
    const reasoningRest = ExplainSession.unstreamed(this.reasoningText, result?.reasoning);
    if (reasoningRest && this.current === 'thinking') {
      this.reasoningText += reasoningRest;
      this.post({ type: 'reasoning', text: reasoningRest });
    }
    const answerRest = ExplainSession.unstreamed(this.answerText, result?.answer);
    if (answerRest) {
      this.answerText += answerRest;
      this.post({ type: 'answer', text: answerRest });
    }
    this.current = 'done';
    const stats: ExplainStats | undefined = result?.stats ?? undefined;
    this.post({ type: 'complete', stats });
  }

  cancel(): void {
    if (!this.isRunning) return;
    this.current = 'cancelled';
    this.post({ type: 'cancelled' });
  }

  fail(message: string): void {
    if (!this.isRunning) return;
    this.current = 'failed';
    this.post({ type: 'error', message });
  }

  /**
   * The part of the final text not yet streamed. Per LSP the final response carries only what was
   * not streamed, but a server may also repeat the whole text: a final text that extends the
   * streamed one adds its tail, one already contained in it adds nothing, anything else is a
   * remainder and is added whole.
   */
  static unstreamed(streamed: string, final: string | null | undefined): string {
    if (!final) return '';
    if (final.startsWith(streamed)) return final.slice(streamed.length);
    if (streamed.includes(final)) return '';
    return final;
  }

  static isProgressValue(value: unknown): value is ExplainProgressValue {
    if (typeof value !== 'object' || value === null) return false;
    const candidate = value as { kind?: unknown; text?: unknown };
    return (candidate.kind === 'reasoning' || candidate.kind === 'answer') && typeof candidate.text === 'string';
  }
}
