// The explain page in headless Chromium: the real HTML, bundle and CSS under the strict CSP, fed a
// message stream as the extension sends it. Screenshots go to <repo>/artifacts/client/.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { ExplainPageHarness, launchBrowser } from '../support/explain-page-harness';
import { repositoryRoot } from '../support/language-server-process';

const screenshots = join(repositoryRoot, 'artifacts', 'client');

const reasoning =
  'The user selected a function that sums a list. Let me check the edge cases: an empty list returns 0 because reduce starts at 0. ' +
  'Negative numbers are fine. There is no overflow handling, but JavaScript numbers are doubles.';
const answer = [
  '## What it does',
  '',
  '`sum` adds up every number in `values` and returns the **total**; an empty array gives `0`.',
  '',
  '```ts',
  'export function sum(values: number[]): number {',
  '  return values.reduce((total, v) => total + v, 0);',
  '}',
  '```',
  '',
  '- Runs in *O(n)* time.',
  '- Untrusted HTML stays text: <img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script>',
].join('\n');

const state = (h: ExplainPageHarness) =>
  h.page.evaluate(() => {
    const $ = (id: string) => document.getElementById(id)!;
    const thinking = $('thinking') as HTMLDetailsElement;
    return {
      thinkingHidden: thinking.hidden,
      thinkingOpen: thinking.open,
      label: $('thinking-label').textContent ?? '',
      meta: $('thinking-meta').textContent ?? '',
      reasoning: $('reasoning').textContent ?? '',
      answerHtml: $('answer').innerHTML,
      answerText: $('answer').textContent ?? '',
      status: $('status').textContent ?? '',
      statusIsError: $('status').classList.contains('error'),
      stats: $('stats').textContent ?? '',
      cancelVisible: !($('cancel') as HTMLButtonElement).hidden,
      title: $('title').textContent ?? '',
      subtitle: $('subtitle').textContent ?? '',
      pwned: (window as unknown as { __pwned?: number }).__pwned,
    };
  });

describe('explain page (headless Chromium)', () => {
  let browser: Browser;

  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  it('streams thinking open, folds it when the answer starts, renders safe markdown with a copy button', async () => {
    const h = await ExplainPageHarness.open(browser);
    await h.send({ type: 'begin', title: 'Explain selection', subtitle: 'sum.ts:1–3 (3 lines)', mode: 'streaming' });
    const chunks = await h.stream('reasoning', reasoning);

    let s = await state(h);
    assert.equal(s.title, 'Explain selection');
    assert.equal(s.subtitle, 'sum.ts:1–3 (3 lines)');
    assert.equal(s.thinkingHidden, false);
    assert.equal(s.thinkingOpen, true, 'thinking is open while the model thinks');
    assert.equal(s.label, 'Thinking…');
    assert.match(s.meta, new RegExp(`^${chunks} tokens · \\d+\\.\\d s$`));
    assert.equal(s.reasoning, reasoning);
    assert.equal(s.cancelVisible, true);
    assert.equal(s.answerText, '');
    await h.page.screenshot({ path: join(screenshots, 'explain-view-thinking.png') });

    await h.stream('answer', answer.slice(0, 120));
    s = await state(h);
    assert.equal(s.thinkingOpen, false, 'thinking folds away once the answer starts');
    assert.match(s.label, /^Thought for \d+\.\d s$/);
    assert.equal(s.meta, `${chunks} tokens`);
    assert.equal(s.status, 'Answering…');
    assert.match(s.answerHtml, /<h2>What it does<\/h2>/);

    await h.stream('answer', answer.slice(120));
    await h.send({ type: 'complete', stats: { promptTokens: 96, reasoningTokens: 41, answerTokens: 88, tokensPerSecond: 23.4, timeToFirstTokenMs: 180 } });
    await h.nextFrame();
    s = await state(h);
    assert.equal(s.cancelVisible, false);
    assert.equal(s.status, '');
    assert.equal(s.meta, '41 tokens', 'the final count comes from the stats');
    assert.equal(s.stats, '96 prompt tokens · 41 reasoning · 88 answer · 23.4 tok/s · first token 180 ms');

    const code = await h.page.locator('#answer .code-block code.language-ts').textContent();
    assert.equal(code, 'export function sum(values: number[]): number {\n  return values.reduce((total, v) => total + v, 0);\n}');
    assert.equal(await h.page.locator('#answer .code-block .code-language').textContent(), 'ts');
    assert.equal(await h.page.locator('#answer strong').first().textContent(), 'total');
    assert.equal(await h.page.locator('#answer li').count(), 2);

    // HTML in the answer is shown as text, never run or rendered.
    assert.equal(await h.page.locator('#answer img, #answer script').count(), 0);
    assert.match(s.answerText, /<img src=x onerror="window.__pwned=1">/);
    assert.equal(s.pwned, undefined);

    await h.page.locator('#answer .copy-button').click();
    const copied = (await h.posted()).filter((m) => m.type === 'copy');
    assert.deepEqual(copied, [{ type: 'copy', text: code }]);
    assert.equal(await h.page.locator('#answer .copy-button').textContent(), 'Copied');

    await h.page.screenshot({ path: join(screenshots, 'explain-view-answer.png'), fullPage: true });
    await h.page.locator('#thinking summary').click();
    assert.equal((await state(h)).thinkingOpen, true, 'the user can open the reasoning again');
    assert.deepEqual(await h.cspViolations(), []);
    await h.page.close();
  });

  it('Cancel posts a cancel message; a cancelled stream says so', async () => {
    const h = await ExplainPageHarness.open(browser);
    await h.send({ type: 'begin', title: 'Explain selection', mode: 'streaming' });
    await h.stream('reasoning', 'Thinking about it');
    await h.page.locator('#cancel').click();
    assert.ok((await h.posted()).some((m) => m.type === 'cancel'));
    await h.send({ type: 'cancelled' });
    const s = await state(h);
    assert.equal(s.status, 'Cancelled.');
    assert.equal(s.cancelVisible, false);
    assert.match(s.label, /^Thinking stopped after \d+\.\d s$/);
    await h.page.close();
  });

  it('shows an error from the server', async () => {
    const h = await ExplainPageHarness.open(browser);
    await h.send({ type: 'begin', title: 'Explain selection', mode: 'streaming' }, { type: 'error', message: 'No model is loaded.' });
    const s = await state(h);
    assert.equal(s.status, 'No model is loaded.');
    assert.equal(s.statusIsError, true);
    assert.equal(s.cancelVisible, false);
    await h.page.close();
  });

  it('says so when the model thought but gave no answer', async () => {
    const h = await ExplainPageHarness.open(browser);
    await h.send({ type: 'begin', title: 'Explain selection', mode: 'streaming' });
    await h.stream('reasoning', 'so much thinking');
    await h.send({ type: 'complete', stats: { reasoningTokens: 1024, answerTokens: 0 } });
    const s = await state(h);
    assert.match(s.status, /no answer/);
    assert.equal(s.thinkingOpen, true, 'the reasoning stays visible when there is no answer');
    await h.page.close();
  });

  it('hides the thinking section when the model streams no reasoning', async () => {
    const h = await ExplainPageHarness.open(browser);
    await h.send({ type: 'begin', title: 'Explain selection', mode: 'streaming' });
    await h.stream('answer', 'Just an answer.');
    await h.send({ type: 'complete' });
    const s = await state(h);
    assert.equal(s.thinkingHidden, true);
    assert.equal(s.answerHtml, '<p>Just an answer.</p>');
    await h.page.close();
  });

  it("shows a code action's reasoning, open, without Cancel", async () => {
    const h = await ExplainPageHarness.open(browser);
    await h.send(
      { type: 'begin', title: 'Add a null check', subtitle: 'Reasoning behind the code action', mode: 'static' },
      { type: 'reasoning', text: '`user` comes from a lookup that can fail.' },
      { type: 'complete' },
    );
    const s = await state(h);
    assert.equal(s.title, 'Add a null check');
    assert.equal(s.label, 'Reasoning');
    assert.equal(s.thinkingOpen, true);
    assert.equal(s.reasoning, '`user` comes from a lookup that can fail.');
    assert.equal(s.cancelVisible, false);
    assert.equal(s.status, '');
    await h.page.close();
  });

  it('a new explanation resets the page', async () => {
    const h = await ExplainPageHarness.open(browser);
    await h.send({ type: 'begin', title: 'First', mode: 'streaming' });
    await h.stream('reasoning', 'old reasoning');
    await h.stream('answer', 'old answer');
    await h.send({ type: 'complete' });
    await h.send({ type: 'begin', title: 'Second', mode: 'streaming' });
    await h.nextFrame();
    const s = await state(h);
    assert.equal(s.title, 'Second');
    assert.equal(s.reasoning, '');
    assert.equal(s.answerText, '');
    assert.equal(s.thinkingHidden, true);
    assert.equal(s.cancelVisible, true);
    await h.page.close();
  });
});
