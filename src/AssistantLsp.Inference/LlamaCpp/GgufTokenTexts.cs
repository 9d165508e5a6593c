using AssistantLsp.Inference.Engine;

namespace AssistantLsp.Inference.LlamaCpp;

/// <summary>Texts of the special tokens of the model families we serve (full-width bars ｜ and ▁ U+2581 are part of the text).</summary>
internal static class GgufTokenTexts
{
    public const string User = "<｜User｜>";
    public const string Assistant = "<｜Assistant｜>";
    public const string ThinkStart = "<think>";
    public const string ThinkEnd = "</think>";

    /// <summary>FIM triples we recognize, in order of preference, with every stop text they may use.</summary>
    public static IReadOnlyList<FimTokens> FimStyles { get; } =
    [
        new FimTokens(
            FimStyle.QwenCoder,
            "<|fim_prefix|>",
            "<|fim_suffix|>",
            "<|fim_middle|>",
            ["<|endoftext|>", "<|fim_pad|>", "<|im_end|>", "<|file_sep|>", "<|repo_name|>", "<|fim_prefix|>"]),
        new FimTokens(
            FimStyle.DeepSeekCoder,
            "<｜fim▁begin｜>",
            "<｜fim▁hole｜>",
            "<｜fim▁end｜>",
            ["<｜end▁of▁sentence｜>", "<|EOT|>", "<｜fim▁begin｜>"]),
    ];
}
