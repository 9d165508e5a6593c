using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Protocol.Types;

public sealed record CodeActionContext
{
    public IReadOnlyList<Diagnostic>? Diagnostics { get; init; }

    public IReadOnlyList<string>? Only { get; init; }

    public int? TriggerKind { get; init; }
}

public sealed record CodeActionParams(TextDocumentIdentifier TextDocument, Range Range, CodeActionContext Context);

public sealed record CodeActionDisabled(string Reason);

public sealed record CodeAction
{
    public required string Title { get; init; }

    public string? Kind { get; init; }

    public IReadOnlyList<Diagnostic>? Diagnostics { get; init; }

    public bool? IsPreferred { get; init; }

    public CodeActionDisabled? Disabled { get; init; }

    public WorkspaceEdit? Edit { get; init; }

    public Command? Command { get; init; }

    /// <summary>Kept raw: the server reads back what it put there when the action is resolved.</summary>
    public JToken? Data { get; init; }
}

public sealed record OptionalVersionedTextDocumentIdentifier(string Uri, int? Version);

public sealed record TextDocumentEdit(OptionalVersionedTextDocumentIdentifier TextDocument, IReadOnlyList<TextEdit> Edits);

public sealed record CreateFileOptions(bool? Overwrite = null, bool? IgnoreIfExists = null);

public sealed record CreateFile(string Uri, CreateFileOptions? Options = null)
{
    [JsonProperty("kind")]
    public string Kind => "create";
}
