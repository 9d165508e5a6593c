using AssistantLsp.Features.Completion;
using AssistantLsp.Protocol.Types;
using AssistantLsp.Server.Conversions;
using AssistantLsp.Server.Dispatch;

namespace AssistantLsp.Server.Handlers.Completion;

/// <summary>`textDocument/inlineCompletion` (LSP 3.18): one ghost-text item, or none.</summary>
public sealed class InlineCompletionHandler(CompletionRequestRunner runner) : LspRequestHandler<InlineCompletionParams, InlineCompletionList>
{
    /// <summary>Longest wait for a loading model: ghost text must never hang.</summary>
    public static readonly TimeSpan ModelWait = TimeSpan.FromSeconds(2);

    private static readonly InlineCompletionList Empty = new([]);

    public override string Method => "textDocument/inlineCompletion";

    public override async Task<InlineCompletionList> HandleAsync(InlineCompletionParams request, RequestContext context, CancellationToken cancellationToken)
    {
        var selected = request.Context?.SelectedCompletionInfo is { } info
            ? new SelectedSuggestion(ProtocolConversions.ToLinePosition(info.Range.Start), info.Text)
            : null;
        var answer = await runner.RunAsync(
            request.TextDocument.Uri, ProtocolConversions.ToLinePosition(request.Position), selected, context, ModelWait, cancellationToken);
        if (answer is not { } found)
        {
            return Empty;
        }

        var (document, result) = found;
        var cursor = document.OffsetAt(ProtocolConversions.ToLinePosition(request.Position));
        var range = new Protocol.Types.Range(
            ProtocolConversions.ToPosition(document.PositionAt(result.ReplaceStartOffset)),
            ProtocolConversions.ToPosition(document.PositionAt(cursor)));
        var accepted = new Command("Accept suggestion", CompletionAcceptedCommand.CommandName, [request.TextDocument.Uri, result.Source.ToString()]);
        return new InlineCompletionList([new InlineCompletionItem(result.InsertText, range, accepted)]);
    }
}
