namespace AssistantLsp.Features.Explain;

/// <summary>A finished explanation: the reasoning apart from the answer, and the generation's figures.</summary>
public sealed record ExplainAnswer(string Reasoning, string Answer, ExplainFigures Figures);

/// <summary>What the explanation cost, as the client shows it.</summary>
public sealed record ExplainFigures(int PromptTokens, int ReasoningTokens, int AnswerTokens, TimeSpan TimeToFirstToken, double TokensPerSecond)
{
    /// <summary>Draft tokens speculative decoding verified (0 when it was off).</summary>
    public int DraftedTokens { get; init; }

    /// <summary>Draft tokens the model kept.</summary>
    public int AcceptedDraftTokens { get; init; }

    /// <summary>Kept drafts per drafted token, to 3 places; 0 when nothing was drafted.</summary>
    public double DraftAcceptanceRate => DraftedTokens > 0 ? Math.Round((double)AcceptedDraftTokens / DraftedTokens, 3) : 0;
}
