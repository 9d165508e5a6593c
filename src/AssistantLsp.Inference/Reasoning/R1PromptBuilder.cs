using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Loading;

namespace AssistantLsp.Inference.Reasoning;

/// <summary>Whether the model may think before answering.</summary>
public enum R1ThinkingMode
{
    /// <summary>The reply is forced to open a think block (DeepSeek's advice for R1).</summary>
    Think,

    /// <summary>An empty think block is prefilled so the reply is the answer at once (inline completion).</summary>
    SkipThinking,
}

/// <summary>A rendered chat prompt and where the model's output will begin.</summary>
public sealed record R1Prompt(string Text, ThinkStreamStart OutputStartsIn);

/// <summary>
/// Builds DeepSeek-R1 chat prompts for one user message. No system prompt: R1 follows
/// instructions better when they sit in the user turn, so callers put them there.
/// </summary>
public static class R1PromptBuilder
{
    /// <summary>Renders with the model's own chat template when it has one, else the R1 format.</summary>
    public static R1Prompt Build(IInferenceEngine engine, string userMessage, R1ThinkingMode mode)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(userMessage);
        var templated = engine.ApplyChatTemplate([new ChatMessage("user", userMessage)], addGenerationPrompt: true);
        return Build(templated, engine.Model.Tokens, userMessage, mode);
    }

    /// <summary>
    /// Pure form of <see cref="Build(IInferenceEngine, string, R1ThinkingMode)"/>:
    /// <paramref name="templated"/> is the chat template's rendering (null or blank when there is none).
    /// </summary>
    public static R1Prompt Build(string? templated, SpecialTokens tokens, string userMessage, R1ThinkingMode mode)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(userMessage);
        var thinkStart = ThinkStart(tokens);
        var head = string.IsNullOrWhiteSpace(templated)
            ? $"{tokens.BeginOfSentence}{tokens.User ?? KnownTokenTexts.User}{userMessage}{tokens.Assistant ?? KnownTokenTexts.Assistant}"
            : templated;

        // Templates differ in how far they open the reply: ours always ends in "<think>\n".
        var opened = head.EndsWith(thinkStart + "\n", StringComparison.Ordinal) ? head
            : head.EndsWith(thinkStart, StringComparison.Ordinal) ? head + "\n"
            : head + thinkStart + "\n";
        return mode == R1ThinkingMode.Think
            ? new R1Prompt(opened, ThinkStreamStart.Reasoning)
            : new R1Prompt(opened + ForcedThinkEnd(tokens), ThinkStreamStart.Answer);
    }

    /// <summary>
    /// The text that closes a think block from outside: appended after "&lt;think&gt;\n" it makes the
    /// empty block "&lt;think&gt;\n\n&lt;/think&gt;\n\n"; appended after reasoning it ends it.
    /// </summary>
    public static string ForcedThinkEnd(SpecialTokens tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return "\n" + ThinkEnd(tokens) + "\n\n";
    }

    public static string ThinkStart(SpecialTokens tokens) =>
        string.IsNullOrEmpty(tokens?.ThinkStart) ? KnownTokenTexts.ThinkStart : tokens.ThinkStart;

    public static string ThinkEnd(SpecialTokens tokens) =>
        string.IsNullOrEmpty(tokens?.ThinkEnd) ? KnownTokenTexts.ThinkEnd : tokens.ThinkEnd;
}
