using AssistantLsp.Features.CodeActions;
using AssistantLsp.Protocol;
using AssistantLsp.Protocol.Types;
using Newtonsoft.Json.Linq;
using Range = AssistantLsp.Protocol.Types.Range;

namespace AssistantLsp.Server.Handlers.CodeActions;

/// <summary>What a listed action carries to its resolve: enough to rebuild the request, and the version it was listed at.</summary>
public sealed record CodeActionData(string Kind, string Uri, Range Range, int Version)
{
    public Diagnostic? Diagnostic { get; init; }

    /// <summary>Set on the resolved action: the model's reasoning, shown apart, never in the edit.</summary>
    public string? Reasoning { get; init; }

    public static string KindName(CodeActionKind kind) => kind switch
    {
        CodeActionKind.Fix => "fix",
        CodeActionKind.Document => "document",
        CodeActionKind.Refactor => "refactor",
        CodeActionKind.Simplify => "simplify",
        CodeActionKind.GenerateTests => "tests",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown code action kind."),
    };

    public static CodeActionKind? ParseKind(string name) => name switch
    {
        "fix" => CodeActionKind.Fix,
        "document" => CodeActionKind.Document,
        "refactor" => CodeActionKind.Refactor,
        "simplify" => CodeActionKind.Simplify,
        "tests" => CodeActionKind.GenerateTests,
        _ => null,
    };

    /// <summary>
    /// The LSP kind the editor groups the action under. All are `quickfix` or `refactor.*`, the
    /// kinds editors show in the lightbulb / Ctrl+. menu (`source.*` only appears under Source Action).
    /// </summary>
    public static string LspKind(CodeActionKind kind) => kind switch
    {
        CodeActionKind.Fix => "quickfix",
        CodeActionKind.Document => "refactor.rewrite.documentation",
        CodeActionKind.GenerateTests => "refactor.extract.tests",
        _ => "refactor.rewrite",
    };

    public JToken ToJson() => JToken.FromObject(this, LspJson.Serializer);

    /// <summary>Null when the data is missing or not ours (a client may send back anything).</summary>
    public static CodeActionData? TryRead(JToken? data)
    {
        if (data is not JObject)
        {
            return null;
        }

        try
        {
            var read = data.ToObject<CodeActionData>(LspJson.Serializer);
            return read is { Kind: not null, Uri: not null, Range: { Start: not null, End: not null } } && ParseKind(read.Kind) is not null ? read : null;
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return null;
        }
    }
}
