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
        var beginOfSentence = beginOfSentenceText is not null && present.Contains(beginOfSentenceText) ? beginOfSentenceText
            : present.Contains(KnownTokenTexts.BeginOfSentence) ? KnownTokenTexts.BeginOfSentence
            : null;
        return KnownTokenTexts.Describe(beginOfSentence, endOfSequenceIds, present.Contains, chatTemplate);
    }
}
