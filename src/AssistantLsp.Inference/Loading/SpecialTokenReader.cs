using AssistantLsp.Inference.Engine;

namespace AssistantLsp.Inference.Loading;

/// <summary>
/// Reads a tokenizer's <see cref="SpecialTokens"/>: which of the <see cref="KnownTokenTexts"/> it has
/// as single tokens. FIM support is detected from the tokens the tokenizer has (Qwen-Coder or
/// DeepSeek-Coder triples), never from a name. Both engines' tokenizers and the remote engine's
/// <c>/tokenize</c> probe come through here.
/// </summary>
internal static class SpecialTokenReader
{
    /// <summary>From tokenizer.json's added tokens (a GenAI model folder).</summary>
    public static SpecialTokens Read(
        IReadOnlyList<TokenizerAddedToken> addedTokens, IReadOnlyList<int> endOfSequenceIds, string? beginOfSentenceText, string? chatTemplate)
    {
        var present = addedTokens.Select(t => t.Content).ToHashSet(StringComparer.Ordinal);
        var beginOfSentence = beginOfSentenceText is not null && present.Contains(beginOfSentenceText) ? beginOfSentenceText
            : present.Contains(KnownTokenTexts.BeginOfSentence) ? KnownTokenTexts.BeginOfSentence
            : null;
        return Describe(beginOfSentence, endOfSequenceIds, present.Contains, chatTemplate);
    }

    /// <summary>
    /// The special tokens of a tokenizer, given its begin-of-sentence text and end ids and a test
    /// for whether a text is one token: the R1 chat and think tags it has, and its FIM style.
    /// </summary>
    public static SpecialTokens Describe(
        string? beginOfSentence, IReadOnlyList<int> endOfSequenceIds, Func<string, bool> isToken, string? chatTemplate)
    {
        string? Find(string text) => isToken(text) ? text : null;
        return new SpecialTokens(
            beginOfSentence,
            endOfSequenceIds,
            Find(KnownTokenTexts.User),
            Find(KnownTokenTexts.Assistant),
            Find(KnownTokenTexts.ThinkStart),
            Find(KnownTokenTexts.ThinkEnd),
            DetectFim(isToken),
            chatTemplate);
    }

    /// <summary>
    /// The first style in <see cref="KnownTokenTexts.FimStyles"/> whose three tokens the tokenizer
    /// has, with only the stop texts it has too; null when none.
    /// </summary>
    public static FimTokens? DetectFim(Func<string, bool> isToken)
    {
        foreach (var style in KnownTokenTexts.FimStyles)
        {
            if (isToken(style.Prefix) && isToken(style.Suffix) && isToken(style.Middle))
            {
                return style with { StopTexts = [.. style.StopTexts.Where(isToken)] };
            }
        }

        return null;
    }
}
