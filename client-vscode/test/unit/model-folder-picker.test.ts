import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { ModelFolderPicker } from '../../src/commands/model-folder-picker';
import { ConfigurationTarget, mock, Uri } from '../mocks/vscode';

describe('ModelFolderPicker', () => {
  beforeEach(() => mock.reset());

  it('writes the picked folder to assistantLsp.model.path in user settings', async () => {
    mock.configuration.set('assistantLsp.model.path', '/old/model');
    mock.nextOpenDialog = [Uri.file('/models/deepseek-r1-distill-qwen-1.5b')];
    const picked = await new ModelFolderPicker().pick();
    assert.equal(picked, '/models/deepseek-r1-distill-qwen-1.5b');
    assert.deepEqual(mock.configurationUpdates, [
      { section: 'assistantLsp', key: 'model.path', value: '/models/deepseek-r1-distill-qwen-1.5b', target: ConfigurationTarget.Global },
    ]);
    const options = mock.openDialogs[0] as { canSelectFolders: boolean; canSelectFiles: boolean; defaultUri?: Uri };
    assert.equal(options.canSelectFolders, true);
    assert.equal(options.canSelectFiles, false);
    assert.equal(options.defaultUri?.fsPath, '/old/model');
  });

  it('changes nothing when the picker is dismissed', async () => {
    assert.equal(await new ModelFolderPicker().pick(), undefined);
    assert.equal(mock.configurationUpdates.length, 0);
  });

  it('opens at the nearest existing folder when the configured one is missing', () => {
    const picker = new ModelFolderPicker((folder) => folder === '/models' || folder === '/');
    assert.equal(picker.startFolder('/models/gone/deeper'), '/models');
    assert.equal(picker.startFolder('/models'), '/models');
    assert.equal(picker.startFolder(undefined), undefined);
    assert.equal(new ModelFolderPicker(() => false).startFolder('/x/y'), undefined);
  });
});
