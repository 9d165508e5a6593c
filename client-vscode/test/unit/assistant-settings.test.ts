import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AssistantSettings, type SettingsSource } from '../../src/settings/assistant-settings';

const source = (values: Record<string, unknown>): SettingsSource => ({
  get: <T>(key: string) => values[key] as T | undefined,
});

describe('AssistantSettings', () => {
  it('maps every server key to the nested initializationOptions shape', () => {
    const settings = new AssistantSettings(
      source({
        'model.path': '/models/r1',
        'model.executionProvider': 'cpu',
        'completion.model.path': '/models/fim',
        'completion.enabled': false,
        'completion.maxTokens': 64,
        'completion.maxLines': 8,
        'completion.contextTokens': 1024,
        'reasoning.maxThinkingTokens': 1024,
        'reasoning.temperature': 0.6,
        'reasoning.topP': 0.95,
        'log.level': 'debug',
        'server.path': '/opt/assistant-lsp',
      }),
    );
    assert.deepEqual(settings.toInitializationOptions(), {
      model: { path: '/models/r1', executionProvider: 'cpu' },
      completion: { model: { path: '/models/fim' }, enabled: false, maxTokens: 64, maxLines: 8, contextTokens: 1024 },
      reasoning: { maxThinkingTokens: 1024, temperature: 0.6, topP: 0.95 },
      log: { level: 'debug' },
    });
  });

  const omitted: [string, unknown][] = [
    ['empty string', ''],
    ['blank string', '   '],
    ['null', null],
    ['undefined', undefined],
  ];
  for (const [name, value] of omitted) {
    it(`leaves out a ${name} value so the server keeps its default`, () => {
      const options = new AssistantSettings(source({ 'model.path': value, 'completion.maxTokens': 32 })).toInitializationOptions();
      assert.deepEqual(options, { completion: { maxTokens: 32 } });
    });
  }

  it('keeps falsy but meaningful values (0, false)', () => {
    const options = new AssistantSettings(source({ 'reasoning.temperature': 0, 'completion.enabled': false })).toInitializationOptions();
    assert.deepEqual(options, { completion: { enabled: false }, reasoning: { temperature: 0 } });
  });

  it('trims paths', () => {
    const settings = new AssistantSettings(source({ 'model.path': '  /m  ', 'server.path': ' /s/assistant-lsp.dll ' }));
    assert.deepEqual(settings.toInitializationOptions(), { model: { path: '/m' } });
    assert.equal(settings.serverPath, '/s/assistant-lsp.dll');
    assert.equal(settings.modelPath, '/m');
  });

  it('never sends the client-only server.path to the server', () => {
    const options = new AssistantSettings(source({ 'server.path': '/x' })).toInitializationOptions();
    assert.deepEqual(options, {});
    assert.ok(!AssistantSettings.synchronizedSections.some((s) => s.startsWith('assistantLsp.server')));
  });

  it('synchronizes exactly the sections the server keys live in', () => {
    const roots = new Set(AssistantSettings.serverKeys.map((k) => `assistantLsp.${k.split('.')[0]}`));
    assert.deepEqual(new Set(AssistantSettings.synchronizedSections), roots);
  });
});
