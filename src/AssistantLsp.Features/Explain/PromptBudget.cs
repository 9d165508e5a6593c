using AssistantLsp.Inference.Reasoning;

namespace AssistantLsp.Features.Explain;

/// <summary>How many tokens a reasoning prompt may take, leaving room in the context for the generation.</summary>
public static class PromptBudget
{
    /// <summary>Prompts longer than this gain little and slow the first token down.</summary>
    public const int MaxPromptTokens = 6144;

    /// <summary>
    /// The context minus the thinking and answer budgets, but never under half the context: a
    /// small model with a large thinking budget still gets a usable prompt (generation then stops
    /// at the context's end, which the result reports).
    /// </summary>
    public static int For(int contextLength, ReasoningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(contextLength, 2);
        var reserved = (long)options.MaxThinkingTokens + options.MaxAnswerTokens;
        var left = contextLength - reserved;
        return (int)Math.Min(MaxPromptTokens, Math.Max(left, contextLength / 2));
    }
}
