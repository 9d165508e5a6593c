using AssistantLsp.Features.CodeActions;
using AssistantLsp.Features.Documents;
using AssistantLsp.Features.Edits;
using AssistantLsp.Features.Prompts;
using AssistantLsp.Inference.Engine;
using AssistantLsp.Protocol;
using AssistantLsp.Protocol.Types;
using AssistantLsp.Server.Dispatch;
using AssistantLsp.Server.Handlers.Assistant;
using AssistantLsp.Server.Hosting;
using AssistantLsp.Server.Models;

namespace AssistantLsp.Server.Handlers.CodeActions;

/// <summary>
/// `codeAction/resolve`: runs the model for a listed action and returns it with a minimal
/// WorkspaceEdit (or a new test file). Output that cannot be applied safely resolves with no edit,
/// `disabled.reason` and a warning message. The reasoning rides along in the command and data.
/// </summary>
public sealed class CodeActionResolveHandler(AssistantModels models, ClientChannel client, Func<WorkspaceSnapshot> liveDocuments)
    : LspRequestHandler<CodeAction, CodeAction>
{
    public override string Method => "codeAction/resolve";

    public override async Task<CodeAction> HandleAsync(CodeAction request, RequestContext context, CancellationToken cancellationToken)
    {
        if (CodeActionData.TryRead(request.Data) is not { } data || CodeActionData.ParseKind(data.Kind) is not { } kind)
        {
            return request;
        }

        var document = SelectionConversions.RequireDocument(context, data.Uri);
        RequireVersion(document, data);
        var selection = SelectionConversions.ToSelection(document, data.Range, data.Diagnostic is null ? null : [data.Diagnostic], context.Workspace);
        var promptRequest = new CodeActionPromptRequest(kind, selection)
        {
            Diagnostic = selection.Diagnostics.FirstOrDefault(),
        };
        var model = await ExplainHandler.AcquireAsync(models.Reasoning, cancellationToken);
        CodeActionOutcome outcome;
        try
        {
            outcome = await CodeActionService.ResolveAsync(
                promptRequest, SelectionConversions.ReasoningOptionsFrom(context.Settings), model.Engine, model.Scheduler, cancellationToken);
        }
        catch (ArgumentOutOfRangeException ex) when (ex.ParamName is "selection" or "budget" or "budgetTokens")
        {
            throw LspException.RequestFailed($"The selection is too large for the model's context: {ex.Message}");
        }

        var stats = outcome.Stats;
        models.Reasoning.RecordGeneration(stats.ToGenerationStats(stats.TimeToFirstToken));

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
        var source = new Uri(document.Uri);
        var name = TestFileNamer.For(SelectionConversions.FileName(document.Uri), document.LanguageId);
        var target = new Uri(source, Uri.EscapeDataString(name)).AbsoluteUri;
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
