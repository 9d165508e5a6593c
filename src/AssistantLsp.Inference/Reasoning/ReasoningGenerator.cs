using System.Runtime.CompilerServices;
using System.Threading.Channels;
using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Scheduling;

namespace AssistantLsp.Inference.Reasoning;

/// <summary>
/// Runs R1-style generations (reasoning, then answer) through a <see cref="GenerationScheduler"/>
/// and streams the two kinds of text apart, in order. Needs nothing of the engine beyond
/// <see cref="IInferenceEngine"/>.
/// </summary>
public sealed class ReasoningGenerator
{
    private readonly GenerationScheduler _scheduler;

    public ReasoningGenerator(GenerationScheduler scheduler)
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
        Check(request);
        return _scheduler.RunAsync(
            request.Priority,
            request.SupersessionKey,
            (engine, token) => new ReasoningRun(engine, request.Options, onSegment).RunAsync(request.UserMessage, token),
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
        Check(request);
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

    /// <summary>Runs directly on <paramref name="engine"/>: for callers that already hold the scheduler's turn.</summary>
    public static Task<ReasoningResult> RunAsync(
        IInferenceEngine engine,
        ReasoningRequest request,
        Action<ThinkSegment>? onSegment,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Check(request);
        return new ReasoningRun(engine, request.Options, onSegment).RunAsync(request.UserMessage, cancellationToken);
    }

    private static void Check(ReasoningRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.UserMessage);
        ArgumentNullException.ThrowIfNull(request.Options);
        request.Options.Validate();
    }
}
