import { randomBytes } from 'node:crypto';

export interface ExplainPageResources {
  /** Webview URI of the page script (dist/webview/explain-view.js). */
  readonly scriptUri: string;
  /** Webview URI of the style sheet (media/explain-view.css). */
  readonly styleUri: string;
  /** `webview.cspSource`: the origin the webview serves local resources from. */
  readonly cspSource: string;
  /** Fresh per page load; only the script carrying it may run. */
  readonly nonce: string;
}

/**
 * The explain page's HTML. Strict Content-Security-Policy: nothing by default, styles and images
 * only from the extension, one nonce'd script, no inline handlers or styles (the page script
 * binds its own listeners).
 */
export class ExplainPageHtml {
  static createNonce(): string {
    return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
  }

  static contentSecurityPolicy(resources: Pick<ExplainPageResources, 'cspSource' | 'nonce'>): string {
    const { cspSource, nonce } = resources;
    return [
      "default-src 'none'",
      `style-src ${cspSource}`,
      `img-src ${cspSource} data:`,
      `font-src ${cspSource}`,
      `script-src 'nonce-${nonce}'`,
      "base-uri 'none'",
      "form-action 'none'",
    ].join('; ');
  }

  static render(resources: ExplainPageResources): string {
    const attr = ExplainPageHtml.escapeAttribute;
    return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${attr(ExplainPageHtml.contentSecurityPolicy(resources))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${attr(resources.styleUri)}">
  <title>Assistant: Explain</title>
</head>
<body>
  <header class="header">
    <div class="titles">
      <h1 id="title" class="title">Explain</h1>
      <div id="subtitle" class="subtitle"></div>
    </div>
    <button id="cancel" type="button" class="button secondary" hidden>Cancel</button>
  </header>
  <main>
    <p id="placeholder" class="placeholder">Select code and run <strong>Assistant: Explain Selection</strong> (Ctrl+Alt+E).</p>
    <details id="thinking" class="thinking" hidden>
      <summary class="thinking-summary">
        <span id="thinking-label" class="thinking-label">Thinking…</span>
        <span id="thinking-meta" class="thinking-meta"></span>
      </summary>
      <div id="reasoning" class="reasoning"></div>
    </details>
    <section id="answer" class="answer markdown" aria-live="polite"></section>
    <div id="status" class="status" role="status"></div>
    <footer id="stats" class="stats"></footer>
  </main>
  <script nonce="${attr(resources.nonce)}" src="${attr(resources.scriptUri)}"></script>
</body>
</html>`;
  }

  private static escapeAttribute(value: string): string {
    return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }
}
