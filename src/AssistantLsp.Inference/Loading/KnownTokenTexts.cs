using AssistantLsp.Inference.Engine;

namespace AssistantLsp.Inference.Loading;

/// <summary>
/// Texts of the special tokens of the model families we serve (full-width bars ｜ and ▁ U+2581 are
/// part of the text): the one list, used by the engines' tokenizer readers
/// (<see cref="SpecialTokenReader"/>), the output cleaners and the test-model writers. What one
/// loaded model has is its <see cref="SpecialTokens"/>.
/// </summary>
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
    public const string QwenImStart = "<|im_start|>";
    public const string QwenImEnd = "<|im_end|>";
    public const string QwenFileSeparator = "<|file_sep|>";
    public const string QwenRepoName = "<|repo_name|>";

    public const string DeepSeekFimBegin = "<｜fim▁begin｜>";
    public const string DeepSeekFimHole = "<｜fim▁hole｜>";
    public const string DeepSeekFimEnd = "<｜fim▁end｜>";
    public const string DeepSeekEndOfTurn = "<|EOT|>";
    public const string DeepSeekPad = "<｜▁pad▁｜>";

    /// <summary>
    /// Texts the think parser strips from output even when the model's description lacks them
    /// (think tags excluded: they carry meaning).
    /// </summary>
    public static IReadOnlyList<string> AlwaysStripped { get; } =
    [
        BeginOfSentence, EndOfSentence, User, Assistant,
        DeepSeekFimBegin, DeepSeekFimHole, DeepSeekFimEnd, DeepSeekPad,
        QwenEndOfText, QwenImStart, QwenImEnd,
        QwenFimPrefix, QwenFimMiddle, QwenFimSuffix, QwenFimPad,
        QwenRepoName, QwenFileSeparator,
    ];

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
}
