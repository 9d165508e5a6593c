using AssistantLsp.Features.CodeActions;
using AssistantLsp.Features.Documents;
using AssistantLsp.Features.Edits;
using AssistantLsp.Features.Prompts;
using AssistantLsp.Protocol;
using AssistantLsp.Protocol.Types;
using AssistantLsp.Server.Client;
using AssistantLsp.Server.Conversions;
using AssistantLsp.Server.Dispatch;

namespace AssistantLsp.Server.Handlers.CodeActions;

/// <summary>
/// `codeAction/resolve`: runs the model for a listed action and returns it with a minimal
/// WorkspaceEdit (or a new test file). Output that cannot be applied safely resolves with no edit,
/// `disabled.reason` and a warning message. The reasoning rides along in the command and data.
/// </summary>
public sealed class CodeActionResolveHandler(CodeActionFeature codeActions, ClientChannel client, Func<WorkspaceSnapshot> liveDocuments)
    : LspRequestHandler<CodeAction, CodeAction>
{
    public override string Method => "codeAction/resolve";

    public override async Task<CodeAction> HandleAsync(CodeAction request, RequestContext context, CancellationToken cancellationToken)
    {
        if (CodeActionData.TryRead(request.Data) is not { } data || CodeActionData.ParseKind(data.Kind) is not { } kind)
        {
            return request;
        }

        if (data.Diagnostic is { } sent && DiagnosticChecks.FindMissing(sent, "params.data.diagnostic") is { } missing)
        {
            throw LspException.InvalidParams($"Invalid params for '{Method}': '{missing}' is required.");
        }

        var document = SelectionRequests.RequireDocument(context, data.Uri);
        RequireVersion(document, data);
        if (kind == CodeActionKind.GenerateTests && TestFilePlacement.Refusal(document, context.Workspace) is { } refusal)
        {
            return request with { Edit = null, Disabled = new CodeActionDisabled(refusal) };
        }

        var selection = SelectionRequests.ToSelection(document, FixRange(document, kind, data), data.Diagnostic is null ? null : [data.Diagnostic], context.Workspace);
        var promptRequest = new CodeActionPromptRequest(kind, selection)
        {
            Diagnostic = selection.Diagnostics.FirstOrDefault(),
        };
        var outcome = await codeActions.ResolveAsync(promptRequest, context.Settings.Features, cancellationToken);

        // The user may have typed while the model ran: an edit for the old text would break the new one.
        if (liveDocuments().TryGet(data.Uri) is { } live)
        {
            RequireVersion(live, data);
        }

        var resolved = request with
        {
            Data = (data with { Reasoning = outcome.Reasoning }).ToJson(),
            Command = string.IsNullOrWhiteSpace(outcome.Reasoning)
                ? null
                : new Command("Show the reasoning", ShowReasoningCommand.CommandName, [new { title = request.Title, reasoning = outcome.Reasoning }]),
        };
        if (outcome.Failure is { } failure)
        {
            await client.ShowMessageAsync(MessageType.Warning, $"{request.Title}: {failure}");
            return resolved with { Edit = null, Disabled = new CodeActionDisabled(failure) };
        }

        return resolved with { Edit = outcome.NewFileText is { } text ? NewFileEdit(document, text) : InPlaceEdit(document, outcome.Replacements!) };
    }

    /// <summary>
    /// What the action rewrites: the selection, except a fix asked for at a bare cursor, which
    /// rewrites the whole lines of its diagnostic (else the fix would be inserted at the cursor).
    /// </summary>
    private static Protocol.Types.Range FixRange(TextDocument document, CodeActionKind kind, CodeActionData data)
    {
        var start = document.OffsetAt(ProtocolConversions.ToLinePosition(data.Range.Start));
        var end = document.OffsetAt(ProtocolConversions.ToLinePosition(data.Range.End));
        if (kind != CodeActionKind.Fix || data.Diagnostic is not { } diagnostic || start != end)
        {
            return data.Range;
        }

        var first = document.Clamp(ProtocolConversions.ToLinePosition(diagnostic.Range.Start)).Line;
        var last = document.Clamp(ProtocolConversions.ToLinePosition(diagnostic.Range.End)).Line;
        (first, last) = (Math.Min(first, last), Math.Max(first, last));
        return new Protocol.Types.Range(
            new Position(first, 0),
            ProtocolConversions.ToPosition(new LinePosition(last, document.LineText(last).Length)));
    }

    private static void RequireVersion(TextDocument document, CodeActionData data)
    {
        if (document.Version != data.Version)
        {
            throw LspException.Create(
                LspErrorCodes.ContentModified,
                $"The document changed (version {document.Version}, the action was made for {data.Version}); ask for the action again.");
        }
    }

    private static WorkspaceEdit InPlaceEdit(TextDocument document, IReadOnlyList<TextReplacement> replacements) => new()
    {
        Changes = new Dictionary<string, IReadOnlyList<TextEdit>>
        {
            [document.Uri] = replacements.Select(r => new TextEdit(
                new Protocol.Types.Range(
                    ProtocolConversions.ToPosition(document.PositionAt(r.Offset)),
                    ProtocolConversions.ToPosition(document.PositionAt(r.Offset + r.Length))),
                r.NewText)).ToArray(),
        },
    };

    private static WorkspaceEdit NewFileEdit(TextDocument document, string text)
    {
        var target = TestFilePlacement.TestFileUri(document) ?? throw LspException.RequestFailed("The document has no file path to put tests beside.");
        var start = new Position(0, 0);
        return new WorkspaceEdit
        {
            DocumentChanges =
            [
                // No overwrite: if the file exists the client refuses the edit rather than clobbering it.
                new CreateFile(target),
                new TextDocumentEdit(new OptionalVersionedTextDocumentIdentifier(target, null), [new TextEdit(new Protocol.Types.Range(start, start), text)]),
            ],
        };
    }
}
