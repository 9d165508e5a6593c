using AssistantLsp.Features.Explain;
using AssistantLsp.Protocol.Types;
using AssistantLsp.Server.Client;
using AssistantLsp.Server.Conversions;
using AssistantLsp.Server.Dispatch;
using AssistantLsp.Server.Handlers.CodeActions;

namespace AssistantLsp.Server.Handlers.Assistant;

/// <summary>
/// `assistant/explain`: the reasoning model explains the selection. Reasoning and answer stream
/// apart as `$/progress` on the partial result token, in order; the result repeats the full text.
/// </summary>
public sealed class ExplainHandler(ExplainFeature explain, ClientChannel client) : LspRequestHandler<ExplainParams, ExplainResult>
{
    public override string Method => "assistant/explain";

    public override async Task<ExplainResult> HandleAsync(ExplainParams request, RequestContext context, CancellationToken cancellationToken)
    {
        if (request.Diagnostics is { } diagnostics && DiagnosticChecks.FindMissing(diagnostics, "params.diagnostics") is { } missing)
        {
            throw LspException.InvalidParams($"Invalid params for '{Method}': '{missing}' is required.");
        }

        var document = SelectionRequests.RequireDocument(context, request.TextDocument.Uri);
        var selection = SelectionRequests.ToSelection(document, request.Range, request.Diagnostics, context.Workspace);
        var job = await explain.PrepareAsync(selection, request.Question, context.Settings.Features, cancellationToken);
        var token = request.PartialResultToken;
        var work = request.WorkDoneToken;
        ExplainPart? phase = null;
        if (work is not null)
        {
            await client.SendProgressAsync(work, new WorkDoneProgressBegin("Explaining", "Waiting for the model…"));
        }

        ExplainAnswer answer;
        var outcome = "Cancelled";
        try
        {
            answer = await job.RunAsync(
                async (segment, _) =>
                {
                    if (work is not null && segment.Part != phase)
                    {
                        // Work-done progress says which phase runs; the text itself goes on the partial result token.
                        phase = segment.Part;
                        await client.SendProgressAsync(work, new WorkDoneProgressReport(segment.Part == ExplainPart.Reasoning ? "Thinking…" : "Answering…"));
                    }

                    if (token is not null)
                    {
                        await client.SendProgressAsync(token, new ExplainProgress(segment.Part == ExplainPart.Reasoning ? "reasoning" : "answer", segment.Text));
                    }
                },
                cancellationToken);
            outcome = "Done";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            outcome = "Failed";
            throw;
        }
        finally
        {
            if (work is not null)
            {
                await client.SendProgressAsync(work, new WorkDoneProgressEnd(outcome));
            }
        }

        return ProtocolConversions.ToExplainResult(answer);
    }
}
