using System.Text;
using AssistantLsp.Inference.Engine;

namespace AssistantLsp.Inference.Reasoning;

/// <summary>
/// One R1-style generation (reasoning, then answer) run directly on an engine, by a caller that
/// already holds the engine's turn (<see cref="ScheduledReasoning"/> queues one on the scheduler).
/// Up to two engine generations, the second only when the thinking budget ran out (prompt +
/// reasoning so far + a forced closing tag, which the engine's KV prefix reuse makes cheap).
/// One instance per generation.
/// </summary>
public sealed class EngineReasoningRun
{
    private readonly IInferenceEngine _engine;
    private readonly ReasoningOptions _options;
    private readonly Action<ThinkSegment>? _onSegment;
    private readonly ThinkStreamParser _parser;
    private readonly string _thinkStart;
    private readonly string _thinkEnd;
    private readonly StringBuilder _reasoning = new();
    private readonly StringBuilder _answer = new();

    // Every id handed to the callback, so the forced continuation replays exactly what the model saw.
    private readonly List<int> _generatedIds = [];
    private int _reasoningTokens;
    private int _answerTokens;
    private bool _budgetExhausted;
    private bool _answerLimitReached;

    private EngineReasoningRun(IInferenceEngine engine, ReasoningOptions options, Action<ThinkSegment>? onSegment)
    {
        _engine = engine;
        _options = options;
        _onSegment = onSegment;
        var tokens = engine.Model.Tokens;
        _thinkStart = R1PromptBuilder.ThinkStart(tokens);
        _thinkEnd = R1PromptBuilder.ThinkEnd(tokens);
        _parser = new ThinkStreamParser(ThinkStreamStart.Reasoning, tokens.TextsToStrip(engine.Decode), _thinkStart, _thinkEnd);
    }

    /// <summary>
    /// Runs <paramref name="request"/> on <paramref name="engine"/> now, reporting each segment to
    /// <paramref name="onSegment"/> as it is certain (called on the generating thread: keep it short).
    /// </summary>
    public static Task<ReasoningResult> RunAsync(
        IInferenceEngine engine,
        ReasoningRequest request,
        Action<ThinkSegment>? onSegment,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Check(request);
        return new EngineReasoningRun(engine, request.Options, onSegment).GenerateAsync(request.UserMessage, cancellationToken);
    }

    /// <summary>Throws for a request no generation can serve, before it is queued or run.</summary>
    internal static void Check(ReasoningRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.UserMessage);
        ArgumentNullException.ThrowIfNull(request.Options);
        request.Options.Validate();
    }

    private async Task<ReasoningResult> GenerateAsync(string userMessage, CancellationToken cancellationToken)
    {
        var prompt = R1PromptBuilder.Build(_engine, userMessage, R1ThinkingMode.Think);
        var forcedEnd = R1PromptBuilder.ForcedThinkEnd(_engine.Model.Tokens);
        var promptTokens = _engine.Encode(prompt.Text);
        var phases = new List<GenerationResult>(2);
        IReadOnlyList<int> answerPrompt;
        if (_options.MaxThinkingTokens == 0)
        {
            // Encoded as one text so the empty think block tokenizes as the model saw it in training.
            answerPrompt = _engine.Encode(prompt.Text + forcedEnd);
        }
        else
        {
            var maxNew = (int)Math.Min(int.MaxValue, (long)_options.MaxThinkingTokens + _options.MaxAnswerTokens);
            var thinking = await _engine.GenerateAsync(
                new GenerationRequest(promptTokens, SamplingFor(maxNew)), OnToken, cancellationToken);
            phases.Add(thinking);
            if (!_budgetExhausted)
            {
                return Finish(thinking.Stats.PromptTokens, phases);
            }

            answerPrompt = [.. promptTokens, .. _generatedIds, .. _engine.Encode(forcedEnd)];
        }

        _budgetExhausted = true;
        Deliver(_parser.EndReasoning());
        var answer = await _engine.GenerateAsync(
            new GenerationRequest(answerPrompt, SamplingFor(_options.MaxAnswerTokens)), OnToken, cancellationToken);
        phases.Add(answer);

        // The engine's own count of the prompt (the same as ours for local engines; a remote server reports its tokenizer's).
        return Finish(phases.Count > 1 ? phases[0].Stats.PromptTokens : promptTokens.Count, phases);
    }

    private GenerationOptions SamplingFor(int maxNewTokens) => new()
    {
        MaxNewTokens = maxNewTokens,
        Temperature = _options.Temperature,
        TopP = _options.TopP,
        Seed = _options.Seed,
    };

    private TokenDecision OnToken(GeneratedToken token)
    {
        _generatedIds.Add(token.Id);
        var inReasoning = _parser.CurrentKind == ThinkSegmentKind.Reasoning;

        // Special tokens are not text; the think tags are the exception some tokenizers flag.
        if (!token.IsSpecial || token.Text == _thinkStart || token.Text == _thinkEnd)
        {
            Deliver(_parser.Push(token.Text));
        }

        if (inReasoning)
        {
            _reasoningTokens++;
        }
        else
        {
            _answerTokens++;
        }

        var stillReasoning = _parser.CurrentKind == ThinkSegmentKind.Reasoning;
        if (stillReasoning && !_budgetExhausted && _reasoningTokens >= _options.MaxThinkingTokens)
        {
            _budgetExhausted = true;
            return TokenDecision.Stop;
        }

        if (!stillReasoning && _answerTokens >= _options.MaxAnswerTokens)
        {
            _answerLimitReached = true;
            return TokenDecision.Stop;
        }

        return TokenDecision.Continue;
    }

    private void Deliver(IReadOnlyList<ThinkSegment> segments)
    {
        foreach (var segment in segments)
        {
            (segment.Kind == ThinkSegmentKind.Reasoning ? _reasoning : _answer).Append(segment.Text);
            _onSegment?.Invoke(segment);
        }
    }

    private ReasoningResult Finish(int promptTokens, List<GenerationResult> phases)
    {
        Deliver(_parser.Complete());
        var last = phases[^1];
        var stats = new ReasoningStats(
            promptTokens,
            _reasoningTokens,
            _answerTokens,
            TimeToFirstToken(phases),
            DecodeTokensPerSecond(phases))
        {
            DraftedTokens = phases.Sum(p => p.Stats.DraftedTokens),
            AcceptedDraftTokens = phases.Sum(p => p.Stats.AcceptedDraftTokens),
        };
        return new ReasoningResult(
            _reasoning.ToString(),
            _answer.ToString(),
            stats,
            _answerLimitReached ? StopReason.MaxTokens : last.StopReason,
            _parser.ReasoningClosed,
            _budgetExhausted);
    }

    private static TimeSpan TimeToFirstToken(List<GenerationResult> phases) =>
        (phases.FirstOrDefault(p => p.Stats.GeneratedTokens > 0) ?? phases[0]).Stats.TimeToFirstToken;

    /// <summary>Each phase's decode speed weighted by its decode time, so the engine's own definition carries over.</summary>
    private static double DecodeTokensPerSecond(List<GenerationResult> phases)
    {
        double tokens = 0, seconds = 0;
        foreach (var phase in phases)
        {
            var decodeSeconds = Math.Max(0, (phase.Stats.Total - phase.Stats.TimeToFirstToken).TotalSeconds);
            tokens += phase.Stats.DecodeTokensPerSecond * decodeSeconds;
            seconds += decodeSeconds;
        }

        return seconds > 0 ? tokens / seconds : phases.Sum(p => p.Stats.DecodeTokensPerSecond) / phases.Count;
    }
}
