using System.Diagnostics;
using AssistantLsp.Features.Explain;
using AssistantLsp.Features.Prompts;
using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Reasoning;
using AssistantLsp.Inference.Slots;
using AssistantLsp.Protocol.Types;
using AssistantLsp.Server.Dispatch;
using AssistantLsp.Server.Handlers.CodeActions;
using AssistantLsp.Server.Hosting;
using AssistantLsp.Server.Models;

namespace AssistantLsp.Server.Handlers.Assistant;

/// <summary>
/// `assistant/explain`: the reasoning model explains the selection. Reasoning and answer stream
/// apart as `$/progress` on the partial result token, in order; the result repeats the full text.
/// </summary>
public sealed class ExplainHandler(AssistantModels models, ClientChannel client) : LspRequestHandler<ExplainParams, ExplainResult>
{
    /// <summary>How long a request waits for a model that is still loading.</summary>
    public static readonly TimeSpan ModelWait = TimeSpan.FromSeconds(30);

    public override string Method => "assistant/explain";

    public override async Task<ExplainResult> HandleAsync(ExplainParams request, RequestContext context, CancellationToken cancellationToken)
    {
        if (request.Diagnostics is { } diagnostics && DiagnosticChecks.FindMissing(diagnostics, "params.diagnostics") is { } missing)
        {
            throw LspException.InvalidParams($"Invalid params for '{Method}': '{missing}' is required.");
        }

        var document = SelectionConversions.RequireDocument(context, request.TextDocument.Uri);
        var selection = SelectionConversions.ToSelection(document, request.Range, request.Diagnostics, context.Workspace);
        if (selection.End == selection.Start)
        {
            throw LspException.RequestFailed("Select the code to explain first.");
        }

        var model = await AcquireAsync(models.Reasoning, cancellationToken);
        var token = request.PartialResultToken;
        var work = request.WorkDoneToken;
        var clock = Stopwatch.StartNew();
        var explainRequest = new ExplainRequest(selection, request.Question, SelectionConversions.ReasoningOptionsFrom(context.Settings));
        ThinkSegmentKind? phase = null;
        if (work is not null)
        {
            await client.SendProgressAsync(work, new WorkDoneProgressBegin("Explaining", "Waiting for the model…"));
        }

        ReasoningResult result;
        var outcome = "Cancelled";
        try
        {
            result = await ExplainService.ExplainAsync(
                explainRequest,
                model.Engine,
                model.Scheduler,
                async (segment, _) =>
                {
                    if (work is not null && segment.Kind != phase)
                    {
                        // Work-done progress says which phase runs; the text itself goes on the partial result token.
                        phase = segment.Kind;
                        await client.SendProgressAsync(work, new WorkDoneProgressReport(segment.Kind == ThinkSegmentKind.Reasoning ? "Thinking…" : "Answering…"));
                    }

                    if (token is not null)
                    {
                        await client.SendProgressAsync(token, new ExplainProgress(segment.Kind == ThinkSegmentKind.Reasoning ? "reasoning" : "answer", segment.Text));
                    }
                },
                cancellationToken);
            outcome = "Done";
        }
        catch (PromptTooLargeException ex)
        {
            outcome = "Failed";
            throw LspException.RequestFailed($"The selection is too large for the model's context: {ex.Message}");
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

        var stats = result.Stats;
        models.Reasoning.RecordGeneration(stats.ToGenerationStats(clock.Elapsed));
        return new ExplainResult(
            result.Reasoning,
            result.Answer,
            new ExplainStats(stats.PromptTokens, stats.ReasoningTokens, stats.AnswerTokens, stats.TimeToFirstToken.TotalMilliseconds, stats.TokensPerSecond)
            {
                DraftedTokens = stats.DraftedTokens,
                AcceptedDraftTokens = stats.AcceptedDraftTokens,
                DraftAcceptanceRate = DraftRate(stats.DraftedTokens, stats.AcceptedDraftTokens),
                EffectiveTokensPerSecond = stats.TokensPerSecond,
            });
    }

    internal static double DraftRate(int drafted, int accepted) => drafted > 0 ? Math.Round((double)accepted / drafted, 3) : 0;

    /// <summary>The loaded model, or RequestFailed with the slot's explanation (not configured, loading, broken).</summary>
    internal static async Task<LoadedModel> AcquireAsync(ModelSlot slot, CancellationToken cancellationToken)
    {
        try
        {
            return await slot.AcquireAsync(ModelWait, cancellationToken);
        }
        catch (ModelUnavailableException ex)
        {
            throw LspException.RequestFailed(ex.Message);
        }
    }
}
