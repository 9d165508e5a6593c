import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CommandIds } from '../../src/commands/command-ids';
import { AssistantSettings } from '../../src/settings/assistant-settings';

// out-test/unit/*.js runs two folders below client-vscode/.
const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
const properties: Record<string, { type: string; default: unknown; minimum?: number; maximum?: number; enum?: string[] }> =
  manifest.contributes.configuration.properties;

describe('package.json contributions', () => {
  it('declares every server setting of the contract, plus server.path', () => {
    const declared = Object.keys(properties).filter((k) => k !== 'assistantLsp.trace.server').sort();
    const expected = [...AssistantSettings.serverKeys.map((k) => `assistantLsp.${k}`), 'assistantLsp.server.path'].sort();
    assert.deepEqual(declared, expected);
  });

  const defaults: [string, unknown][] = [
    ['completion.enabled', true],
    ['completion.maxTokens', 64],
    ['completion.maxLines', 8],
    ['completion.contextTokens', 1024],
    ['reasoning.maxThinkingTokens', 1024],
    ['reasoning.temperature', 0.6],
    ['reasoning.topP', 0.95],
    ['model.executionProvider', 'cpu'],
    ['model.path', ''],
    ['server.path', ''],
  ];
  for (const [key, value] of defaults) {
    it(`default of ${key} is ${JSON.stringify(value)}`, () => assert.equal(properties[`assistantLsp.${key}`].default, value));
  }

  it('every default lies within its declared range or enum', () => {
    for (const [key, p] of Object.entries(properties)) {
      if (typeof p.default === 'number') {
        if (p.minimum !== undefined) assert.ok(p.default >= p.minimum, key);
        if (p.maximum !== undefined) assert.ok(p.default <= p.maximum, key);
      }
      if (p.enum) assert.ok(p.enum.includes(p.default as string), key);
    }
    assert.deepEqual(properties['assistantLsp.model.executionProvider'].enum, ['cpu', 'cuda']);
  });

  it('declares every command the extension registers', () => {
    const declared = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(declared, Object.values(CommandIds).sort());
  });

  it('puts Explain in the editor context menu and on a keybinding, both only with a selection', () => {
    const context = manifest.contributes.menus['editor/context'];
    assert.ok(context.some((m: { command: string; when: string }) => m.command === CommandIds.explainSelection && /editorHasSelection/.test(m.when)));
    const binding = manifest.contributes.keybindings.find((k: { command: string }) => k.command === CommandIds.explainSelection);
    assert.equal(binding.key, 'ctrl+alt+e');
    assert.equal(binding.mac, 'cmd+alt+e');
    assert.match(binding.when, /editorHasSelection/);
  });

  it('targets VS Code ^1.91 and bundles to dist/extension.js', () => {
    assert.equal(manifest.engines.vscode, '^1.91.0');
    assert.equal(manifest.main, './dist/extension.js');
    assert.match(manifest.dependencies['vscode-languageclient'], /^\^11\./);
  });
});
