namespace AssistantLsp.Inference.Loading;

/// <summary>Texts of the special tokens of the model families we serve (full-width bars ｜ and ▁ U+2581 are part of the text).</summary>
internal static class KnownTokenTexts
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
}
