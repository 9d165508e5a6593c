using AssistantLsp.Inference.Engine;

namespace AssistantLsp.Inference.Reasoning;

/// <summary>
/// Figures for one reasoning generation. <see cref="PromptTokens"/> counts the user's prompt once
/// (not the forced continuation); <see cref="TokensPerSecond"/> is the decode speed over all of it.
/// </summary>
public sealed record ReasoningStats(
    int PromptTokens,
    int ReasoningTokens,
    int AnswerTokens,
    TimeSpan TimeToFirstToken,
    double TokensPerSecond)
{
    /// <summary>Draft tokens speculative decoding verified over all phases (0 when it was off).</summary>
    public int DraftedTokens { get; init; }

    /// <summary>Draft tokens the model kept over all phases.</summary>
    public int AcceptedDraftTokens { get; init; }

    /// <summary>These figures as engine stats (for a model slot's last-generation record).</summary>
    public GenerationStats ToGenerationStats(TimeSpan total) =>
        new(PromptTokens, 0, ReasoningTokens + AnswerTokens, TimeToFirstToken, total, TokensPerSecond)
        {
            DraftedTokens = DraftedTokens,
            AcceptedDraftTokens = AcceptedDraftTokens,
        };
}

/// <summary>
/// The whole outcome: <see cref="Reasoning"/> and <see cref="Answer"/> are the concatenations of
/// the streamed segments of each kind. <see cref="ThinkingBudgetExhausted"/> says the think block
/// was closed from outside; <see cref="ReasoningClosed"/> false means the model never left its
/// reasoning (end of sequence or context full before a closing tag), so there is no answer.
/// </summary>
public sealed record ReasoningResult(
    string Reasoning,
    string Answer,
    ReasoningStats Stats,
    StopReason StopReason,
    bool ReasoningClosed,
    bool ThinkingBudgetExhausted);

/// <summary>An item of <see cref="ScheduledReasoning.StreamAsync"/>: text as it comes, then the result.</summary>
public abstract record ReasoningEvent;

public sealed record ReasoningTextEvent(ThinkSegment Segment) : ReasoningEvent;

public sealed record ReasoningCompletedEvent(ReasoningResult Result) : ReasoningEvent;
