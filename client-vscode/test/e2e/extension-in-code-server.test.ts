// The extension in a real VS Code (code-server) driven from headless Chromium, as a user would:
// the built .vsix installed, its bundled server started by the extension host, tiny scripted
// models written by that server's `make-test-model`. Steps share one window and run in order;
// a failed step leaves a screenshot in artifacts/e2e/. Skipped (with the reason) when
// code-server or the .vsix is missing: scripts/test.sh installs and builds both.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame } from 'playwright-core';
import { CodeServerSession, e2eEnvironment, type E2eEnvironment } from '../support/code-server-session';

const environment = e2eEnvironment();
const skip = typeof environment === 'string' ? `end-to-end suite skipped: ${environment}` : false;
const artifacts = resolve(__dirname, '..', '..', '..', 'artifacts', 'e2e');

const reasoning = Array.from({ length: 24 }, (_, i) => `Step ${i + 1}: the function adds its two numbers and returns the sum.`).join(' ');
const documented = '/** Adds a and b. */\nexport function add(a: number, b: number): number {\n  return a + b;\n}';
const answer = `ANSWER: it returns the sum of a and b.\n\n\`\`\`typescript\n${documented}\n\`\`\``;
const refusal = 'There is nothing I would change here.';
const completion = 'a - b;';

const calc = [
  'export function add(a: number, b: number): number {',
  '  return a + b;',
  '}',
  '',
  'export function sub(a: number, b: number): number {',
  '  return ',
  '}',
  '',
].join('\n');

describe('the extension in code-server (headless Chromium)', { skip }, () => {
  const env = environment as E2eEnvironment;
  let scratch: string;
  let workspace: string;
  let models: { reasoning: string; refusing: string; completion: string };
  let session: CodeServerSession;
  let setupError: unknown;
  let baseSettings: Record<string, unknown>;


  /** Runs one user scenario; on failure keeps a screenshot (and the server log) in artifacts/e2e/. */
  const step = (name: string, body: () => Promise<void>) =>
    it(name, async () => {
      if (setupError) throw setupError;
      try {
        // Start from a quiet window: no open quick input, menu or widget left by a failed step.
        for (let i = 0; i < 3; i++) await session.page.keyboard.press('Escape');
        await body();
        if (process.env.ASSISTANT_E2E_SCREENSHOTS) await session.screenshot(join(artifacts, 'steps', `${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`));
      } catch (error) {
        const file = join(artifacts, `${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
        await session?.screenshot(file);
        mkdirSync(artifacts, { recursive: true });
        writeFileSync(file.replace(/\.png$/, '.log'), session?.outputChannelLog('Assistant LSP') ?? '');
        throw error;
      }
    });

  /** Puts calc.ts's editor back as the file is on disk (the tests never save). */
  const restoreCalc = async () => {
    await session.page.keyboard.press('Escape');
    await session.runCommand('File: Revert File');
    await session.waitForEditorText(calc);
  };

  before(async () => {
    try {
      scratch = mkdtempSync(join(tmpdir(), 'assistant-e2e-'));
      workspace = join(scratch, 'workspace');
      mkdirSync(workspace);
      writeFileSync(join(workspace, 'calc.ts'), calc);
      const extension = CodeServerSession.installExtension(env, scratch);
      const dll = join(extension, 'server', 'assistant-lsp.dll');
      const make = (name: string, script: string) => {
        const folder = join(scratch, 'models', name);
        const scriptFile = join(scratch, 'models', `${name}.txt`);
        mkdirSync(join(scratch, 'models'), { recursive: true });
        writeFileSync(scriptFile, script);
        const made = spawnSync('dotnet', [dll, 'make-test-model', '--out', folder, '--kind', 'scripted', '--script', scriptFile, '--context-length', '4096'], { encoding: 'utf8' });
        if (made.status !== 0) throw new Error(`make-test-model failed: ${made.stdout}\n${made.stderr}`);
        return folder;
      };
      models = {
        reasoning: make('reasoning-model', `<think>\n${reasoning}\n</think>\n\n${answer}`),
        refusing: make('refusing-model', `<think>\nI looked at it.\n</think>\n\n${refusal}`),
        completion: make('completion-model', completion),
      };
      baseSettings = {
        'workbench.startupEditor': 'none',
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'workbench.editor.enablePreview': false,
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'security.workspace.trust.enabled': false,
        'files.autoSave': 'off',
        'extensions.ignoreRecommendations': true,
        'chat.disableAIFeatures': true,
        'editor.inlineSuggest.enabled': true,
        'editor.quickSuggestions': { other: false, comments: false, strings: false },
        'editor.suggestOnTriggerCharacters': false,
        'editor.wordBasedSuggestions': 'off',
        'typescript.validate.enable': false,
        'typescript.suggest.enabled': false,
        'assistantLsp.model.path': models.reasoning,
        'assistantLsp.completion.model.path': models.completion,
        'assistantLsp.reasoning.temperature': 0,
        'assistantLsp.reasoning.maxThinkingTokens': 3000,
        'assistantLsp.trace.server': 'verbose',
      };
      session = await CodeServerSession.start(env, scratch, workspace, extension, baseSettings);
    } catch (error) {
      setupError = error;
      if (session) await session.screenshot(join(artifacts, 'setup.png'));
    }
  });

  after(async () => {
    await session?.close();
    if (scratch && !process.env.ASSISTANT_E2E_KEEP) rmSync(scratch, { recursive: true, force: true });
  });

  step('status bar goes from loading to ready and no loading notification outlives it', async () => {
    const seen: string[] = [];
    const deadline = Date.now() + 90_000;
    let loadingToastAfterReady = 0;
    let readySince: number | undefined;
    while (Date.now() < deadline) {
      const text = await session.statusText();
      if (text && seen.at(-1) !== text) seen.push(text);
      const toast = await session.page.locator('.notifications-toasts .notification-list-item', { hasText: /loading model/ }).count();
      if (/Assistant reasoning-model/.test(text)) {
        readySince ??= Date.now();
        if (toast > 0) loadingToastAfterReady = Date.now() - readySince;
        if (Date.now() - readySince > 1_500) break;
      }
      await session.page.waitForTimeout(50);
    }
    const history = await session.statusHistory();
    assert.ok(readySince, `never ready; status texts seen: ${seen.join(' | ')}; shown: ${history.join(' | ')}`);
    assert.ok(history.some((t) => /loading|starting/.test(t)), `no loading/starting state shown: ${history.join(' | ')}`);
    assert.match(history.at(-1) ?? '', /Assistant reasoning-model/, `the status bar left "ready": ${history.join(' | ')}`);
    assert.ok(loadingToastAfterReady < 200, `the loading notification stayed ${loadingToastAfterReady} ms after ready`);
  });

  /** Types at the end of `return ` in sub() so that a completion is asked for. */
  const askForCompletion = async () => {
    await session.goTo(6, 10);
    await session.page.keyboard.type(' ');
    await session.page.keyboard.press('Backspace');
  };

  step('ghost text appears after typing and Tab accepts it', async () => {
    await session.openFile('calc.ts');
    await askForCompletion();
    await session.ghostText().first().waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await session.ghostTextContent(), /a - b;/);
    await session.page.keyboard.press('Tab');
    await session.waitForEditorText(calc.replace('  return \n', '  return a - b;\n'));
    await restoreCalc();
  });

  step('ghost text follows what is typed', async () => {
    await askForCompletion();
    await session.ghostText().first().waitFor({ state: 'visible', timeout: 20_000 });
    await session.page.keyboard.type('a -');
    await session.page.waitForTimeout(600);
    const rest = await session.ghostTextContent();
    assert.match(rest, /^\s*b;/, `after typing "a -" the ghost text reads "${rest}"`);
    await session.page.keyboard.press('Escape');
    await restoreCalc();
  });

  const selectLines = async (first: number, last: number) => {
    await session.goTo(first, 1);
    for (let line = first; line < last; line++) await session.page.keyboard.press('Shift+ArrowDown');
    await session.page.keyboard.press('Shift+End');
  };

  const explainFrameState = (frame: Frame) =>
    frame.evaluate(() => ({
      reasoning: document.getElementById('reasoning')?.textContent ?? '',
      answer: document.getElementById('answer')?.textContent ?? '',
      subtitle: document.getElementById('subtitle')?.textContent ?? '',
      stats: document.getElementById('stats')?.textContent ?? '',
      folded: !(document.getElementById('thinking') as HTMLDetailsElement | null)?.open,
      timeline: (window as unknown as { __explainTimeline?: { r: number; a: number }[] }).__explainTimeline ?? [],
    }));

  const explainShowsReasoningThenAnswer = async (start: () => Promise<void>, subtitle: RegExp) => {
    // The view is open already (an earlier step showed a code action's reasoning): watch it
    // from before the request, so streaming shows as many small steps.
    await CodeServerSession.watchExplainView(await session.explainFrame());
    await start();
    const deadline = Date.now() + 60_000;
    for (;;) {
      const frame = await session.explainFrame();
      const state = await explainFrameState(frame);
      if (subtitle.test(state.subtitle) && /ANSWER: it returns the sum/.test(state.answer) && state.stats.trim() !== '') {
        assert.match(state.reasoning, /Step 24: the function adds/);
        assert.doesNotMatch(state.answer, /Step 1:/, 'reasoning leaked into the answer');
        assert.doesNotMatch(state.reasoning, /ANSWER/, 'the answer shows in the reasoning');
        assert.ok(state.folded, 'the reasoning did not fold away when the answer came');
        // Streaming: the reasoning grew in several steps while there was no answer yet.
        const beforeAnswer = state.timeline.filter((step) => step.a === 0 && step.r > 0);
        assert.ok(beforeAnswer.length >= 3, `reasoning did not stream before the answer: ${JSON.stringify(state.timeline.slice(0, 12))}`);
        break;
      }
      assert.ok(Date.now() < deadline, `no answer: ${JSON.stringify({ ...state, timeline: state.timeline.length })}`);
      await session.page.waitForTimeout(100);
    }
  };

  const openLightbulbAction = async (title: string) => {
    const row = session.page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
    // As a user would: if the menu is slow or the key landed before the editor listened
    // ("No code actions available"), close it and press Ctrl+. again.
    for (let attempt = 1; ; attempt++) {
      await session.page.keyboard.press('Control+.');
      if (await row.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false)) break;
      if (attempt === 4) {
        const rows = await session.page.locator('.action-widget .monaco-list-row').allTextContents();
        const focused = await session.page.evaluate(() => document.activeElement?.className ?? '');
        throw new Error(`no "${title}" in the Ctrl+. menu after ${attempt} tries; rows: ${JSON.stringify(rows)}; focus: ${focused}`);
      }
      await session.page.keyboard.press('Escape');
      await session.page.waitForTimeout(300);
    }
    if (process.env.ASSISTANT_E2E_SCREENSHOTS) await session.screenshot(join(artifacts, 'steps', `lightbulb-menu-${Date.now()}.png`));
    await row.click();
  };

  step('with only a cursor, Ctrl+. offers "Add documentation comment" for the function and applies its edit', async () => {
    await session.goTo(2, 5);
    await openLightbulbAction('Add documentation comment');
    await session.waitForEditorText(calc.replace(/^export function add[^]*?\n\}/, documented), 60_000);
    await restoreCalc();
  });

  step('Explain Selection from the Command Palette streams reasoning, then the answer, apart', async () => {
    await selectLines(1, 3);
    await explainShowsReasoningThenAnswer(() => session.runCommand('Assistant: Explain Selection'), /calc\.ts:1–3/);
  });

  step('Explain Selection from Ctrl+Alt+E', async () => {
    await selectLines(5, 7);
    await explainShowsReasoningThenAnswer(() => session.page.keyboard.press('Control+Alt+E'), /calc\.ts:5–7/);
  });

  step('after switching model the status bar names the new model without the old speed', async () => {
    const before = await session.waitForStatus(/Assistant reasoning-model/);
    assert.match(before, /tok\/s/, `the status bar shows no speed after generations: ${before}`);
    await session.setSetting('assistantLsp.model.path', models.refusing, 'Remote');
    const after = await session.waitForStatus(/Assistant refusing-model/);
    assert.doesNotMatch(after, /tok\/s/, `the previous model's speed is still shown: ${after}`);
  });

  step('a code action the model cannot make says it failed, changes nothing and opens no reasoning as if it worked', async () => {
    await session.clearNotifications();
    await session.openFile('calc.ts');
    const subtitleBefore = await explainFrameState(await session.explainFrame()).then((s) => s.subtitle);
    await session.goTo(2, 5);
    await openLightbulbAction('Add documentation comment');
    const toast = await session.waitForNotification(/failed, nothing was changed/, 60_000);
    if (process.env.ASSISTANT_E2E_SCREENSHOTS) await session.screenshot(join(artifacts, 'steps', 'failed-code-action-warning.png'));
    const message = session.page.locator('.notifications-toasts .notification-list-item-message', { hasText: /failed, nothing was changed/ }).first();
    const text = (await message.textContent()) ?? '';
    assert.match(text, /"Add documentation comment" failed, nothing was changed\. .+/);
    // The whole message is on screen (not cut off with an ellipsis).
    const clipped = await message.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
    assert.equal(clipped, false, `the warning is cut off: ${text}`);
    assert.ok(await toast.locator('.monaco-button', { hasText: 'Show Reasoning' }).count(), 'no Show Reasoning button');
    await session.page.waitForTimeout(500);
    const subtitleAfter = await explainFrameState(await session.explainFrame()).then((s) => s.subtitle);
    assert.equal(subtitleAfter, subtitleBefore, 'the explain view changed as if the action had worked');
    assert.equal((await session.editorText()).replace(/\s+$/, ''), calc.replace(/\s+$/, ''));
    await toast.locator('.monaco-button', { hasText: 'Show Reasoning' }).first().click();
    // The click reaches the view through the extension host: poll rather than read once.
    let shown = await explainFrameState(await session.explainFrame());
    for (let i = 0; i < 100 && !/failed, nothing was changed/.test(shown.subtitle); i++) {
      await session.page.waitForTimeout(100);
      shown = await explainFrameState(await session.explainFrame());
    }
    assert.match(shown.subtitle, /failed, nothing was changed/);
  });

  /** VS Code's own folder dialog (a quick input in remote windows): type the path, accept. */
  const pickFolder = async (folder: string) => {
    const input = session.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    // The dialog fills in its start folder asynchronously: type once it has.
    await session.page.waitForTimeout(800);
    for (let i = 0; i < 20 && (await input.inputValue()) !== `${folder}/`; i++) {
      await input.fill(`${folder}/`);
      await session.page.waitForTimeout(250);
    }
    await session.page.keyboard.press('Enter');
    await session.page.waitForTimeout(300);
    if (await input.isVisible().catch(() => false)) {
      await session.page.locator('.quick-input-widget .monaco-button', { hasText: /Use this model|OK/ }).first().click().catch(() => session.page.keyboard.press('Enter'));
    }
  };

  step('a bad model path shows an error that names the fix, and the folder picker recovers', async () => {
    await session.clearNotifications();
    await session.setSetting('assistantLsp.model.path', join(scratch, 'no-such-model'), 'Remote');
    await session.waitForStatus(/Assistant: error/);
    const toast = await session.waitForNotification(/could not be loaded/);
    if (process.env.ASSISTANT_E2E_SCREENSHOTS) await session.screenshot(join(artifacts, 'steps', 'bad-model-path-error.png'));
    const message = (await toast.textContent()) ?? '';
    assert.doesNotMatch(message, /make-test-model|--model DIR|models\/README|null/, message);
    await toast.locator('.monaco-button', { hasText: 'Select Model Folder' }).first().click();
    await pickFolder(models.reasoning);
    await session.waitForStatus(/Assistant reasoning-model/);
  });

  step('the status bar item opens the actions menu and its model picker switches models', async () => {
    await session.statusItem().click();
    const row = session.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Select Model Folder' }).first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    await row.click();
    await pickFolder(models.refusing);
    await session.waitForStatus(/Assistant refusing-model/);
    await session.setSetting('assistantLsp.model.path', models.reasoning, 'Remote');
    await session.waitForStatus(/Assistant reasoning-model/);
  });

  step('turning inline completion off in the Settings UI stops ghost text', async () => {
    await session.setSetting('assistantLsp.completion.enabled', false);
    await session.openFile('calc.ts');
    await askForCompletion();
    await session.page.waitForTimeout(3_000);
    assert.equal(await session.ghostText().count(), 0, 'ghost text still appears with completion turned off');
    await session.setSetting('assistantLsp.completion.enabled', true);
    await session.openFile('calc.ts');
    await askForCompletion();
    await session.ghostText().first().waitFor({ state: 'visible', timeout: 20_000 });
    await session.page.keyboard.press('Escape');
  });

  step('clearing the model path says there is no model and offers the folder picker', async () => {
    await session.clearNotifications();
    await session.setSetting('assistantLsp.model.path', '', 'Remote');
    const toast = await session.waitForNotification(/no model is set any more/);
    if (process.env.ASSISTANT_E2E_SCREENSHOTS) await session.screenshot(join(artifacts, 'steps', 'no-model-warning.png'));
    assert.ok(await toast.locator('.monaco-button', { hasText: 'Select Model Folder' }).count());
    await session.waitForStatus(/no model/);
  });

  step('server logs keep their levels and the verbose trace is shown', async () => {
    const log = session.outputChannelLog('Assistant LSP');
    assert.match(log, /\[info\] Reasoning model: Ready/, 'no server info line in the log');
    assert.doesNotMatch(log, /\[error\] \[\d\d:\d\d:\d\d INF\]/, 'info lines are logged as errors');
    assert.doesNotMatch(log, /Ready \S+ null/, 'a literal null in the log');
    const trace = session.outputChannelLog('Assistant LSP Trace');
    assert.match(trace, /Sending request 'textDocument\/inlineCompletion/, 'no verbose trace');
  });
});
