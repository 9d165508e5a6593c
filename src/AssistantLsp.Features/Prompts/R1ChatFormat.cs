using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Loading;

namespace AssistantLsp.Features.Prompts;

/// <summary>
/// DeepSeek-R1 chat layout: <c>{bos}&lt;｜User｜&gt;{message}&lt;｜Assistant｜&gt;&lt;think&gt;\n</c>. DeepSeek advises no
/// system prompt (instructions go in the user turn) and forcing the reply to start with the think
/// tag. Token texts come from the model, falling back to R1's own where the model lacks them.
/// </summary>
public static class R1ChatFormat
{
    // R1's own texts (one home: KnownTokenTexts), used where the model lacks a token.
    public const string DefaultBeginOfSentence = KnownTokenTexts.BeginOfSentence;
    public const string DefaultEndOfSentence = KnownTokenTexts.EndOfSentence;
    public const string DefaultUser = KnownTokenTexts.User;
    public const string DefaultAssistant = KnownTokenTexts.Assistant;
    public const string DefaultThinkStart = KnownTokenTexts.ThinkStart;
    public const string DefaultThinkEnd = KnownTokenTexts.ThinkEnd;

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
