using AssistantLsp.Inference.Engine;

namespace AssistantLsp.Inference.Loading;

/// <summary>Texts of the special tokens of the model families we serve (full-width bars ｜ and ▁ U+2581 are part of the text).</summary>
public static class KnownTokenTexts
{
    public const string BeginOfSentence = "<｜begin▁of▁sentence｜>";
    public const string EndOfSentence = "<｜end▁of▁sentence｜>";
    public const string User = "<｜User｜>";
    public const string Assistant = "<｜Assistant｜>";
    public const string ThinkStart = "<think>";
    public const string ThinkEnd = "</think>";

    public const string QwenFimPrefix = "<|fim_prefix|>";
    public const string QwenFimSuffix = "<|fim_suffix|>";
    public const string QwenFimMiddle = "<|fim_middle|>";
    public const string QwenFimPad = "<|fim_pad|>";
    public const string QwenEndOfText = "<|endoftext|>";
    public const string QwenImEnd = "<|im_end|>";
    public const string QwenFileSeparator = "<|file_sep|>";
    public const string QwenRepoName = "<|repo_name|>";

    public const string DeepSeekFimBegin = "<｜fim▁begin｜>";
    public const string DeepSeekFimHole = "<｜fim▁hole｜>";
    public const string DeepSeekFimEnd = "<｜fim▁end｜>";
    public const string DeepSeekEndOfTurn = "<|EOT|>";

    /// <summary>FIM triples we recognize, in order of preference, with every stop text they may use.</summary>
    public static IReadOnlyList<FimTokens> FimStyles { get; } =
    [
        new FimTokens(
            FimStyle.QwenCoder,
            QwenFimPrefix,
            QwenFimSuffix,
            QwenFimMiddle,
            [QwenEndOfText, QwenFimPad, QwenImEnd, QwenFileSeparator, QwenRepoName, QwenFimPrefix]),
        new FimTokens(
            FimStyle.DeepSeekCoder,
            DeepSeekFimBegin,
            DeepSeekFimHole,
            DeepSeekFimEnd,
            [EndOfSentence, DeepSeekEndOfTurn, DeepSeekFimBegin]),
    ];

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
            Find(User),
            Find(Assistant),
            Find(ThinkStart),
            Find(ThinkEnd),
            DetectFim(isToken),
            chatTemplate);
    }

    /// <summary>
    /// The first style in <see cref="FimStyles"/> whose three tokens the tokenizer has, with only
    /// the stop texts it has too; null when none. FIM support comes from the tokens, never a name.
    /// </summary>
    public static FimTokens? DetectFim(Func<string, bool> isToken)
    {
        foreach (var style in FimStyles)
        {
            if (isToken(style.Prefix) && isToken(style.Suffix) && isToken(style.Middle))
            {
                return style with { StopTexts = [.. style.StopTexts.Where(isToken)] };
            }
        }

        return null;
    }
}
