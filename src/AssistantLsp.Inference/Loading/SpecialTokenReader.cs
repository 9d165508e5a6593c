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
            DetectFim(present),
            chatTemplate);
    }

    private static FimTokens? DetectFim(HashSet<string> present)
    {
        if (present.Contains(KnownTokenTexts.QwenFimPrefix) && present.Contains(KnownTokenTexts.QwenFimSuffix) && present.Contains(KnownTokenTexts.QwenFimMiddle))
        {
            string[] stops = [KnownTokenTexts.QwenEndOfText, KnownTokenTexts.QwenFimPad, KnownTokenTexts.QwenImEnd, KnownTokenTexts.QwenFileSeparator, KnownTokenTexts.QwenRepoName, KnownTokenTexts.QwenFimPrefix];
            return new FimTokens(
                FimStyle.QwenCoder,
                KnownTokenTexts.QwenFimPrefix,
                KnownTokenTexts.QwenFimSuffix,
                KnownTokenTexts.QwenFimMiddle,
                [.. stops.Where(present.Contains)]);
        }

        if (present.Contains(KnownTokenTexts.DeepSeekFimBegin) && present.Contains(KnownTokenTexts.DeepSeekFimHole) && present.Contains(KnownTokenTexts.DeepSeekFimEnd))
        {
            string[] stops = [KnownTokenTexts.EndOfSentence, KnownTokenTexts.DeepSeekEndOfTurn, KnownTokenTexts.DeepSeekFimBegin];
            return new FimTokens(
                FimStyle.DeepSeekCoder,
                KnownTokenTexts.DeepSeekFimBegin,
                KnownTokenTexts.DeepSeekFimHole,
                KnownTokenTexts.DeepSeekFimEnd,
                [.. stops.Where(present.Contains)]);
        }

        return null;
    }
}
