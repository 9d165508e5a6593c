import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { ModelLoadNotification } from '../../src/status/model-load-notification';
import { mock, ProgressLocation } from '../mocks/vscode';

const commandIds = { selectModelFolder: 'test.select', showLogs: 'test.logs' };
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('ModelLoadNotification', () => {
  beforeEach(() => mock.reset());

  it('shows one notification for a whole load and closes it when ready', async () => {
    const notification = new ModelLoadNotification(commandIds, 0);
    notification.update({ state: 'loading', model: '/m/r1' });
    notification.update({ state: 'loading', model: '/m/r1' });
    assert.equal(mock.progress.length, 1);
    assert.equal(mock.progress[0].options.location, ProgressLocation.Notification);
    assert.match(mock.progress[0].options.title ?? '', /loading model \/m\/r1/);
    assert.equal(notification.isShowing, true);
    notification.update({ state: 'ready', model: '/m/r1' });
    await flush();
    assert.equal(mock.progress[0].settled, true);
    assert.equal(notification.isShowing, false);
    assert.equal(mock.messages.length, 0);
  });

  it('reports a failed load once, with its reason and actions', async () => {
    const notification = new ModelLoadNotification(commandIds, 0);
    notification.update({ state: 'loading' });
    mock.nextMessageChoice = 'Select Model Folder';
    notification.update({ state: 'error', message: 'genai_config.json is missing' });
    notification.update({ state: 'error', message: 'genai_config.json is missing' });
    await flush();
    assert.equal(mock.progress[0].settled, true);
    assert.equal(mock.messages.length, 1);
    assert.match(mock.messages[0].message, /could not be loaded: genai_config\.json is missing/);
    assert.deepEqual(mock.messages[0].items, ['Select Model Folder', 'Show Logs']);
    assert.deepEqual(mock.executedCommands.map((c) => c.command), ['test.select']);
  });

  it('starts a new notification for a second load and closes on reset', async () => {
    const notification = new ModelLoadNotification(commandIds, 0);
    notification.update({ state: 'loading' });
    notification.update({ state: 'none' });
    notification.update({ state: 'loading' });
    assert.equal(mock.progress.length, 2);
    notification.reset();
    await flush();
    assert.ok(mock.progress.every((p) => p.settled));
  });

  it('warns with a folder picker when a settings change leaves no model, not on a first start without one', async () => {
    const notification = new ModelLoadNotification(commandIds, 0);
    notification.update({ state: 'none' });
    await flush();
    assert.equal(mock.messages.length, 0);
    notification.update({ state: 'ready', model: '/m/a' });
    mock.nextMessageChoice = 'Select Model Folder';
    notification.update({ state: 'none' });
    notification.update({ state: 'none' });
    await flush();
    assert.equal(mock.messages.length, 1);
    assert.equal(mock.messages[0].severity, 'warning');
    assert.match(mock.messages[0].message, /no model is set any more/);
    assert.doesNotMatch(mock.messages[0].message, /make-test-model|--model|README|null/);
    assert.deepEqual(mock.executedCommands.map((c) => c.command), ['test.select']);
  });

  it('shows no notification for a load that ends before the delay (the status bar covers it)', async () => {
    const notification = new ModelLoadNotification(commandIds, 50);
    notification.update({ state: 'loading', model: '/m/fast' });
    notification.update({ state: 'ready', model: '/m/fast' });
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.equal(mock.progress.length, 0);
    notification.update({ state: 'loading', model: '/m/slow' });
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.equal(mock.progress.length, 1);
    notification.update({ state: 'ready', model: '/m/slow' });
    await flush();
    assert.equal(mock.progress[0].settled, true);
  });
});
