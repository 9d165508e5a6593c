import type { ExplainStats } from '../protocol/assistant-protocol';
import type { HostToPageMessage, PageToHostMessage } from './explain-messages';
import { MarkdownRenderer } from './markdown-renderer';

/** The part of VS Code's webview API the page uses (`acquireVsCodeApi()`). */
export interface WebviewHost {
  postMessage(message: PageToHostMessage): void;
}

interface Elements {
  readonly title: HTMLElement;
  readonly subtitle: HTMLElement;
  readonly cancel: HTMLButtonElement;
  readonly placeholder: HTMLElement;
  readonly thinking: HTMLDetailsElement;
  readonly thinkingLabel: HTMLElement;
  readonly thinkingMeta: HTMLElement;
  readonly reasoning: HTMLElement;
  readonly answer: HTMLElement;
  readonly status: HTMLElement;
  readonly stats: HTMLElement;
}

/**
 * The explain page. Reasoning streams into a "Thinking" section that is open while the model
 * thinks and folds away when the answer starts (showing token count and time); the answer is
 * rendered as Markdown; code blocks get a copy button. Driven only by window messages, so it can
 * be tested in a plain browser.
 */
export class ExplainView {
  private readonly el: Elements;
  private streaming = false;
  private mode: 'streaming' | 'static' = 'streaming';
  private reasoningChunks = 0;
  private thinkingStartedAt = 0;
  private thinkingEndedAt: number | undefined;
  private answerText = '';
  private renderPending = false;
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly doc: Document,
    private readonly host: WebviewHost,
    private readonly renderer = new MarkdownRenderer(),
    private readonly now: () => number = () => performance.now(),
  ) {
    const byId = <T extends HTMLElement>(id: string): T => {
      const found = doc.getElementById(id);
      if (!found) throw new Error(`The explain page lacks #${id}.`);
      return found as T;
    };
    this.el = {
      title: byId('title'),
      subtitle: byId('subtitle'),
      cancel: byId<HTMLButtonElement>('cancel'),
      placeholder: byId('placeholder'),
      thinking: byId<HTMLDetailsElement>('thinking'),
      thinkingLabel: byId('thinking-label'),
      thinkingMeta: byId('thinking-meta'),
      reasoning: byId('reasoning'),
      answer: byId('answer'),
      status: byId('status'),
      stats: byId('stats'),
    };
  }

  /** Binds listeners and tells the extension the page can take messages. */
  attach(win: Window): void {
    win.addEventListener('message', (event: MessageEvent) => this.handle(event.data));
    this.el.cancel.addEventListener('click', () => {
      this.el.cancel.disabled = true;
      this.host.postMessage({ type: 'cancel' });
    });
    this.el.answer.addEventListener('click', (event) => this.onAnswerClick(event));
    this.host.postMessage({ type: 'ready' });
  }

  handle(message: unknown): void {
    if (typeof message !== 'object' || message === null) return;
    const msg = message as HostToPageMessage;
    switch (msg.type) {
      case 'begin':
        this.begin(msg.title, msg.subtitle, msg.mode);
        break;
      case 'reasoning':
        if (typeof msg.text === 'string') this.appendReasoning(msg.text);
        break;
      case 'answer':
        if (typeof msg.text === 'string') this.appendAnswer(msg.text);
        break;
      case 'complete':
        this.finish('', msg.stats);
        break;
      case 'cancelled':
        this.finish('Cancelled.');
        break;
      case 'error':
        this.finish(typeof msg.message === 'string' ? msg.message : 'The explanation failed.', undefined, true);
        break;
    }
  }

  private begin(title: string, subtitle: string | undefined, mode: 'streaming' | 'static'): void {
    this.stopTicker();
    this.mode = mode === 'static' ? 'static' : 'streaming';
    this.streaming = this.mode === 'streaming';
    this.reasoningChunks = 0;
    this.thinkingStartedAt = this.now();
    this.thinkingEndedAt = undefined;
    this.answerText = '';
    this.el.title.textContent = title || 'Explain';
    this.el.subtitle.textContent = subtitle ?? '';
    this.el.placeholder.hidden = true;
    this.el.reasoning.textContent = '';
    this.el.answer.innerHTML = '';
    this.el.stats.textContent = '';
    this.setStatus(this.streaming ? 'Thinking…' : '');
    this.el.thinking.hidden = true;
    this.el.thinking.open = true;
    this.el.thinking.classList.toggle('streaming', this.streaming);
    this.el.thinkingLabel.textContent = this.streaming ? 'Thinking…' : 'Reasoning';
    this.el.thinkingMeta.textContent = '';
    this.el.cancel.hidden = !this.streaming;
    this.el.cancel.disabled = false;
    if (this.streaming) this.ticker = setInterval(() => this.updateThinkingMeta(), 200);
  }

  private appendReasoning(text: string): void {
    if (this.thinkingEndedAt !== undefined && this.mode === 'streaming') return;
    this.reasoningChunks++;
    if (this.el.thinking.hidden) this.setStatus(''); // the open "Thinking…" section says it now
    this.el.thinking.hidden = false;
    this.el.reasoning.append(this.doc.createTextNode(text));
    this.updateThinkingMeta();
  }

  private appendAnswer(text: string): void {
    if (this.thinkingEndedAt === undefined) {
      // The answer starts: fold the reasoning away, once; the user may open it again.
      this.thinkingEndedAt = this.now();
      this.el.thinking.open = false;
      this.el.thinking.classList.remove('streaming');
      this.el.thinkingLabel.textContent = `Thought for ${ExplainView.seconds(this.thinkingEndedAt - this.thinkingStartedAt)}`;
      this.updateThinkingMeta();
      if (this.streaming) this.setStatus('Answering…');
    }
    this.answerText += text;
    this.scheduleRender();
  }

  private finish(statusText: string, stats?: ExplainStats, isError = false): void {
    const wasStreaming = this.streaming;
    this.streaming = false;
    this.stopTicker();
    this.el.cancel.hidden = true;
    this.el.thinking.classList.remove('streaming');
    this.renderAnswer();
    if (wasStreaming && this.thinkingEndedAt === undefined) {
      this.thinkingEndedAt = this.now();
      const elapsed = ExplainView.seconds(this.thinkingEndedAt - this.thinkingStartedAt);
      this.el.thinkingLabel.textContent = isError || statusText ? `Thinking stopped after ${elapsed}` : `Thought for ${elapsed}`;
    }
    if (stats && typeof stats.reasoningTokens === 'number') this.reasoningChunks = stats.reasoningTokens;
    this.updateThinkingMeta();
    if (!isError && !statusText && this.mode === 'streaming' && this.answerText.trim() === '') {
      statusText = 'The model gave no answer (its reasoning may have used the whole budget).';
    }
    this.setStatus(statusText, isError);
    this.el.stats.textContent = stats ? ExplainView.describeStats(stats) : '';
  }

  private updateThinkingMeta(): void {
    if (this.reasoningChunks === 0) {
      this.el.thinkingMeta.textContent = '';
      return;
    }
    const tokens = `${this.reasoningChunks} token${this.reasoningChunks === 1 ? '' : 's'}`;
    if (this.mode === 'static') {
      this.el.thinkingMeta.textContent = '';
      return;
    }
    this.el.thinkingMeta.textContent =
      this.thinkingEndedAt === undefined ? `${tokens} · ${ExplainView.seconds(this.now() - this.thinkingStartedAt)}` : tokens;
  }

  private scheduleRender(): void {
    if (this.renderPending) return;
    this.renderPending = true;
    requestAnimationFrame(() => this.renderAnswer());
  }

  private renderAnswer(): void {
    this.renderPending = false;
    this.el.answer.innerHTML = this.renderer.render(this.answerText);
  }

  private onAnswerClick(event: Event): void {
    const target = event.target as Element | null;
    const button = target?.closest?.('button.copy-button') as HTMLButtonElement | null;
    if (!button) return;
    const code = button.closest('.code-block')?.querySelector('code')?.textContent ?? '';
    this.host.postMessage({ type: 'copy', text: code });
    button.textContent = 'Copied';
    setTimeout(() => (button.textContent = 'Copy'), 1500);
  }

  private setStatus(text: string, isError = false): void {
    this.el.status.textContent = text;
    this.el.status.classList.toggle('error', isError);
  }

  private stopTicker(): void {
    if (this.ticker !== undefined) clearInterval(this.ticker);
    this.ticker = undefined;
  }

  static seconds(ms: number): string {
    return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
  }

  static describeStats(stats: ExplainStats): string {
    const parts: string[] = [];
    if (typeof stats.promptTokens === 'number') parts.push(`${stats.promptTokens} prompt tokens`);
    if (typeof stats.reasoningTokens === 'number') parts.push(`${stats.reasoningTokens} reasoning`);
    if (typeof stats.answerTokens === 'number') parts.push(`${stats.answerTokens} answer`);
    if (typeof stats.tokensPerSecond === 'number') parts.push(`${stats.tokensPerSecond.toFixed(1)} tok/s`);
    if (typeof stats.timeToFirstTokenMs === 'number') parts.push(`first token ${Math.round(stats.timeToFirstTokenMs)} ms`);
    return parts.join(' · ');
  }
}
