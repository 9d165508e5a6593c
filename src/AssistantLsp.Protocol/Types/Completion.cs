namespace AssistantLsp.Protocol.Types;

// textDocument/inlineCompletion (LSP 3.18) and textDocument/completion.

public sealed record InlineCompletionParams(TextDocumentIdentifier TextDocument, Position Position, InlineCompletionContext? Context = null)
    : TextDocumentPositionParams(TextDocument, Position);

/// <param name="TriggerKind">1 Invoked, 2 Automatic.</param>
public sealed record InlineCompletionContext(int TriggerKind, SelectedCompletionInfo? SelectedCompletionInfo = null);

/// <summary>The suggest widget's selected item: it would replace <paramref name="Range"/> with <paramref name="Text"/>.</summary>
public sealed record SelectedCompletionInfo(Range Range, string Text);

public sealed record InlineCompletionList(IReadOnlyList<InlineCompletionItem> Items);

public sealed record InlineCompletionItem(string InsertText, Range? Range = null, Command? Command = null);

public sealed record CompletionParams(TextDocumentIdentifier TextDocument, Position Position, CompletionContext? Context = null)
    : TextDocumentPositionParams(TextDocument, Position);

/// <param name="TriggerKind">1 Invoked, 2 TriggerCharacter, 3 TriggerForIncompleteCompletions.</param>
public sealed record CompletionContext(int TriggerKind, string? TriggerCharacter = null);

public sealed record CompletionList(bool IsIncomplete, IReadOnlyList<CompletionItem> Items);

public sealed record CompletionItem
{
    public required string Label { get; init; }

    /// <summary>CompletionItemKind; 1 = Text.</summary>
    public int? Kind { get; init; }

    public string? Detail { get; init; }

    public string? InsertText { get; init; }

    /// <summary>1 = PlainText.</summary>
    public int? InsertTextFormat { get; init; }

    public TextEdit? TextEdit { get; init; }

    public string? FilterText { get; init; }

    public string? SortText { get; init; }

    public Command? Command { get; init; }
}
