import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { ExplainPanel } from '../../src/explain/explain-panel';
import { mock, Uri } from '../mocks/vscode';

const extensionUri = Uri.file('/ext') as unknown as vscode.Uri;

describe('ExplainPanel', () => {
  beforeEach(() => mock.reset());

  it('creates one scripted, retained panel limited to the extension\'s page assets', () => {
    const panel = new ExplainPanel(extensionUri);
    panel.reveal();
    panel.reveal();
    assert.equal(mock.webviewPanels.length, 1);
    const created = mock.webviewPanels[0];
    assert.equal(created.reveals, 1);
    assert.equal(created.options.enableScripts, true);
    assert.equal(created.options.retainContextWhenHidden, true);
    assert.deepEqual(created.options.localResourceRoots?.map((u) => u.path), ['/ext/dist/webview', '/ext/media']);
    assert.match(created.webview.html, /src="https:\/\/mock\.vscode-cdn\.net\/ext\/dist\/webview\/explain-view\.js"/);
    assert.match(created.webview.html, /href="https:\/\/mock\.vscode-cdn\.net\/ext\/media\/explain-view\.css"/);
    assert.match(created.webview.html, /style-src https:\/\/mock\.vscode-cdn\.net/);
  });

  it('queues messages until the page is ready, then delivers them in order', () => {
    const panel = new ExplainPanel(extensionUri);
    panel.reveal();
    panel.post({ type: 'begin', title: 't', mode: 'streaming' });
    panel.post({ type: 'reasoning', text: 'r' });
    const page = mock.webviewPanels[0];
    assert.deepEqual(page.posted, []);
    page.receive.fire({ type: 'ready' });
    panel.post({ type: 'answer', text: 'a' });
    assert.deepEqual(page.posted, [
      { type: 'begin', title: 't', mode: 'streaming' },
      { type: 'reasoning', text: 'r' },
      { type: 'answer', text: 'a' },
    ]);
  });

  it('a new begin drops what an older explanation left queued', () => {
    const panel = new ExplainPanel(extensionUri);
    panel.post({ type: 'begin', title: 'old', mode: 'streaming' });
    panel.post({ type: 'reasoning', text: 'old' });
    panel.post({ type: 'begin', title: 'new', mode: 'streaming' });
    panel.reveal();
    mock.webviewPanels[0].receive.fire({ type: 'ready' });
    assert.deepEqual(mock.webviewPanels[0].posted, [{ type: 'begin', title: 'new', mode: 'streaming' }]);
  });

  it('forwards Cancel, copies code to the clipboard, and cancels when closed', () => {
    const panel = new ExplainPanel(extensionUri);
    let cancels = 0;
    panel.onDidRequestCancel(() => cancels++);
    panel.reveal();
    const page = mock.webviewPanels[0];
    page.receive.fire({ type: 'cancel' });
    page.receive.fire({ type: 'copy', text: 'const x = 1;' });
    page.receive.fire({ type: 'copy', text: 42 });
    page.receive.fire({ type: 'unknown' });
    page.receive.fire(null);
    assert.equal(cancels, 1);
    assert.equal(mock.clipboard, 'const x = 1;');
    page.dispose();
    assert.equal(cancels, 2);
    panel.reveal();
    assert.equal(mock.webviewPanels.length, 2, 'a closed panel is created anew');
  });
});
