using System.Runtime.CompilerServices;
using System.Threading.Channels;
using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Scheduling;

namespace AssistantLsp.Inference.Reasoning;

/// <summary>
/// R1-style generations (reasoning, then answer) queued on a <see cref="GenerationScheduler"/> by
/// priority and supersession key; each runs as an <see cref="EngineReasoningRun"/> in its turn, and
/// the two kinds of text stream apart, in order. Needs nothing of the engine beyond
/// <see cref="IInferenceEngine"/>.
/// </summary>
public sealed class ScheduledReasoning
{
    private readonly GenerationScheduler _scheduler;

    public ScheduledReasoning(GenerationScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        _scheduler = scheduler;
    }

    /// <summary>
    /// Queues the generation and reports each segment to <paramref name="onSegment"/> as it is
    /// certain (called on the generating thread: keep it short).
    /// </summary>
    public Task<ReasoningResult> GenerateAsync(
        ReasoningRequest request,
        Action<ThinkSegment>? onSegment,
        CancellationToken cancellationToken)
    {
        EngineReasoningRun.Check(request);
        return _scheduler.RunAsync(
            request.Priority,
            request.SupersessionKey,
            (engine, token) => EngineReasoningRun.RunAsync(engine, request, onSegment, token),
            cancellationToken);
    }

    /// <summary>
    /// The same as a stream: text events in order, then one completed event. Leaving the loop
    /// early cancels the generation. Failure and cancellation surface as exceptions.
    /// </summary>
    public async IAsyncEnumerable<ReasoningEvent> StreamAsync(
        ReasoningRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        EngineReasoningRun.Check(request);
        var channel = Channel.CreateUnbounded<ReasoningEvent>(new UnboundedChannelOptions { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var generation = ProduceAsync();
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(CancellationToken.None))
            {
                yield return item;
            }

            yield return new ReasoningCompletedEvent(await generation);
        }
        finally
        {
            if (!generation.IsCompleted)
            {
                await stop.CancelAsync();
                try
                {
                    await generation;
                }
#pragma warning disable CA1031 // The consumer left early: how the abandoned generation ended is no longer theirs to see.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }

        async Task<ReasoningResult> ProduceAsync()
        {
            try
            {
                return await GenerateAsync(request, s => channel.Writer.TryWrite(new ReasoningTextEvent(s)), stop.Token);
            }
            finally
            {
                channel.Writer.TryComplete();
            }
        }
    }
}
