// Serves the explain page (the real HTML, script bundle and style sheet) to headless Chromium under
// a fake https origin, the way VS Code serves webview resources, with VS Code's API and theme
// variables stood in for. Messages are fed through window.postMessage, as the extension does.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ExplainPageHtml } from '../../src/explain/explain-page-html';
import type { HostToPageMessage, PageToHostMessage } from '../../src/webview/explain-messages';

const extensionRoot = resolve(__dirname, '..', '..');
const origin = 'https://webview.test';

/** The flags the notes give for Chromium in this sandbox; playwright adds --headless itself. */
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A few of the variables VS Code's Dark Modern theme sets on the webview's <html>. */
const darkTheme: Record<string, string> = {
  '--vscode-font-family': 'system-ui, "Segoe UI", Ubuntu, sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-editor-font-family': '"DejaVu Sans Mono", Consolas, monospace',
  '--vscode-editor-font-size': '13px',
  '--vscode-foreground': '#cccccc',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-editor-background': '#1f1f1f',
  '--vscode-editor-foreground': '#cccccc',
  '--vscode-panel-border': '#2b2b2b',
  '--vscode-button-background': '#0078d4',
  '--vscode-button-foreground': '#ffffff',
  '--vscode-button-hoverBackground': '#026ec1',
  '--vscode-button-secondaryBackground': '#313131',
  '--vscode-button-secondaryForeground': '#cccccc',
  '--vscode-button-secondaryHoverBackground': '#3c3c3c',
  '--vscode-textBlockQuote-background': '#2b2b2b',
  '--vscode-textBlockQuote-border': '#616161',
  '--vscode-textCodeBlock-background': '#2b2b2b',
  '--vscode-textPreformat-foreground': '#d0d0d0',
  '--vscode-textPreformat-background': '#3c3c3c',
  '--vscode-textLink-foreground': '#4daafc',
  '--vscode-errorForeground': '#f85149',
};

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`Chromium not found (tried ${candidates.join(', ')}). Install it: apt-get install -y chromium, or set CHROMIUM_PATH.`);
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: chromiumArgs });
}

export class ExplainPageHarness {
  readonly violations: string[] = [];

  private constructor(readonly page: Page) {}

  static async open(browser: Browser, viewport = { width: 760, height: 900 }): Promise<ExplainPageHarness> {
    const page = await browser.newPage({ viewport });
    const harness = new ExplainPageHarness(page);
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) harness.violations.push(message.text());
    });
    page.on('pageerror', (error) => harness.violations.push(`page error: ${error.message}`));
    const nonce = ExplainPageHtml.createNonce();
    const html = ExplainPageHtml.render({
      scriptUri: `${origin}/dist/webview/explain-view.js`,
      styleUri: `${origin}/media/explain-view.css`,
      cspSource: origin,
      nonce,
    });
    await page.route(`${origin}/**`, async (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/index.html') return route.fulfill({ status: 200, contentType: 'text/html', body: html });
      const file = join(extensionRoot, path);
      if (!file.startsWith(extensionRoot) || !existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
      const contentType = path.endsWith('.js') ? 'text/javascript' : path.endsWith('.css') ? 'text/css' : 'application/octet-stream';
      return route.fulfill({ status: 200, contentType, body: readFileSync(file) });
    });
    await page.addInitScript((theme: Record<string, string>) => {
      const posted: unknown[] = [];
      (window as unknown as { __posted: unknown[] }).__posted = posted;
      (window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({
        postMessage: (message: unknown) => posted.push(message),
        getState: () => undefined,
        setState: () => undefined,
      });
      document.addEventListener('securitypolicyviolation', (event) =>
        posted.push({ type: '__csp-violation', directive: event.violatedDirective, blocked: event.blockedURI }),
      );
      const applyTheme = () => {
        for (const [name, value] of Object.entries(theme)) document.documentElement.style.setProperty(name, value);
      };
      if (document.documentElement) applyTheme();
      else document.addEventListener('DOMContentLoaded', applyTheme);
    }, darkTheme);
    await page.goto(`${origin}/index.html`);
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
    return harness;
  }

  /**
   * Posts the messages and resolves once the page has handled them: message events are
   * dispatched in order, so a marker posted last arrives after the page saw every one.
   */
  async send(...messages: HostToPageMessage[]): Promise<void> {
    await this.page.evaluate(
      (batch) =>
        new Promise<void>((resolve) => {
          const marker = '__harness-flush';
          const onMessage = (event: MessageEvent) => {
            if ((event.data as { type?: string } | null)?.type !== marker) return;
            window.removeEventListener('message', onMessage);
            resolve();
          };
          window.addEventListener('message', onMessage);
          for (const m of batch) window.postMessage(m, '*');
          window.postMessage({ type: marker }, '*');
        }),
      messages,
    );
  }

  /** Streams text in small chunks, a frame apart, as the server's `$/progress` would arrive. */
  async stream(kind: 'reasoning' | 'answer', text: string, chunkSize = 12): Promise<number> {
    let chunks = 0;
    for (let i = 0; i < text.length; i += chunkSize) {
      await this.send({ type: kind, text: text.slice(i, i + chunkSize) });
      chunks++;
    }
    await this.nextFrame();
    return chunks;
  }

  async nextFrame(): Promise<void> {
    await this.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(undefined)))));
  }

  async posted(): Promise<PageToHostMessage[]> {
    return this.page.evaluate(() => (window as unknown as { __posted: PageToHostMessage[] }).__posted);
  }

  async cspViolations(): Promise<string[]> {
    const fromPage = (await this.posted()).filter((m) => (m as { type: string }).type === '__csp-violation').map((m) => JSON.stringify(m));
    return [...this.violations, ...fromPage];
  }
}
