using AssistantLsp.Features.Documents;
using AssistantLsp.Features.Prompts;
using AssistantLsp.Features.Settings;
using AssistantLsp.Protocol.Types;
using AssistantLsp.Server.Dispatch;
using Range = AssistantLsp.Protocol.Types.Range;

namespace AssistantLsp.Server.Conversions;

/// <summary>LSP selection requests into the editor-term <see cref="CodeSelection"/> that prompts are built from.</summary>
public static class SelectionRequests
{
    /// <summary>The open document, or RequestFailed saying why it cannot be used.</summary>
    public static TextDocument RequireDocument(RequestContext context, string uri)
    {
        var document = context.Documents.TryGet(uri)
            ?? throw LspException.RequestFailed($"The document is not open: {Protocol.LogText.Shorten(uri, 300)}");
        if (DocumentSizeLimit.Check(document, context.Settings.Features) is { } tooBig)
        {
            throw LspException.RequestFailed(tooBig);
        }

        return document;
    }

    public static CodeSelection ToSelection(TextDocument document, Range range, IReadOnlyList<Diagnostic>? diagnostics, WorkspacePaths workspace)
    {
        var start = document.OffsetAt(ProtocolConversions.ToLinePosition(range.Start));
        var end = document.OffsetAt(ProtocolConversions.ToLinePosition(range.End));
        if (end < start)
        {
            (start, end) = (end, start);
        }

        return new CodeSelection(document.Text, start, end, document.LanguageId, workspace.RelativePath(document.Uri))
        {
            Diagnostics = diagnostics?.Select(d => ToNote(document, d)).ToArray() ?? [],
        };
    }

    public static DiagnosticNote ToNote(TextDocument document, Diagnostic diagnostic) =>
        new(
            document.OffsetAt(ProtocolConversions.ToLinePosition(diagnostic.Range.Start)),
            document.OffsetAt(ProtocolConversions.ToLinePosition(diagnostic.Range.End)),
            diagnostic.Severity switch { 1 => "error", 2 => "warning", 3 => "information", 4 => "hint", _ => "problem" },
            diagnostic.Message)
        {
            Code = diagnostic.Code?.ToString(),
            Source = diagnostic.Source,
        };
}
