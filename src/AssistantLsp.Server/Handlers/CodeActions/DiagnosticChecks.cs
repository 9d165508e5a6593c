using AssistantLsp.Protocol.Types;

namespace AssistantLsp.Server.Handlers.CodeActions;

/// <summary>
/// Diagnostics come from the client inside an optional list, which the generic params check does
/// not walk: a null entry, or one without its range or message, is named here so the client gets
/// -32602 instead of the action failing halfway.
/// </summary>
public static class DiagnosticChecks
{
    /// <summary>The dotted path of the first missing part (e.g. "params.context.diagnostics[0].message"), or null.</summary>
    public static string? FindMissing(IReadOnlyList<Diagnostic?> diagnostics, string path)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        for (var i = 0; i < diagnostics.Count; i++)
        {
            if (FindMissing(diagnostics[i], $"{path}[{i}]") is { } missing)
            {
                return missing;
            }
        }

        return null;
    }

    public static string? FindMissing(Diagnostic? diagnostic, string path) => diagnostic switch
    {
        null => path,
        { Range: null } => $"{path}.range",
        { Range.Start: null } => $"{path}.range.start",
        { Range.End: null } => $"{path}.range.end",
        { Message: null } => $"{path}.message",
        _ => null,
    };
}
