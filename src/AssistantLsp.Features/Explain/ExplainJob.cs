using System.Diagnostics;
using AssistantLsp.Features.Requests;
using AssistantLsp.Inference.Slots;
using AssistantLsp.Inference.Reasoning;

namespace AssistantLsp.Features.Explain;

/// <summary>One explanation with its model in hand: runs it once, then records its figures on the model's slot.</summary>
public sealed class ExplainJob
{
    private readonly ModelSlot _slot;
    private readonly LoadedModel _model;
    private readonly ExplainRequest _request;

    // Started with the model in hand: the recorded total includes any wait in the scheduler's queue.
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    internal ExplainJob(ModelSlot slot, LoadedModel model, ExplainRequest request)
    {
        _slot = slot;
        _model = model;
        _request = request;
    }

    /// <param name="onSegment">Awaited before the next segment is handed over, so the caller keeps the order when it sends them on.</param>
    public async Task<ExplainAnswer> RunAsync(Func<ExplainSegment, CancellationToken, Task> onSegment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onSegment);
        ReasoningResult result;
        try
        {
            result = await ExplainService.ExplainAsync(
                _request,
                _model.Engine,
                _model.Scheduler,
                (segment, token) => onSegment(new ExplainSegment(segment.Kind == ThinkSegmentKind.Reasoning ? ExplainPart.Reasoning : ExplainPart.Answer, segment.Text), token),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ModelAccess.ReasoningFailure(ex) is { } failure)
        {
            throw failure;
        }

        var stats = result.Stats;
        _slot.RecordGeneration(stats.ToGenerationStats(_clock.Elapsed));
        return new ExplainAnswer(
            result.Reasoning,
            result.Answer,
            new ExplainFigures(stats.PromptTokens, stats.ReasoningTokens, stats.AnswerTokens, stats.TimeToFirstToken, stats.TokensPerSecond)
            {
                DraftedTokens = stats.DraftedTokens,
                AcceptedDraftTokens = stats.AcceptedDraftTokens,
            });
    }
}
