using AssistantLsp.Inference.Scheduling;

namespace AssistantLsp.Inference.Reasoning;

/// <summary>Sampling and budgets for one reasoning generation (DeepSeek's advice as defaults).</summary>
public sealed record ReasoningOptions
{
    /// <summary>0 means greedy.</summary>
    public float Temperature { get; init; } = 0.6f;

    public float TopP { get; init; } = 0.95f;

    /// <summary>Tokens of reasoning allowed before the think block is closed from outside; 0 skips thinking.</summary>
    public int MaxThinkingTokens { get; init; } = 1024;

    /// <summary>Tokens allowed after the think block.</summary>
    public int MaxAnswerTokens { get; init; } = 1024;

    public int? Seed { get; init; }

    /// <summary>Throws a clear error for values no generation can use.</summary>
    public void Validate()
    {
        if (MaxThinkingTokens < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxThinkingTokens), MaxThinkingTokens, "The thinking budget cannot be negative.");
        }

        if (MaxAnswerTokens < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAnswerTokens), MaxAnswerTokens, "The answer needs at least one token.");
        }

        if (!(Temperature >= 0) || float.IsInfinity(Temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "Temperature must be a finite number >= 0.");
        }

        if (!(TopP > 0 && TopP <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(TopP), TopP, "Top-p must lie in (0, 1].");
        }
    }
}

/// <summary>
/// One question for the reasoning model. <paramref name="UserMessage"/> carries the instructions
/// too: R1 is used without a system prompt.
/// </summary>
public sealed record ReasoningRequest(string UserMessage, ReasoningOptions Options)
{
    public GenerationPriority Priority { get; init; } = GenerationPriority.Explain;

    /// <summary>Newer requests with the same key and priority cancel this one (see <see cref="GenerationScheduler"/>).</summary>
    public string? SupersessionKey { get; init; }
}
