import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { StatusActionsMenu, type StatusAction } from '../../src/status/status-actions-menu';
import { mock, Position, Selection } from '../mocks/vscode';

const ids = { explainSelection: 'a.explain', restartServer: 'a.restart', showLogs: 'a.logs', selectModelFolder: 'a.select' };

describe('StatusActionsMenu', () => {
  beforeEach(() => mock.reset());

  it('offers Explain only with a selection', () => {
    const menu = new StatusActionsMenu(ids);
    assert.deepEqual(menu.actions(false).map((a) => a.command), ['a.select', 'a.restart', 'a.logs', 'workbench.action.openSettings']);
    assert.equal(menu.actions(true)[0].command, 'a.explain');
  });

  it('runs the picked action with its arguments', async () => {
    mock.activeTextEditor = { selection: new Selection(new Position(0, 0), new Position(0, 0)) };
    mock.nextQuickPick = (items) => (items as StatusAction[]).find((i) => i.command === 'workbench.action.openSettings');
    await new StatusActionsMenu(ids).show();
    assert.equal(mock.quickPicks.length, 1);
    assert.ok(!(mock.quickPicks[0].items as StatusAction[]).some((i) => i.command === 'a.explain'));
    assert.deepEqual(mock.executedCommands, [{ command: 'workbench.action.openSettings', args: ['assistantLsp'] }]);
  });

  it('does nothing when dismissed', async () => {
    await new StatusActionsMenu(ids).show();
    assert.equal(mock.executedCommands.length, 0);
  });
});
