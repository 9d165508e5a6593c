using AssistantLsp.Inference.Reasoning;

namespace AssistantLsp.Features.Settings;

/// <summary>
/// The settings features read (completion.*, reasoning.*, document.*; keys in docs/protocol.md):
/// one immutable value, replaced whole when settings change, read from the request's snapshot.
/// </summary>
public sealed record FeatureSettings
{
    public static FeatureSettings Default { get; } = new();

    public bool CompletionEnabled { get; init; } = true;

    public int CompletionMaxTokens { get; init; } = 64;

    public int CompletionMaxLines { get; init; } = 8;

    public int CompletionContextTokens { get; init; } = 1024;

    /// <summary>
    /// Most milliseconds a completion request waits for the prompt to be processed (time to the first
    /// new token); after it the request answers nothing, but the prompt work goes on and stays in the
    /// KV cache for the next keystroke. Default 3000: a warm keystroke's changed tail (~100 tokens)
    /// takes ~0.5 s on the 0.5B shape and ~2 s on the 1.5B on 2 slow cores.
    /// </summary>
    public int CompletionMaxPromptMs { get; init; } = 3000;

    /// <summary>
    /// Most milliseconds of generation after the first new token; then generation stops and the
    /// suggestion is its first complete line, or the whole words of code so far.
    /// Default 1000, as llama.vscode:
    /// one line of code (~12 tokens) takes ~0.3 s on the 0.5B shape and ~0.8 s on the 1.5B.
    /// </summary>
    public int CompletionMaxPredictMs { get; init; } = 1000;

    public int MaxThinkingTokens { get; init; } = 1024;

    public double ReasoningTemperature { get; init; } = 0.6;

    public double ReasoningTopP { get; init; } = 0.95;

    /// <summary>Documents larger than this still sync, but AI features refuse them with a clear message.</summary>
    public int MaxDocumentKilobytes { get; init; } = 1024;

    /// <summary>Sampling and the thinking budget for explain and code actions.</summary>
    public ReasoningOptions ReasoningOptions() => new()
    {
        Temperature = (float)ReasoningTemperature,
        TopP = (float)ReasoningTopP,
        MaxThinkingTokens = MaxThinkingTokens,
        Seed = null,
    };
}
