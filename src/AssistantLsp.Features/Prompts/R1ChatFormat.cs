using AssistantLsp.Inference.Engine;

namespace AssistantLsp.Features.Prompts;

/// <summary>
/// DeepSeek-R1 chat layout: <c>{bos}&lt;｜User｜&gt;{message}&lt;｜Assistant｜&gt;&lt;think&gt;\n</c>. DeepSeek advises no
/// system prompt (instructions go in the user turn) and forcing the reply to start with the think
/// tag. Token texts come from the model, falling back to R1's own where the model lacks them.
/// </summary>
public static class R1ChatFormat
{
    public const string DefaultBeginOfSentence = "<｜begin▁of▁sentence｜>";
    public const string DefaultEndOfSentence = "<｜end▁of▁sentence｜>";
    public const string DefaultUser = "<｜User｜>";
    public const string DefaultAssistant = "<｜Assistant｜>";
    public const string DefaultThinkStart = "<think>";
    public const string DefaultThinkEnd = "</think>";

    /// <summary>
    /// The prompt text for one user turn. With <paramref name="skipThinking"/> the assistant turn is
    /// prefilled with an empty think block, so the model answers at once (used for completion).
    /// </summary>
    public static string Render(SpecialTokens tokens, string userMessage, bool skipThinking)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(userMessage);
        var thinkStart = tokens.ThinkStart ?? DefaultThinkStart;
        var head = $"{tokens.BeginOfSentence ?? DefaultBeginOfSentence}{tokens.User ?? DefaultUser}{userMessage}{tokens.Assistant ?? DefaultAssistant}{thinkStart}\n";
        return skipThinking ? $"{head}\n{tokens.ThinkEnd ?? DefaultThinkEnd}\n\n" : head;
    }

    /// <summary>Texts that end an R1 reply: end of sentence and the start of a new user turn.</summary>
    public static IReadOnlyList<string> StopTexts(SpecialTokens tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return new[] { DefaultEndOfSentence, tokens.User ?? DefaultUser }.Distinct(StringComparer.Ordinal).ToArray();
    }
}
