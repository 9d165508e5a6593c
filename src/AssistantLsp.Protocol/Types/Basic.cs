namespace AssistantLsp.Protocol.Types;

// LSP base structures we use (LSP 3.18). Positions are UTF-16 code units.

public sealed record Position(int Line, int Character);

public sealed record Range(Position Start, Position End);

public sealed record Location(string Uri, Range Range);

public sealed record TextDocumentIdentifier(string Uri);

public sealed record VersionedTextDocumentIdentifier(string Uri, int Version);

public sealed record TextDocumentItem(string Uri, string LanguageId, int Version, string Text);

public record TextDocumentPositionParams(TextDocumentIdentifier TextDocument, Position Position);

public sealed record TextEdit(Range Range, string NewText);

public sealed record Diagnostic
{
    public required Range Range { get; init; }

    public int? Severity { get; init; }

    public object? Code { get; init; }

    public string? Source { get; init; }

    public required string Message { get; init; }
}

public sealed record WorkspaceEdit
{
    public IReadOnlyDictionary<string, IReadOnlyList<TextEdit>>? Changes { get; init; }

    /// <summary>TextDocumentEdit or CreateFile operations, in order.</summary>
    public IReadOnlyList<object>? DocumentChanges { get; init; }
}

public sealed record Command(
    string Title,
    [property: Newtonsoft.Json.JsonProperty("command")] string CommandName,
    IReadOnlyList<object?>? Arguments = null);

public static class MessageType
{
    public const int Error = 1;
    public const int Warning = 2;
    public const int Info = 3;
    public const int Log = 4;
}

public sealed record ShowMessageParams(int Type, string Message);

public sealed record LogMessageParams(int Type, string Message);
