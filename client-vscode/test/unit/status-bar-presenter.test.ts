import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type * as vscode from 'vscode';
import type { ModelStatus } from '../../src/protocol/assistant-protocol';
import { StatusBarPresenter, type ConnectionState } from '../../src/status/status-bar-presenter';
import { mock, ThemeColor, window } from '../mocks/vscode';

describe('StatusBarPresenter.describe', () => {
  const cases: { name: string; connection: ConnectionState; status?: ModelStatus; tps?: number; text: string; tooltip?: RegExp; error: boolean }[] = [
    { name: 'starting', connection: 'starting', text: '$(sync~spin) Assistant: starting', error: false },
    { name: 'running without a status', connection: 'running', text: '$(sparkle) Assistant', tooltip: /not reported/, error: false },
    { name: 'stopped', connection: 'stopped', status: { state: 'ready' }, text: '$(debug-disconnect) Assistant: stopped', error: true },
    { name: 'loading', connection: 'running', status: { state: 'loading', model: '/m/r1-1.5b' }, text: '$(sync~spin) Assistant: loading', tooltip: /Model: \/m\/r1-1\.5b/, error: false },
    { name: 'ready without speed', connection: 'running', status: { state: 'ready', model: '/models/r1-1.5b/', executionProvider: 'cpu' }, text: '$(sparkle) Assistant r1-1.5b', tooltip: /Model: \/models\/r1-1\.5b\/ \(cpu\)/, error: false },
    { name: 'ready with speed', connection: 'running', status: { state: 'ready', model: 'C:\\models\\tiny' }, tps: 12.345, text: '$(sparkle) Assistant tiny 12.3 tok/s', tooltip: /Last generation: 12\.3 tok\/s/, error: false },
    { name: 'ready, fast', connection: 'running', status: { state: 'ready' }, tps: 250.4, text: '$(sparkle) Assistant 250 tok/s', error: false },
    { name: 'error', connection: 'running', status: { state: 'error', message: 'genai_config.json not found' }, text: '$(error) Assistant: error', tooltip: /genai_config\.json not found/, error: true },
    { name: 'none', connection: 'running', status: { state: 'none' }, text: '$(circle-slash) Assistant: no model', tooltip: /Select Model Folder/, error: false },
    { name: 'unknown state', connection: 'running', status: { state: 'weird' as ModelStatus['state'] }, text: '$(question) Assistant', tooltip: /Unknown state "weird"/, error: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const view = StatusBarPresenter.describe(c.connection, c.status, c.tps);
      assert.equal(view.text, c.text);
      assert.equal(view.isError, c.error);
      if (c.tooltip) assert.match(view.tooltip, c.tooltip);
    });
  }
});

describe('StatusBarPresenter', () => {
  beforeEach(() => mock.reset());

  const create = () => {
    const item = window.createStatusBarItem('test');
    const presenter = new StatusBarPresenter(item as unknown as vscode.StatusBarItem, 'test.menu');
    return { item, presenter };
  };

  it('shows itself with the menu command and follows status changes', () => {
    const { item, presenter } = create();
    assert.equal(item.visible, true);
    assert.equal(item.command, 'test.menu');
    assert.equal(item.text, '$(sync~spin) Assistant: starting');
    presenter.showConnection('running');
    presenter.showStatus({ state: 'loading' });
    assert.equal(item.text, '$(sync~spin) Assistant: loading');
    presenter.showStatus({ state: 'ready', model: 'r1', stats: { tokensPerSecond: 20 } });
    assert.equal(item.text, '$(sparkle) Assistant r1 20.0 tok/s');
    assert.equal(item.backgroundColor, undefined);
  });

  it('keeps the last tok/s, updated by finished requests', () => {
    const { item, presenter } = create();
    presenter.showConnection('running');
    presenter.showStatus({ state: 'ready', model: 'r1' });
    presenter.recordThroughput(7.25);
    assert.equal(item.text, '$(sparkle) Assistant r1 7.3 tok/s');
    presenter.recordThroughput(Number.NaN);
    presenter.recordThroughput(0);
    presenter.showStatus({ state: 'ready', model: 'r1', stats: { tokensPerSecond: null } });
    assert.equal(item.text, '$(sparkle) Assistant r1 7.3 tok/s');
  });

  it('colours errors and forgets the model status when the server stops', () => {
    const { item, presenter } = create();
    presenter.showConnection('running');
    presenter.showStatus({ state: 'error', message: 'bad model' });
    assert.ok(item.backgroundColor instanceof ThemeColor);
    assert.equal((item.backgroundColor as ThemeColor).id, 'statusBarItem.errorBackground');
    presenter.showConnection('stopped');
    presenter.showConnection('running');
    assert.equal(item.text, '$(sparkle) Assistant');
    assert.equal(item.backgroundColor, undefined);
    presenter.dispose();
    assert.equal(item.disposed, true);
  });

  it('forgets the previous model\'s speed after a switch', () => {
    const { item, presenter } = create();
    presenter.showConnection('running');
    presenter.showStatus({ state: 'ready', model: '/m/a', stats: { tokensPerSecond: 40 } });
    assert.match(item.text, /a 40\.0 tok\/s/);
    presenter.showStatus({ state: 'loading', model: '/m/b' });
    presenter.showStatus({ state: 'ready', model: '/m/b' });
    assert.equal(item.text, '$(sparkle) Assistant b');
    presenter.recordThroughput(7);
    assert.equal(item.text, '$(sparkle) Assistant b 7.0 tok/s');
  });
});
