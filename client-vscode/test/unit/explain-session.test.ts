import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExplainSession } from '../../src/explain/explain-session';
import type { HostToPageMessage } from '../../src/webview/explain-messages';

const record = () => {
  const messages: HostToPageMessage[] = [];
  return { messages, session: new ExplainSession((m) => messages.push(m)) };
};

describe('ExplainSession', () => {
  it('streams thinking, then the answer, then completes', () => {
    const { messages, session } = record();
    session.start('Explain selection', 'a.ts:1–2');
    assert.equal(session.state, 'thinking');
    session.onProgress({ kind: 'reasoning', text: 'Let me ' });
    session.onProgress({ kind: 'reasoning', text: 'see.' });
    session.onProgress({ kind: 'answer', text: 'It adds ' });
    assert.equal(session.state, 'answering');
    session.onProgress({ kind: 'answer', text: 'numbers.' });
    session.complete({ reasoning: 'Let me see.', answer: 'It adds numbers.', stats: { tokensPerSecond: 9 } });
    assert.equal(session.state, 'done');
    assert.deepEqual(messages, [
      { type: 'begin', title: 'Explain selection', subtitle: 'a.ts:1–2', mode: 'streaming' },
      { type: 'reasoning', text: 'Let me ' },
      { type: 'reasoning', text: 'see.' },
      { type: 'answer', text: 'It adds ' },
      { type: 'answer', text: 'numbers.' },
      { type: 'complete', stats: { tokensPerSecond: 9 } },
    ]);
    assert.equal(session.reasoning, 'Let me see.');
    assert.equal(session.answer, 'It adds numbers.');
  });

  it('shows the final result when nothing was streamed', () => {
    const { messages, session } = record();
    session.start('t');
    session.complete({ reasoning: 'R', answer: 'A' });
    assert.deepEqual(messages.slice(1), [
      { type: 'reasoning', text: 'R' },
      { type: 'answer', text: 'A' },
      { type: 'complete', stats: undefined },
    ]);
  });

  it('adds only the unstreamed remainder of the final result', () => {
    const { messages, session } = record();
    session.start('t');
    session.onProgress({ kind: 'answer', text: 'Hello' });
    session.complete({ answer: 'Hello world' });
    assert.deepEqual(messages.slice(1), [
      { type: 'answer', text: 'Hello' },
      { type: 'answer', text: ' world' },
      { type: 'complete', stats: undefined },
    ]);
  });

  const remainderCases: [string, string, string | null | undefined, string][] = [
    ['nothing streamed', '', 'all', 'all'],
    ['final extends streamed', 'ab', 'abc', 'c'],
    ['final equals streamed', 'abc', 'abc', ''],
    ['final already contained (trimmed)', '  abc\n', 'abc', ''],
    ['final is only the remainder', 'abc', 'def', 'def'],
    ['no final text', 'abc', null, ''],
    ['empty final text', 'abc', '', ''],
  ];
  for (const [name, streamed, final, expected] of remainderCases) {
    it(`unstreamed: ${name}`, () => assert.equal(ExplainSession.unstreamed(streamed, final), expected));
  }

  it('ignores malformed and empty progress values', () => {
    const { messages, session } = record();
    session.start('t');
    for (const value of [null, 'text', { kind: 'other', text: 'x' }, { kind: 'answer' }, { kind: 'answer', text: 5 }, { kind: 'reasoning', text: '' }]) {
      session.onProgress(value);
    }
    assert.equal(messages.length, 1);
    assert.equal(session.state, 'thinking');
  });

  it('keeps late reasoning out of the answer', () => {
    const { messages, session } = record();
    session.start('t');
    session.onProgress({ kind: 'answer', text: 'A' });
    session.onProgress({ kind: 'reasoning', text: 'late thought' });
    session.complete({ reasoning: 'late thought', answer: 'A' });
    assert.deepEqual(messages.map((m) => m.type), ['begin', 'answer', 'complete']);
  });

  it('cancels once and drops everything after', () => {
    const { messages, session } = record();
    session.start('t');
    session.onProgress({ kind: 'reasoning', text: 'hmm' });
    session.cancel();
    session.cancel();
    session.onProgress({ kind: 'answer', text: 'too late' });
    session.complete({ answer: 'too late' });
    session.fail('also late');
    assert.equal(session.state, 'cancelled');
    assert.deepEqual(messages.map((m) => m.type), ['begin', 'reasoning', 'cancelled']);
  });

  it('fails with a message', () => {
    const { messages, session } = record();
    session.start('t');
    session.fail('boom');
    assert.equal(session.state, 'failed');
    assert.deepEqual(messages[1], { type: 'error', message: 'boom' });
    assert.equal(session.isRunning, false);
  });

  it('starts only once', () => {
    const { session } = record();
    session.start('t');
    assert.throws(() => session.start('again'), /starts once/);
  });

  it('ignores progress before start', () => {
    const { messages, session } = record();
    session.onProgress({ kind: 'answer', text: 'x' });
    assert.equal(messages.length, 0);
    assert.equal(session.state, 'idle');
  });
});
