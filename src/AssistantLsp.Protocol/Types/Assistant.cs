using Newtonsoft.Json.Linq;

namespace AssistantLsp.Protocol.Types;

/// <summary>`assistant/explain` params.</summary>
public sealed record ExplainParams(TextDocumentIdentifier TextDocument, Range Range)
{
    public string? Question { get; init; }

    /// <summary>Optional: diagnostics the client chooses to send along.</summary>
    public IReadOnlyList<Diagnostic>? Diagnostics { get; init; }

    public JToken? PartialResultToken { get; init; }

    public JToken? WorkDoneToken { get; init; }
}

/// <summary>One streamed piece of an explanation: kind is "reasoning" or "answer".</summary>
public sealed record ExplainProgress(string Kind, string Text);

public sealed record ExplainStats(int PromptTokens, int ReasoningTokens, int AnswerTokens, double TimeToFirstTokenMs, double TokensPerSecond)
{
    /// <summary>Draft tokens speculative decoding verified (0 when it was off or found nothing to copy).</summary>
    public int DraftedTokens { get; init; }

    public int AcceptedDraftTokens { get; init; }

    /// <summary>Accepted share of the drafted tokens, 0 to 1.</summary>
    public double DraftAcceptanceRate { get; init; }

    /// <summary>Output tokens per second of decoding, accepted drafts included.</summary>
    public double EffectiveTokensPerSecond { get; init; }
}

public sealed record ExplainResult(string Reasoning, string Answer, ExplainStats Stats);
