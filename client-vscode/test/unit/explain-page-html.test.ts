import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExplainPageHtml } from '../../src/explain/explain-page-html';

const resources = {
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/explain-view.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/explain-view.css',
  cspSource: 'https://*.vscode-cdn.net',
  nonce: 'abc123',
};

describe('ExplainPageHtml', () => {
  const html = ExplainPageHtml.render(resources);

  it('has a strict content security policy with the nonce', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
    assert.ok(csp, 'CSP meta tag present');
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc123'(;|$)/);
    assert.match(csp, /style-src https:\/\/\*\.vscode-cdn\.net(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  });

  it('loads exactly one script, nonce\'d, and no inline script or handlers', () => {
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0], /nonce="abc123"/);
    assert.match(scripts[0], /src="https:\/\/file\+\.vscode-resource/);
    assert.match(html, /<script[^>]*><\/script>/);
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i);
    assert.doesNotMatch(html, /\sstyle\s*=/i);
  });

  it('has the elements the page script binds to', () => {
    for (const id of ['title', 'subtitle', 'cancel', 'placeholder', 'thinking', 'thinking-label', 'thinking-meta', 'reasoning', 'answer', 'status', 'stats']) {
      assert.match(html, new RegExp(`id="${id}"`), id);
    }
  });

  it('escapes resource values placed in attributes', () => {
    const hostile = ExplainPageHtml.render({ ...resources, scriptUri: 'x"><img src=x>', nonce: 'n"' });
    assert.doesNotMatch(hostile, /<img/);
    assert.match(hostile, /src="x&quot;&gt;&lt;img src=x&gt;"/);
  });

  it('creates a fresh alphanumeric nonce each time', () => {
    const a = ExplainPageHtml.createNonce();
    const b = ExplainPageHtml.createNonce();
    assert.match(a, /^[A-Za-z0-9]{16,}$/);
    assert.notEqual(a, b);
  });
});
