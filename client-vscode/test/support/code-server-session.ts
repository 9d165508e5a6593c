// A real VS Code for end-to-end tests: code-server (installed by scripts/install-code-server.sh
// into a cache outside the repository) with the built .vsix installed, opened by headless
// Chromium through playwright-core. Everything runs on 127.0.0.1 in a scratch folder.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import type { Browser, Frame, Locator, Page } from 'playwright-core';
import { launchBrowser } from './explain-page-harness';

/** Where the e2e suite finds its tools; unset ones make the suite skip with the reason. */
export interface E2eEnvironment {
  readonly codeServerHome: string;
  readonly vsix: string;
}

const clientRoot = resolve(__dirname, '..', '..');

/** The install cache and the newest .vsix, or why the suite cannot run. */
export function e2eEnvironment(): E2eEnvironment | string {
  const home = process.env.ASSISTANT_CODE_SERVER_HOME;
  if (!home) return 'ASSISTANT_CODE_SERVER_HOME is not set (scripts/install-code-server.sh prints it)';
  if (!existsSync(join(home, '.complete'))) return `code-server is not installed in ${home}`;
  const vsix =
    process.env.ASSISTANT_VSIX ??
    readdirSync(clientRoot)
      .filter((f) => f.endsWith('.vsix'))
      .map((f) => join(clientRoot, f))[0];
  if (!vsix || !existsSync(vsix)) return 'no .vsix was built (npm run package)';
  return { codeServerHome: home, vsix };
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export class CodeServerSession {
  readonly logsDir: string;
  private output = '';

  private constructor(
    readonly scratch: string,
    readonly workspace: string,
    private readonly process: ChildProcess,
    readonly browser: Browser,
    readonly page: Page,
    readonly extensionDir: string,
  ) {
    this.logsDir = join(scratch, 'user-data', 'logs');
    process.stdout?.on('data', (d) => (this.output += String(d)));
    process.stderr?.on('data', (d) => (this.output += String(d)));
  }

  static node(env: E2eEnvironment): string {
    return join(env.codeServerHome, 'node', 'node_modules', 'node', 'bin', 'node');
  }

  static entry(env: E2eEnvironment): string {
    return join(env.codeServerHome, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  }

  /** Installs the .vsix into a fresh extensions folder; returns the installed extension's folder. */
  static installExtension(env: E2eEnvironment, scratch: string): string {
    const extensions = join(scratch, 'extensions');
    const run = spawnSync(
      CodeServerSession.node(env),
      [CodeServerSession.entry(env), '--user-data-dir', join(scratch, 'user-data'), '--extensions-dir', extensions, '--install-extension', env.vsix],
      { encoding: 'utf8', env: CodeServerSession.environment(scratch), timeout: 120_000 },
    );
    const installed = existsSync(extensions) ? readdirSync(extensions).find((f) => f.startsWith('assistant-lsp.assistant-lsp-')) : undefined;
    if (run.status !== 0 || !installed) {
      throw new Error(`code-server --install-extension failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
    }
    return join(extensions, installed);
  }

  /** Starts code-server on a free loopback port with `settings`, and opens the workspace in Chromium. */
  static async start(env: E2eEnvironment, scratch: string, workspace: string, extensionDir: string, settings: object): Promise<CodeServerSession> {
    mkdirSync(join(scratch, 'user-data', 'User'), { recursive: true });
    writeFileSync(join(scratch, 'user-data', 'User', 'settings.json'), JSON.stringify(settings, null, 2));
    const port = await freePort();
    const child = spawn(
      CodeServerSession.node(env),
      [
        CodeServerSession.entry(env),
        '--auth', 'none',
        '--bind-addr', `127.0.0.1:${port}`,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--user-data-dir', join(scratch, 'user-data'),
        '--extensions-dir', join(scratch, 'extensions'),
        workspace,
      ],
      { env: CodeServerSession.environment(scratch), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
    await CodeServerSession.waitForHttp(`http://127.0.0.1:${port}/healthz`, child);
    const browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const session = new CodeServerSession(scratch, workspace, child, browser, page, extensionDir);
    await page.addInitScript(CodeServerSession.recordStatusTexts);
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    return session;
  }

  private static environment(scratch: string): NodeJS.ProcessEnv {
    return {
      ...process.env,
      EXTENSIONS_GALLERY: '{}',
      XDG_CONFIG_HOME: join(scratch, 'xdg', 'config'),
      XDG_DATA_HOME: join(scratch, 'xdg', 'data'),
      XDG_CACHE_HOME: join(scratch, 'xdg', 'cache'),
      DOTNET_CLI_TELEMETRY_OPTOUT: '1',
      DOTNET_NOLOGO: '1',
    };
  }

  private static async waitForHttp(url: string, child: ChildProcess): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}`);
      try {
        const response = await fetch(url);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`code-server did not answer ${url} within 60 s`);
  }

  /**
   * Changes a setting the way a user does, in the Settings editor: searches for it, then types
   * into its text box or ticks its checkbox. In a remote window (code-server is one) settings
   * that name files on the server's machine are edited on the "Remote" tab, the others on "User".
   */
  async setSetting(key: string, value: string | boolean, tab: 'User' | 'Remote' = 'User'): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.runCommand('Preferences: Open User Settings');
    const editor = this.page.locator('.settings-editor');
    await editor.waitFor({ state: 'visible', timeout: 20_000 });
    if (tab !== 'User') {
      await this.page.locator('.settings-editor .settings-tabs-widget .action-label', { hasText: tab }).first().click();
    }
    const search = this.page.locator('.settings-editor .suggest-input-container .monaco-editor').first();
    await search.click();
    await this.page.keyboard.press('Control+A');
    // Words of the key ("assistantLsp model path"): the search matches them in the setting's id.
    await this.page.keyboard.type(key.split('.').join(' '));
    const control = this.page.locator(`.settings-editor [aria-label="${key}"]`).first();
    await control.waitFor({ state: 'visible', timeout: 20_000 });
    if (typeof value === 'boolean') {
      const checked = (await control.getAttribute('aria-checked')) === 'true';
      if (checked !== value) await control.click();
    } else {
      await control.fill(value);
      await control.press('Enter');
    }
    // The Settings editor writes after a short debounce; then close it (a modal: Escape). On a
    // slow machine one Escape may land before it listens: keep pressing until it is gone, since
    // a Settings editor left open takes the keys meant for the file's editor.
    await this.page.waitForTimeout(1_000);
    for (let i = 0; i < 40 && (await editor.isVisible()); i++) {
      await this.page.keyboard.press('Escape');
      await this.page.waitForTimeout(250);
    }
    if (await editor.isVisible()) throw new Error('the Settings editor did not close after Escape');
  }

  // ---- the workbench, as a user sees it ----

  statusItem(): Locator {
    return this.page.locator('#assistantLsp\\.status, [id="assistant-lsp.assistant-lsp.assistantLsp.status"], .statusbar-item:has-text("Assistant")').first();
  }

  /**
   * Runs in the page from its first moment: keeps every text the Assistant status bar item shows.
   * A small model loads faster than a poll can see its "loading" state; this sees each one.
   */
  private static readonly recordStatusTexts = (): void => {
    const w = window as unknown as { __assistantStatusTexts: string[] };
    w.__assistantStatusTexts = [];
    const record = () => {
      const item = [...document.querySelectorAll('.statusbar-item')].find((el) => /^Assistant\b/.test(el.textContent?.trim() ?? ''));
      const text = item?.textContent?.trim();
      if (text && w.__assistantStatusTexts.at(-1) !== text) w.__assistantStatusTexts.push(text);
    };
    new MutationObserver(record).observe(document, { childList: true, subtree: true, characterData: true });
  };

  /** Every text the status bar item has shown since the page loaded, in order. */
  async statusHistory(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __assistantStatusTexts?: string[] }).__assistantStatusTexts ?? []);
  }

  async statusText(): Promise<string> {
    return ((await this.statusItem().textContent({ timeout: 5_000 }).catch(() => '')) ?? '').trim();
  }

  /** Waits until the status bar item's text matches. */
  async waitForStatus(pattern: RegExp, timeoutMs = 60_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let text = '';
    while (Date.now() < deadline) {
      text = await this.statusText();
      if (pattern.test(text)) return text;
      await this.page.waitForTimeout(150);
    }
    throw new Error(`status bar never matched ${pattern}; last: "${text}"`);
  }

  notifications(): Locator {
    return this.page.locator('.notifications-toasts .notification-list-item-message');
  }

  async waitForNotification(pattern: RegExp, timeoutMs = 30_000): Promise<Locator> {
    const toast = this.page.locator('.notifications-toasts .notification-list-item', { hasText: pattern }).first();
    await toast.waitFor({ state: 'visible', timeout: timeoutMs });
    return toast;
  }

  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications').catch(() => undefined);
  }

  /** Runs a command from the Command Palette by its title. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${title}`);
    // The row whose label is exactly the title (recently used and similar commands come first).
    // (Its aria-label may go on with ", recently used" or a keybinding.)
    const row = this.page
      .locator(`.quick-input-widget .monaco-list-row[aria-label="${title}"], .quick-input-widget .monaco-list-row[aria-label^="${title},"]`)
      .first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    await row.click();
  }

  /** Watches the explain view's reasoning and answer from now on (see explainTimeline). */
  static async watchExplainView(frame: Frame): Promise<void> {
    await frame.evaluate(() => {
      const w = window as unknown as { __explainTimeline: { r: number; a: number }[]; __explainObserver?: MutationObserver };
      w.__explainTimeline = [];
      w.__explainObserver?.disconnect();
      const reasoning = document.getElementById('reasoning');
      const answer = document.getElementById('answer');
      if (!reasoning || !answer) return;
      const record = () => {
        const step = { r: (reasoning.textContent ?? '').length, a: (answer.textContent ?? '').trim().length };
        const last = w.__explainTimeline[w.__explainTimeline.length - 1];
        if (!last || last.r !== step.r || last.a !== step.a) w.__explainTimeline.push(step);
      };
      w.__explainObserver = new MutationObserver(record);
      w.__explainObserver.observe(document.body, { childList: true, subtree: true, characterData: true });
    });
  }

  /** Opens a workspace file through Quick Open and focuses its editor. */
  async openFile(name: string): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(name);
    await this.page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 10_000 });
    await this.page.keyboard.press('Enter');
    await this.page.locator(`.tab.active[data-resource-name="${name}"], .tab.active:has-text("${name}")`).first().waitFor({ timeout: 10_000 });
    await this.editorLines().first().waitFor({ timeout: 10_000 });
  }

  /** The lines of the editor that has focus in the editor area (not a Settings or other pane's). */
  editorLines(): Locator {
    return this.page.locator('.editor-group-container.active .editor-instance .monaco-editor .view-lines');
  }

  /** Moves the cursor with Ctrl+G to line:column (1-based). */
  async goTo(line: number, column: number): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.editorLines().first().click();
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.waitForTimeout(200);
  }

  ghostText(): Locator {
    return this.page.locator('.monaco-editor .ghost-text-decoration, .monaco-editor .ghost-text');
  }

  async ghostTextContent(): Promise<string> {
    const parts = await this.ghostText().allTextContents();
    return parts.join('').replace(/\u00a0/g, ' ');
  }

  /** The active editor's text as rendered, without ghost text (fine for files that fit on screen). */
  async editorText(): Promise<string> {
    return this.editorLines().first().evaluate((lines) =>
      [...lines.querySelectorAll<HTMLElement>('.view-line')]
        .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
        .map((line) => {
          // Ghost text renders inside the line: it is not part of the document.
          const copy = line.cloneNode(true) as HTMLElement;
          copy.querySelectorAll('[class*="ghost-text"]').forEach((ghost) => ghost.remove());
          return (copy.textContent ?? '').replace(/\u00a0/g, ' ');
        })
        .join('\n'),
    );
  }

  /** Waits until the active editor shows `text` (trailing blank lines ignored). */
  async waitForEditorText(text: string, timeoutMs = 10_000): Promise<void> {
    const want = text.replace(/\s+$/, '');
    const deadline = Date.now() + timeoutMs;
    let seen = '';
    while (Date.now() < deadline) {
      seen = (await this.editorText()).replace(/\s+$/, '');
      if (seen === want) return;
      await this.page.waitForTimeout(150);
    }
    throw new Error(`the editor never showed the expected text; it shows:\n${seen}`);
  }

  /** The explain view's frame (webviews are nested iframes), once its page has loaded. */
  async explainFrame(timeoutMs = 20_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for (const frame of this.page.frames()) {
        if (await frame.locator('#answer').count().catch(() => 0)) return frame;
      }
      await this.page.waitForTimeout(200);
    }
    throw new Error('the explain view did not open');
  }

  /** Log files the workbench writes for our output channels ("Assistant LSP", "Assistant LSP Trace"). */
  outputChannelLog(channel: string): string {
    const found: string[] = [];
    const walk = (dir: string) => {
      if (!existsSync(dir)) return;
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name === `${channel}.log` || /^\d+-/.test(entry.name) && entry.name.replace(/^\d+-/, '') === `${channel}.log`) found.push(readFileSync(path, 'utf8'));
      }
    };
    walk(this.logsDir);
    return found.join('\n');
  }

  async screenshot(file: string): Promise<void> {
    mkdirSync(resolve(file, '..'), { recursive: true });
    await this.page.screenshot({ path: file }).catch(() => undefined);
  }

  get serverOutput(): string {
    return this.output;
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    this.process.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    if (this.process.exitCode === null) this.process.kill('SIGKILL');
  }
}
