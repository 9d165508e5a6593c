using AssistantLsp.Features.CodeActions;
using AssistantLsp.Features.Documents;
using AssistantLsp.Features.Prompts;
using AssistantLsp.Protocol.Types;
using AssistantLsp.Server.Conversions;
using AssistantLsp.Server.Dispatch;
using Range = AssistantLsp.Protocol.Types.Range;

namespace AssistantLsp.Server.Handlers.CodeActions;

/// <summary>
/// `textDocument/codeAction`: lists the assistant's actions at once, without a model call; each
/// carries <see cref="CodeActionData"/> and gets its edit on `codeAction/resolve`.
/// </summary>
public sealed class CodeActionHandler : LspRequestHandler<CodeActionParams, IReadOnlyList<CodeAction>>
{
    public override string Method => "textDocument/codeAction";

    public override Task<IReadOnlyList<CodeAction>> HandleAsync(CodeActionParams request, RequestContext context, CancellationToken cancellationToken)
    {
        if (context.Documents.TryGet(request.TextDocument.Uri) is not { } document)
        {
            return Task.FromResult<IReadOnlyList<CodeAction>>([]);
        }

        var diagnostics = request.Context.Diagnostics ?? [];
        if (DiagnosticChecks.FindMissing(diagnostics, "params.context.diagnostics") is { } missing)
        {
            throw LspException.InvalidParams($"Invalid params for '{Method}': '{missing}' is required.");
        }

        var selection = SelectionRequests.ToSelection(document, request.Range, null, context.Workspace);
        var notes = diagnostics.Select(d => SelectionRequests.ToNote(document, d)).ToArray();
        var offers = CodeActionCatalog.Offers(selection.Start, selection.End, notes, document.Text);
        var actions = new List<CodeAction>(offers.Count);
        foreach (var offer in offers)
        {
            var diagnostic = offer.Diagnostic is null ? null : diagnostics[Array.IndexOf(notes, offer.Diagnostic)];
            var kind = CodeActionData.LspKind(offer.Kind);
            if (request.Context.Only is { Count: > 0 } only && !only.Any(o => kind == o || kind.StartsWith(o + ".", StringComparison.Ordinal)))
            {
                continue;
            }

            actions.Add(new CodeAction
            {
                Title = offer.Title,
                Kind = kind,
                Disabled = offer.Kind == CodeActionKind.GenerateTests && TestFilePlacement.Refusal(document, context.Workspace) is { } refusal
                    ? new CodeActionDisabled(refusal)
                    : null,
                Diagnostics = diagnostic is null ? null : [diagnostic],
                IsPreferred = diagnostic is null ? null : true,
                Data = new CodeActionData(CodeActionData.KindName(offer.Kind), document.Uri, TargetRange(document, offer, request.Range), document.Version) { Diagnostic = diagnostic }.ToJson(),
            });
        }

        if (selection.End > selection.Start && request.Context.Only is not { Count: > 0 })
        {
            // The client owns this command: it opens its explain view on the editor's selection.
            actions.Add(new CodeAction
            {
                Title = "Explain selection",
                Command = new Command("Explain selection", ExplainSelectionCommand.CommandName, [new { uri = document.Uri, range = request.Range }]),
            });
        }

        return Task.FromResult<IReadOnlyList<CodeAction>>(actions);
    }

    /// <summary>The range the action's resolve works on: the request's, or the block around the cursor.</summary>
    private static Range TargetRange(TextDocument document, CodeActionOffer offer, Range requested) =>
        offer.Target is { } target
            ? new Range(ProtocolConversions.ToPosition(document.PositionAt(target.Start)), ProtocolConversions.ToPosition(document.PositionAt(target.End)))
            : requested;
}
