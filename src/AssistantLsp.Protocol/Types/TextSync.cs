namespace AssistantLsp.Protocol.Types;

public sealed record DidOpenTextDocumentParams(TextDocumentItem TextDocument);

public sealed record DidChangeTextDocumentParams(
    VersionedTextDocumentIdentifier TextDocument,
    IReadOnlyList<TextDocumentContentChangeEvent> ContentChanges);

/// <summary>A range edit, or the full new text when Range is absent.</summary>
public sealed record TextDocumentContentChangeEvent
{
    public Range? Range { get; init; }

    public int? RangeLength { get; init; }

    public required string Text { get; init; }
}

public sealed record DidCloseTextDocumentParams(TextDocumentIdentifier TextDocument);

public sealed record DidSaveTextDocumentParams(TextDocumentIdentifier TextDocument, string? Text = null);
