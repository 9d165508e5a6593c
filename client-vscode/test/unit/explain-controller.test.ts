import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { ExplainController, type ExplainTransport } from '../../src/explain/explain-controller';
import type { ExplainSurface } from '../../src/explain/explain-panel';
import type { ExplainParams, ExplainResult, ExplainStats } from '../../src/protocol/assistant-protocol';
import type { HostToPageMessage } from '../../src/webview/explain-messages';
import { EventEmitter, mock, MockTextEditor, Position, Selection, TextEditorRevealType, Uri } from '../mocks/vscode';

class RecordingSurface implements ExplainSurface {
  readonly messages: HostToPageMessage[] = [];
  reveals = 0;
  readonly cancelEmitter = new EventEmitter<void>();
  readonly onDidRequestCancel = this.cancelEmitter.event as unknown as vscode.Event<void>;
  reveal(): void {
    this.reveals++;
  }
  post(message: HostToPageMessage): void {
    this.messages.push(message);
  }
}

/** A transport that plays a script of progress values, then answers (or fails), honouring cancellation. */
class ScriptedTransport implements ExplainTransport {
  readonly calls: ExplainParams[] = [];
  cancelled = false;
  constructor(
    private readonly progress: unknown[],
    private readonly outcome: ExplainResult | Error | 'hang',
  ) {}
  async explain(params: ExplainParams, onProgress: (value: unknown) => void, token: vscode.CancellationToken): Promise<ExplainResult | null> {
    this.calls.push(params);
    for (const value of this.progress) {
      await Promise.resolve();
      onProgress(value);
    }
    if (this.outcome === 'hang') {
      return new Promise((_, reject) =>
        token.onCancellationRequested(() => {
          this.cancelled = true;
          reject(Object.assign(new Error('Request cancelled'), { code: -32800 }));
        }),
      );
    }
    if (this.outcome instanceof Error) throw this.outcome;
    return this.outcome;
  }
}

const editor = (startLine: number, startChar: number, endLine: number, endChar: number) =>
  ({
    document: { uri: Uri.file('/work/src/calc.ts') },
    selection: new Selection(new Position(startLine, startChar), new Position(endLine, endChar)),
  }) as unknown as vscode.TextEditor;

const setup = (transport: ExplainTransport | undefined) => {
  const surface = new RecordingSurface();
  const stats: ExplainStats[] = [];
  let next = 0;
  const controller = new ExplainController({ transport: () => transport, surface, newToken: () => `token-${++next}`, onStats: (s) => stats.push(s) });
  return { surface, stats, controller };
};

describe('ExplainController', () => {
  beforeEach(() => mock.reset());

  it('sends assistant/explain for the selection with a fresh partial result token and streams into the view', async () => {
    const transport = new ScriptedTransport(
      [{ kind: 'reasoning', text: 'Adds two numbers.' }, { kind: 'answer', text: 'It returns `a + b`.' }],
      { reasoning: 'Adds two numbers.', answer: 'It returns `a + b`.', stats: { tokensPerSecond: 11, reasoningTokens: 4 } },
    );
    const { surface, stats, controller } = setup(transport);
    await controller.explainSelection(editor(2, 4, 5, 1), 'What does it return?');
    assert.deepEqual(transport.calls, [
      {
        textDocument: { uri: 'file:///work/src/calc.ts' },
        range: { start: { line: 2, character: 4 }, end: { line: 5, character: 1 } },
        question: 'What does it return?',
        partialResultToken: 'token-1',
      },
    ]);
    assert.equal(surface.reveals, 1);
    assert.deepEqual(surface.messages, [
      { type: 'begin', title: 'What does it return?', subtitle: 'calc.ts:3–6 (4 lines)', mode: 'streaming' },
      { type: 'reasoning', text: 'Adds two numbers.' },
      { type: 'answer', text: 'It returns `a + b`.' },
      { type: 'complete', stats: { tokensPerSecond: 11, reasoningTokens: 4 } },
    ]);
    assert.deepEqual(stats, [{ tokensPerSecond: 11, reasoningTokens: 4 }]);
    assert.equal(controller.session, undefined);
  });

  it('omits the question when none is asked', async () => {
    const transport = new ScriptedTransport([], { answer: 'ok' });
    const { controller } = setup(transport);
    await controller.explainSelection(editor(0, 0, 0, 3));
    assert.equal('question' in transport.calls[0], false);
  });

  it('cancels the request from the view\'s Cancel button', async () => {
    const transport = new ScriptedTransport([{ kind: 'reasoning', text: 'thinking…' }], 'hang');
    const { surface, controller } = setup(transport);
    const running = controller.explainSelection(editor(0, 0, 1, 0));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(controller.session?.state, 'thinking');
    surface.cancelEmitter.fire();
    await running;
    assert.equal(transport.cancelled, true);
    assert.deepEqual(surface.messages.map((m) => m.type), ['begin', 'reasoning', 'cancelled']);
  });

  it('a new explanation cancels the running one', async () => {
    const first = new ScriptedTransport([], 'hang');
    let transport: ExplainTransport = first;
    const surface = new RecordingSurface();
    const controller = new ExplainController({ transport: () => transport, surface, newToken: () => 't' });
    const running = controller.explainSelection(editor(0, 0, 1, 0));
    await new Promise((resolve) => setImmediate(resolve));
    transport = new ScriptedTransport([], { answer: 'second' });
    await controller.explainSelection(editor(0, 0, 1, 0));
    await running;
    assert.equal(first.cancelled, true);
    assert.deepEqual(surface.messages.map((m) => m.type), ['begin', 'cancelled', 'begin', 'answer', 'complete']);
  });

  const failures: [string, Error, RegExp][] = [
    ['method not found', Object.assign(new Error('Unhandled method assistant/explain'), { code: -32601 }), /does not support explanations/],
    ['server error with code', Object.assign(new Error('model not loaded'), { code: -32803 }), /^model not loaded \(error -32803\)$/],
    ['plain error', new Error('connection lost'), /^connection lost$/],
  ];
  for (const [name, error, expected] of failures) {
    it(`shows a failure: ${name}`, async () => {
      const { surface, controller } = setup(new ScriptedTransport([], error));
      await controller.explainSelection(editor(0, 0, 1, 0));
      const last = surface.messages[surface.messages.length - 1];
      assert.equal(last.type, 'error');
      assert.match((last as { message: string }).message, expected);
    });
  }

  it('asks for a selection first', async () => {
    const transport = new ScriptedTransport([], { answer: 'x' });
    const { surface, controller } = setup(transport);
    await controller.explainSelection(editor(3, 2, 3, 2));
    await controller.explainSelection(undefined);
    assert.equal(transport.calls.length, 0);
    assert.equal(surface.messages.length, 0);
    assert.match(mock.messages[0].message, /select the code/);
  });

  it('says so when the server is not running', async () => {
    const { surface, controller } = setup(undefined);
    await controller.explainSelection(editor(0, 0, 1, 0));
    assert.equal(surface.messages.length, 0);
    assert.equal(mock.messages[0].severity, 'error');
    assert.match(mock.messages[0].message, /not running/);
  });

  it('shows a code action\'s reasoning without a request', () => {
    const transport = new ScriptedTransport([], { answer: 'x' });
    const { surface, controller } = setup(transport);
    controller.showActionReasoning({ title: 'Add a null check', data: { reasoning: '`x` can be null here.' } });
    assert.equal(transport.calls.length, 0);
    assert.deepEqual(surface.messages, [
      { type: 'begin', title: 'Add a null check', subtitle: 'Reasoning behind the code action', mode: 'static' },
      { type: 'reasoning', text: '`x` can be null here.' },
      { type: 'complete' },
    ]);
  });

  it('tells the user when a code action carries no reasoning', () => {
    const { surface, controller } = setup(undefined);
    controller.showActionReasoning({ title: 'x' });
    assert.equal(surface.messages.length, 0);
    assert.match(mock.messages[0].message, /no reasoning/);
  });
  describe('explainRange (the server\'s explain code action)', () => {
    const range = { start: { line: 4, character: 2 }, end: { line: 6, character: 0 } };

    it('opens and shows the document with the range selected, then explains that range', async () => {
      const transport = new ScriptedTransport([{ kind: 'answer', text: 'It parses.' }], { answer: 'It parses.', stats: { tokensPerSecond: 9 } });
      const { surface, stats, controller } = setup(transport);
      await controller.explainRange('file:///work/src/parse.ts', range);
      assert.deepEqual(mock.openedDocuments, ['file:///work/src/parse.ts']);
      assert.equal(mock.shownDocuments.length, 1);
      const shown = mock.shownDocuments[0];
      assert.equal(shown.uri, 'file:///work/src/parse.ts');
      const selection = (shown.options as { selection: { start: Position; end: Position } }).selection;
      assert.deepEqual([selection.start.line, selection.start.character, selection.end.line, selection.end.character], [4, 2, 6, 0]);
      assert.deepEqual(transport.calls, [{ textDocument: { uri: 'file:///work/src/parse.ts' }, range, partialResultToken: 'token-1' }]);
      assert.deepEqual(surface.messages, [
        { type: 'begin', title: 'Explain selection', subtitle: 'parse.ts:5–7 (3 lines)', mode: 'streaming' },
        { type: 'answer', text: 'It parses.' },
        { type: 'complete', stats: { tokensPerSecond: 9 } },
      ]);
      assert.deepEqual(stats, [{ tokensPerSecond: 9 }]);
    });

    it('reveals the range in an editor that already shows the document instead of opening it again', async () => {
      const transport = new ScriptedTransport([], { answer: 'ok' });
      const { controller } = setup(transport);
      const visible = new MockTextEditor({ uri: Uri.file('/work/src/parse.ts') });
      mock.visibleTextEditors = [new MockTextEditor({ uri: Uri.file('/work/src/other.ts') }), visible];
      await controller.explainRange('file:///work/src/parse.ts', range);
      assert.deepEqual(mock.openedDocuments, []);
      assert.deepEqual(mock.shownDocuments, []);
      assert.equal(visible.revealed.length, 1);
      assert.equal(visible.revealed[0].revealType, TextEditorRevealType.InCenterIfOutsideViewport);
      assert.equal(visible.revealed[0].range.start.line, 4);
      assert.equal(transport.calls.length, 1);
    });

    it('reports a document that cannot be opened without sending a request', async () => {
      const transport = new ScriptedTransport([], { answer: 'x' });
      const { surface, controller } = setup(transport);
      mock.unopenable.add('file:///work/gone.ts');
      await controller.explainRange('file:///work/gone.ts', range);
      assert.equal(transport.calls.length, 0);
      assert.equal(surface.messages.length, 0);
      assert.equal(mock.messages[0].severity, 'error');
      assert.match(mock.messages[0].message, /cannot open file:\/\/\/work\/gone\.ts/);
    });

    it('says so when the server is not running, opening nothing', async () => {
      const { surface, controller } = setup(undefined);
      await controller.explainRange('file:///work/src/parse.ts', range);
      assert.deepEqual(mock.openedDocuments, []);
      assert.equal(surface.messages.length, 0);
      assert.match(mock.messages[0].message, /not running/);
    });

    it('cancels a running explanation when a new range is explained', async () => {
      const first = new ScriptedTransport([], 'hang');
      let transport: ExplainTransport = first;
      const surface = new RecordingSurface();
      const controller = new ExplainController({ transport: () => transport, surface, newToken: () => 't' });
      const running = controller.explainSelection(editor(0, 0, 1, 0));
      await new Promise((resolve) => setImmediate(resolve));
      transport = new ScriptedTransport([], { answer: 'second' });
      await controller.explainRange('file:///work/src/parse.ts', range);
      await running;
      assert.equal(first.cancelled, true);
      assert.deepEqual(surface.messages.map((m) => m.type), ['begin', 'cancelled', 'begin', 'answer', 'complete']);
    });
  });
});
