// Messages between the extension and the explain page (types only; shared by both bundles).
import type { ExplainStats } from '../protocol/assistant-protocol';

export type HostToPageMessage =
  /** Resets the page for a new explanation (`streaming`) or a finished reasoning to show (`static`). */
  | { readonly type: 'begin'; readonly title: string; readonly subtitle?: string; readonly mode: 'streaming' | 'static' }
  | { readonly type: 'reasoning'; readonly text: string }
  | { readonly type: 'answer'; readonly text: string }
  | { readonly type: 'complete'; readonly stats?: ExplainStats }
  | { readonly type: 'cancelled' }
  | { readonly type: 'error'; readonly message: string };

export type PageToHostMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'cancel' }
  | { readonly type: 'copy'; readonly text: string };
