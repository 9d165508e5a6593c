using AssistantLsp.Protocol.Types;
using AssistantLsp.Server.Conversions;
using AssistantLsp.Server.Dispatch;

namespace AssistantLsp.Server.Handlers.Completion;

/// <summary>
/// `textDocument/completion` for editors without inline completion: the same suggestion as one
/// item, labelled with its first line, inserting the whole text.
/// </summary>
public sealed class CompletionHandler(CompletionRequestRunner runner) : LspRequestHandler<CompletionParams, CompletionList>
{
    /// <summary>The user asked (or typed): a loading model may be waited for a little longer than for ghost text.</summary>
    public static readonly TimeSpan ModelWait = TimeSpan.FromSeconds(5);

    private static readonly CompletionList Empty = new(false, []);

    public override string Method => "textDocument/completion";

    public override async Task<CompletionList> HandleAsync(CompletionParams request, RequestContext context, CancellationToken cancellationToken)
    {
        var position = ProtocolConversions.ToLinePosition(request.Position);
        var answer = await runner.RunAsync(request.TextDocument.Uri, position, null, context, ModelWait, cancellationToken);
        if (answer is not { } found)
        {
            return Empty;
        }

        var (document, result) = found;
        var range = new Protocol.Types.Range(
            ProtocolConversions.ToPosition(document.PositionAt(result.ReplaceStartOffset)),
            ProtocolConversions.ToPosition(document.PositionAt(document.OffsetAt(position))));
        var firstLine = result.InsertText.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? result.InsertText;
        var item = new CompletionItem
        {
            Label = firstLine,
            Kind = 1,
            Detail = "AI suggestion",
            InsertText = result.InsertText,
            InsertTextFormat = 1,
            TextEdit = new TextEdit(range, result.InsertText),
            FilterText = document.Text[result.ReplaceStartOffset..document.OffsetAt(position)] + result.InsertText,
            SortText = "0",
            Command = new Command("Accept suggestion", CompletionAcceptedCommand.CommandName, [request.TextDocument.Uri, result.Source.ToString()]),
        };
        return new CompletionList(false, [item]);
    }
}
