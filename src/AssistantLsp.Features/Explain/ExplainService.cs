using AssistantLsp.Features.Prompts;
using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Reasoning;
using AssistantLsp.Inference.Scheduling;

namespace AssistantLsp.Features.Explain;

/// <summary>What to explain and how to sample.</summary>
/// <param name="Selection">The selected code, with the diagnostics the editor sent (if any).</param>
/// <param name="Question">The user's question, or null for a general explanation.</param>
/// <param name="Options">Sampling and budgets from the settings.</param>
public sealed record ExplainRequest(CodeSelection Selection, string? Question, ReasoningOptions Options);

/// <summary>
/// Explains selected code with the reasoning model: builds the prompt, queues the generation on
/// the model's scheduler and hands each reasoning or answer segment to the caller in stream order.
/// </summary>
public static class ExplainService
{
    /// <param name="onSegment">Awaited before the next segment is handed over, so the caller can keep the order when it sends them on.</param>
    public static async Task<ReasoningResult> ExplainAsync(
        ExplainRequest request,
        IInferenceEngine engine,
        GenerationScheduler scheduler,
        Func<ThinkSegment, CancellationToken, Task> onSegment,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(onSegment);
        var builder = new ExplainPromptBuilder(engine.CountTokens);
        var prompt = builder.Build(request.Selection, request.Question, PromptBudget.For(engine.Model.ContextLength, request.Options));
        var reasoningRequest = new ReasoningRequest(prompt.Text, request.Options) { Priority = GenerationPriority.Explain };
        await foreach (var item in new ScheduledReasoning(scheduler).StreamAsync(reasoningRequest, cancellationToken))
        {
            switch (item)
            {
                case ReasoningTextEvent text when text.Segment.Text.Length > 0:
                    await onSegment(text.Segment, cancellationToken);
                    break;
                case ReasoningCompletedEvent completed:
                    return completed.Result;
            }
        }

        throw new InvalidOperationException("The reasoning stream ended without a result.");
    }
}
