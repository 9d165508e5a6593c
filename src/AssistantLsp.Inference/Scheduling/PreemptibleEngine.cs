using System.Diagnostics;
using System.Text;
using AssistantLsp.Inference.Engine;

namespace AssistantLsp.Inference.Scheduling;

/// <summary>
/// The engine as lower-priority work (explain, code actions) sees it: a generation yields at a token
/// boundary when inline completion is waiting, lets the scheduler run it, then resumes from its own
/// state — the prompt plus every token already handed to the callback, so the stream goes on with
/// no token lost or repeated (the engines' prefix reuse keeps the resumed prompt's keys and values;
/// ONNX GenAI keeps a separate generator for sampled requests, so greedy completions do not evict
/// them). A stop string spanning the yield point is not recognized.
/// </summary>
internal sealed class PreemptibleEngine(IInferenceEngine inner, GenerationScheduler scheduler) : IInferenceEngine
{
    public ModelDescription Model => inner.Model;

    /// <summary>How many times generations through this engine yielded to inline completion.</summary>
    public int Preemptions { get; private set; }

    public IReadOnlyList<int> Encode(string text) => inner.Encode(text);

    public string Decode(IReadOnlyList<int> tokenIds) => inner.Decode(tokenIds);

    public string? ApplyChatTemplate(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt) => inner.ApplyChatTemplate(messages, addGenerationPrompt);

    public async Task<GenerationResult> GenerateAsync(GenerationRequest request, Func<GeneratedToken, TokenDecision>? onToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = request.Options ?? new GenerationOptions();
        var generated = new List<int>();
        var text = new StringBuilder();
        var stopped = false;
        var clock = Stopwatch.StartNew();
        GenerationStats? first = null;
        TimeSpan? firstToken = null;
        TokenDecision Forward(GeneratedToken token)
        {
            firstToken ??= clock.Elapsed;
            generated.Add(token.Id);
            text.Append(token.Text);
            var decision = onToken?.Invoke(token) ?? TokenDecision.Continue;
            stopped |= decision == TokenDecision.Stop;
            return decision;
        }

        while (true)
        {
            var remaining = options.MaxNewTokens - generated.Count;
            if (remaining <= 0 || stopped)
            {
                return Combine(text.ToString(), generated, remaining <= 0 && !stopped ? StopReason.MaxTokens : StopReason.Requested, request, first, firstToken, clock);
            }

            var textBefore = text.Length;
            var preemption = scheduler.PreemptionToken;
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, preemption);
            try
            {
                var attempt = await inner.GenerateAsync(
                    new GenerationRequest([.. request.PromptTokens, .. generated], options with { MaxNewTokens = remaining }), Forward, linked.Token).ConfigureAwait(false);
                if (first is null && generated.Count == attempt.TokenIds.Count)
                {
                    return attempt; // never preempted: the engine's own result and figures
                }

                first ??= attempt.Stats;
                return Combine(text.ToString(0, textBefore) + attempt.Text, generated, attempt.StopReason, request, first, firstToken, clock);
            }
            catch (OperationCanceledException) when (preemption.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                Preemptions++;
                await scheduler.RunWaitingCompletionsAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Not owned: the scheduler's caller disposes the real engine.</summary>
    public void Dispose()
    {
    }

    private static GenerationResult Combine(
        string text, List<int> generated, StopReason reason, GenerationRequest request, GenerationStats? first, TimeSpan? firstToken, Stopwatch clock)
    {
        var total = clock.Elapsed;
        var timeToFirst = firstToken ?? total;
        var decodeSeconds = (total - timeToFirst).TotalSeconds;
        var stats = new GenerationStats(
            request.PromptTokens.Count,
            first?.ReusedPromptTokens ?? 0,
            generated.Count,
            timeToFirst,
            total,
            generated.Count > 1 && decodeSeconds > 0 ? (generated.Count - 1) / decodeSeconds : first?.DecodeTokensPerSecond ?? 0);
        return new GenerationResult(text, [.. generated], reason, stats);
    }
}
