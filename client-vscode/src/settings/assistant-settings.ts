// The `assistantLsp` settings as the server sees them (CONTRACTS.md, "Settings"). The same nested
// object is sent as initializationOptions and, through synchronize, as
// workspace/didChangeConfiguration `settings.assistantLsp`.

/** Reads one setting below `assistantLsp.` (e.g. `model.path`); vscode's WorkspaceConfiguration fits. */
export interface SettingsSource {
  get<T>(key: string): T | undefined;
}

export type JsonObject = { [key: string]: JsonValue };
export type JsonValue = string | number | boolean | null | JsonObject | JsonValue[];

export class AssistantSettings {
  static readonly section = 'assistantLsp';

  /** Keys the server understands, relative to the section. `server.path` is client-only. */
  static readonly serverKeys: readonly string[] = [
    'model.path',
    'model.executionProvider',
    'model.endpoint',
    'model.endpointModel',
    'model.apiKeyVariable',
    'completion.model.path',
    'completion.model.endpoint',
    'completion.model.endpointModel',
    'completion.model.apiKeyVariable',
    'completion.enabled',
    'completion.maxTokens',
    'completion.maxLines',
    'completion.contextTokens',
    'completion.maxPromptMs',
    'completion.maxPredictMs',
    'model.contextTokens',
    'reasoning.maxThinkingTokens',
    'reasoning.temperature',
    'reasoning.topP',
    'log.level',
    'document.maxKilobytes',
    'generation.speculative',
  ];

  /**
   * Sub-sections given to languageclient's `synchronize.configurationSection`: the server receives
   * `settings.assistantLsp.{model,completion,reasoning,generation,log,document}` but never the client-only `server` part.
   */
  static readonly synchronizedSections: readonly string[] = ['model', 'completion', 'reasoning', 'generation', 'log', 'document'].map(
    (s) => `${AssistantSettings.section}.${s}`,
  );

  constructor(private readonly source: SettingsSource) {}

  /** `assistantLsp.server.path`, trimmed; undefined when unset. */
  get serverPath(): string | undefined {
    return AssistantSettings.nonEmpty(this.source.get<string>('server.path'));
  }

  get modelPath(): string | undefined {
    return AssistantSettings.nonEmpty(this.source.get<string>('model.path'));
  }

  /**
   * Nested object of the server keys that have a value: `{ model: { path }, completion: { ... } }`.
   * Empty strings and null are left out so that the server falls back to its own defaults (or to
   * `--model`); values are passed as they are, the server validates them and warns.
   */
  toInitializationOptions(): JsonObject {
    const options: JsonObject = {};
    for (const key of AssistantSettings.serverKeys) {
      const value = this.source.get<JsonValue>(key);
      if (value === undefined || value === null) continue;
      if (typeof value === 'string' && value.trim() === '') continue;
      AssistantSettings.assign(options, key.split('.'), typeof value === 'string' ? value.trim() : value);
    }
    return options;
  }

  private static assign(target: JsonObject, path: string[], value: JsonValue): void {
    let node = target;
    for (const part of path.slice(0, -1)) {
      const next = node[part];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) {
        node[part] = {};
      }
      node = node[part] as JsonObject;
    }
    node[path[path.length - 1]] = value;
  }

  private static nonEmpty(value: string | undefined): string | undefined {
    const trimmed = value?.trim();
    return trimmed ? trimmed : undefined;
  }
}
