using AssistantLsp.Inference.Engine;

namespace AssistantLsp.Inference.Loading;

/// <summary>
/// Derives <see cref="SpecialTokens"/> from a tokenizer's added tokens. FIM support is detected
/// from the tokens the tokenizer has (Qwen-Coder or DeepSeek-Coder triples), never from a name.
/// </summary>
internal static class SpecialTokenReader
{
    public static SpecialTokens Read(
        IReadOnlyList<TokenizerAddedToken> addedTokens, IReadOnlyList<int> endOfSequenceIds, string? beginOfSentenceText, string? chatTemplate)
    {
        var present = addedTokens.Select(t => t.Content).ToHashSet(StringComparer.Ordinal);
        string? Find(string text) => present.Contains(text) ? text : null;

        return new SpecialTokens(
            beginOfSentenceText is not null && present.Contains(beginOfSentenceText) ? beginOfSentenceText : Find(KnownTokenTexts.BeginOfSentence),
            endOfSequenceIds,
            Find(KnownTokenTexts.User),
            Find(KnownTokenTexts.Assistant),
            Find(KnownTokenTexts.ThinkStart),
            Find(KnownTokenTexts.ThinkEnd),
            KnownTokenTexts.DetectFim(present.Contains),
            chatTemplate);
    }
}
