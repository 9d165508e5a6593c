import type { ClientCapabilities, FeatureState, StaticFeature } from 'vscode-languageclient/node';

/**
 * Declares `window.workDoneProgress: false`. Model loading is shown once, as a notification
 * driven by `assistant/statusChanged` (ModelLoadNotification), which also carries the error
 * state; a spec-following server then sends no work-done progress for it, so the user never
 * sees two progress indicators for one load.
 */
export class WorkDoneProgressOptOut implements StaticFeature {
  fillClientCapabilities(capabilities: ClientCapabilities): void {
    (capabilities.window ??= {}).workDoneProgress = false;
  }

  initialize(): void {}

  getState(): FeatureState {
    return { kind: 'static' };
  }

  clear(): void {}
}
