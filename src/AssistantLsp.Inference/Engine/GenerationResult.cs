namespace AssistantLsp.Inference.Engine;

/// <summary>One decoded step: the id and the text it adds (may be empty while a multi-byte character is incomplete).</summary>
public readonly record struct GeneratedToken(int Id, string Text, bool IsSpecial);

public enum StopReason
{
    EndOfSequence,
    MaxTokens,
    StopString,
    Requested,
    ContextFull,
}

public sealed record GenerationStats(
    int PromptTokens,
    int ReusedPromptTokens,
    int GeneratedTokens,
    TimeSpan TimeToFirstToken,
    TimeSpan Total,
    double DecodeTokensPerSecond)
{
    /// <summary>Draft tokens speculative decoding sent for verification (0 when it was off).</summary>
    public int DraftedTokens { get; init; }

    /// <summary>Draft tokens the model kept (each one a forward pass saved).</summary>
    public int AcceptedDraftTokens { get; init; }

    /// <summary>Share of drafted tokens kept, 0 to 1 (0 when nothing was drafted).</summary>
    public double DraftAcceptanceRate => DraftedTokens > 0 ? (double)AcceptedDraftTokens / DraftedTokens : 0;

    /// <summary>
    /// Tokens per second of decoding as the user sees them: <see cref="DecodeTokensPerSecond"/>
    /// already counts every accepted draft token, so this is that figure under the name the
    /// speculative stats use.
    /// </summary>
    public double EffectiveTokensPerSecond => DecodeTokensPerSecond;
}

public sealed record GenerationResult(
    string Text,
    IReadOnlyList<int> TokenIds,
    StopReason StopReason,
    GenerationStats Stats)
{
    /// <summary>This result with speculative decoding's counts in its stats.</summary>
    internal GenerationResult WithDrafts(int drafted, int accepted) =>
        this with { Stats = Stats with { DraftedTokens = drafted, AcceptedDraftTokens = accepted } };
}
