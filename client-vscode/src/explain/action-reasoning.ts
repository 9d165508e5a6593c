/** The reasoning a code action carries, as given to `assistantLsp.showActionReasoning`. */
export interface ActionReasoning {
  readonly title: string;
  readonly reasoning: string;
}

/**
 * Reads the reasoning out of the command arguments. Accepted shapes (the server chooses):
 * `"text"`, `{ reasoning, title? }`, or a code action / command-like `{ title?, data: { reasoning } }`.
 */
export class ActionReasoningReader {
  static read(args: readonly unknown[]): ActionReasoning | undefined {
    for (const arg of args) {
      const found = ActionReasoningReader.readOne(arg);
      if (found) return found;
    }
    return undefined;
  }

  private static readOne(arg: unknown): ActionReasoning | undefined {
    if (typeof arg === 'string') {
      return arg.trim() ? { title: 'Code action', reasoning: arg } : undefined;
    }
    if (typeof arg !== 'object' || arg === null) return undefined;
    const record = arg as { title?: unknown; reasoning?: unknown; data?: unknown };
    const title = typeof record.title === 'string' && record.title.trim() ? record.title : 'Code action';
    if (typeof record.reasoning === 'string' && record.reasoning.trim()) {
      return { title, reasoning: record.reasoning };
    }
    if (typeof record.data === 'object' && record.data !== null) {
      const data = record.data as { reasoning?: unknown; title?: unknown };
      const dataTitle = typeof data.title === 'string' && data.title.trim() ? data.title : title;
      if (typeof data.reasoning === 'string' && data.reasoning.trim()) return { title: dataTitle, reasoning: data.reasoning };
    }
    return undefined;
  }
}
