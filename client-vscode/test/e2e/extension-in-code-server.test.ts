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

  const settings = (extra: Record<string, unknown> = {}) => ({ ...baseSettings, ...extra });

  /** Runs one user scenario; on failure keeps a screenshot (and the server log) in artifacts/e2e/. */
  const step = (name: string, body: () => Promise<void>) =>
    it(name, async () => {
      if (setupError) throw setupError;
      try {
        await body();
      } catch (error) {
        const file = join(artifacts, `${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
        await session?.screenshot(file);
        mkdirSync(artifacts, { recursive: true });
        writeFileSync(file.replace(/\.png$/, '.log'), session?.outputChannelLog('Assistant LSP') ?? '');
        throw error;
      }
    });

  const resetCalc = () => writeFileSync(join(workspace, 'calc.ts'), calc);

  /** Puts calc.ts back as it was, on disk and in its editor. */
  const restoreCalc = async () => {
    resetCalc();
    await session.runCommand('File: Revert File');
    await session.page.waitForTimeout(300);
  };

  before(async () => {
    try {
      scratch = mkdtempSync(join(tmpdir(), 'assistant-e2e-'));
      workspace = join(scratch, 'workspace');
      mkdirSync(workspace);
      resetCalc();
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
      session = await CodeServerSession.start(env, scratch, workspace, extension, settings());
    } catch (error) {
      setupError = error;
      if (session) await session.screenshot(join(artifacts, 'setup.png'));
    }
  });

  after(async () => {
    await session?.close();
    if (scratch && !process.env.ASSISTANT_E2E_KEEP) rmSync(scratch, { recursive: true, force: true });
  });

  step('status bar goes from loading to ready and the loading notification closes with it', async () => {
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
    assert.ok(readySince, `never ready; status texts seen: ${seen.join(' | ')}`);
    assert.ok(seen.some((t) => /loading|starting/.test(t)), `no loading/starting state seen: ${seen.join(' | ')}`);
    assert.ok(loadingToastAfterReady < 400, `the loading notification stayed ${loadingToastAfterReady} ms after ready`);
  });

  step('ghost text appears after typing and Tab accepts it', async () => {
    await session.openFile('calc.ts');
    await session.goTo(6, 10);
    await session.page.keyboard.type(' ');
    await session.page.keyboard.press('Backspace');
    await session.ghostText().first().waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await session.ghostTextContent(), /a - b;/);
    await session.page.keyboard.press('Tab');
    const text = await session.saveAndRead('calc.ts');
    assert.match(text, /\n {2}return a - b;\n\}/);
  });

  step('ghost text follows what is typed', async () => {
    await restoreCalc();
    await session.goTo(6, 10);
    await session.page.keyboard.type(' ');
    await session.page.keyboard.press('Backspace');
    await session.ghostText().first().waitFor({ state: 'visible', timeout: 20_000 });
    await session.page.keyboard.type('a -');
    await session.page.waitForTimeout(600);
    const rest = await session.ghostTextContent();
    assert.match(rest, /^\s*b;/, `after typing "a -" the ghost text reads "${rest}"`);
    await session.page.keyboard.press('Escape');
    await restoreCalc();
  });

  const explainShowsReasoningThenAnswer = async (start: () => Promise<void>, subtitle: RegExp) => {
    await start();
    const frame = await session.explainFrame();
    let sawReasoningBeforeAnswer = false;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const state = await frame.evaluate(() => ({
        reasoning: document.getElementById('reasoning')?.textContent ?? '',
        answer: document.getElementById('answer')?.textContent ?? '',
        subtitle: document.getElementById('subtitle')?.textContent ?? '',
        stats: document.getElementById('stats')?.textContent ?? '',
      }));
      if (subtitle.test(state.subtitle) && state.reasoning.length > 0 && state.answer.trim() === '') sawReasoningBeforeAnswer = true;
      if (subtitle.test(state.subtitle) && /ANSWER: it returns the sum/.test(state.answer) && state.stats.trim() !== '') {
        assert.match(state.reasoning, /Step 24: the function adds/);
        assert.doesNotMatch(state.answer, /Step 1:/, 'reasoning leaked into the answer');
        assert.doesNotMatch(state.reasoning, /ANSWER/, 'the answer shows in the reasoning');
        break;
      }
      assert.ok(Date.now() < deadline, `no answer: ${JSON.stringify(state)}`);
      await session.page.waitForTimeout(30);
    }
    assert.ok(sawReasoningBeforeAnswer, 'the reasoning did not stream in before the answer');
    const folded = await frame.evaluate(() => !(document.getElementById('thinking') as HTMLDetailsElement).open);
    assert.ok(folded, 'the reasoning did not fold away when the answer came');
  };

  step('Explain Selection from the Command Palette streams reasoning, then the answer, apart', async () => {
    await session.goTo(1, 1);
    await session.page.keyboard.press('Shift+Down');
    await session.page.keyboard.press('Shift+Down');
    await session.page.keyboard.press('Shift+End');
    await explainShowsReasoningThenAnswer(() => session.runCommand('Assistant: Explain Selection'), /calc\.ts:1–3/);
  });

  step('Explain Selection from Ctrl+Alt+E', async () => {
    await session.goTo(5, 1);
    await session.page.keyboard.press('Shift+Down');
    await session.page.keyboard.press('Shift+Down');
    await session.page.keyboard.press('Shift+End');
    await explainShowsReasoningThenAnswer(() => session.page.keyboard.press('Control+Alt+E'), /calc\.ts:5–7/);
  });

  const openLightbulbAction = async (title: string) => {
    await session.page.keyboard.press('Control+.');
    const row = session.page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await row.click();
  };

  step('with only a cursor, Ctrl+. offers "Add documentation comment" for the function and applies its edit', async () => {
    await session.goTo(2, 5);
    await openLightbulbAction('Add documentation comment');
    const deadline = Date.now() + 60_000;
    let text = '';
    while (Date.now() < deadline) {
      text = await session.saveAndRead('calc.ts');
      if (text.includes('/** Adds a and b. */')) break;
      await session.page.waitForTimeout(300);
    }
    assert.ok(text.startsWith(`${documented}\n`), `the edit was not applied:\n${text}`);
    assert.doesNotMatch(text, /Step 1|ANSWER/, 'reasoning or prose went into the code');
    await restoreCalc();
  });

  step('after switching model the status bar names the new model without the old speed', async () => {
    const before = await session.waitForStatus(/Assistant reasoning-model/);
    assert.match(before, /tok\/s/, `the status bar shows no speed after generations: ${before}`);
    session.writeSettings(settings({ 'assistantLsp.model.path': models.refusing }));
    const after = await session.waitForStatus(/Assistant refusing-model/);
    assert.doesNotMatch(after, /tok\/s/, `the previous model's speed is still shown: ${after}`);
  });

  step('a code action the model cannot make says it failed, changes nothing and opens no reasoning as if it worked', async () => {
    await session.clearNotifications();
    await session.openFile('calc.ts');
    const before = await session.saveAndRead('calc.ts');
    await session.goTo(2, 5);
    await openLightbulbAction('Add documentation comment');
    const toast = await session.waitForNotification(/failed, nothing was changed/, 60_000);
    const message = (await toast.locator('.notification-list-item-message').textContent()) ?? '';
    assert.match(message, /"Add documentation comment" failed, nothing was changed\. .+/);
    // The whole message is on screen (not cut off with an ellipsis).
    const clipped = await toast.locator('.notification-list-item-message').evaluate((el) => el.scrollWidth > el.clientWidth + 1);
    assert.equal(clipped, false, `the warning is cut off: ${message}`);
    assert.ok(await toast.locator('a.monaco-button, .monaco-button', { hasText: 'Show Reasoning' }).count(), 'no Show Reasoning button');
    const frame = await session.explainFrame();
    const subtitle = await frame.evaluate(() => document.getElementById('subtitle')?.textContent ?? '');
    assert.doesNotMatch(subtitle, /Reasoning behind the code action/);
    assert.equal(await session.saveAndRead('calc.ts'), before);
  });

  step('a bad model path shows an error that names the fix, and the folder picker recovers', async () => {
    await session.clearNotifications();
    session.writeSettings(settings({ 'assistantLsp.model.path': join(scratch, 'no-such-model') }));
    await session.waitForStatus(/Assistant: error/);
    const toast = await session.waitForNotification(/could not be loaded/);
    const message = (await toast.textContent()) ?? '';
    assert.doesNotMatch(message, /make-test-model|--model DIR|models\/README|null/, message);
    await toast.locator('.monaco-button', { hasText: 'Select Model Folder' }).first().click();
    await pickFolder(models.reasoning);
    await session.waitForStatus(/Assistant reasoning-model/);
  });

  /** VS Code's own folder dialog (a quick input in remote windows): type the path, accept. */
  const pickFolder = async (folder: string) => {
    const input = session.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`${folder}/`);
    await session.page.waitForTimeout(500);
    await session.page.keyboard.press('Enter');
    await session.page.waitForTimeout(300);
    if (await input.isVisible().catch(() => false)) {
      await session.page.locator('.quick-input-widget .monaco-button', { hasText: /Use this model|OK/ }).first().click().catch(() => session.page.keyboard.press('Enter'));
    }
  };

  step('the status bar item opens the actions menu and its model picker switches models', async () => {
    await session.statusItem().click();
    const row = session.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Select Model Folder' }).first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    await row.click();
    await pickFolder(models.refusing);
    await session.waitForStatus(/Assistant refusing-model/);
    session.writeSettings(settings());
    await session.waitForStatus(/Assistant reasoning-model/);
  });

  step('turning inline completion off in the Settings UI stops ghost text', async () => {
    await session.page.keyboard.press('Escape');
    await session.page.keyboard.press('Control+,');
    const search = session.page.locator('.settings-editor .suggest-input-container textarea, .settings-editor .search-container textarea, .settings-editor input').first();
    await search.waitFor({ state: 'visible', timeout: 15_000 });
    await search.fill('assistantLsp.completion.enabled');
    const checkbox = session.page.locator('.settings-editor .setting-item-bool .setting-value-checkbox').first();
    await checkbox.waitFor({ state: 'visible', timeout: 15_000 });
    await checkbox.click();
    await session.page.waitForTimeout(1_000);
    await session.openFile('calc.ts');
    await session.goTo(6, 10);
    await session.page.keyboard.type(' ');
    await session.page.keyboard.press('Backspace');
    await session.page.waitForTimeout(3_000);
    assert.equal(await session.ghostText().count(), 0, 'ghost text still appears with completion turned off');
    session.writeSettings(settings());
  });

  step('clearing the model path says there is no model and offers the folder picker', async () => {
    await session.clearNotifications();
    session.writeSettings(settings({ 'assistantLsp.model.path': '' }));
    const toast = await session.waitForNotification(/no model is set any more/);
    assert.ok(await toast.locator('.monaco-button', { hasText: 'Select Model Folder' }).count());
    session.writeSettings(settings());
    await session.waitForStatus(/Assistant reasoning-model/);
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
