namespace AssistantLsp.Inference.Engine;

/// <summary>Facts about a loaded model that prompt builders need, in plain terms.</summary>
public sealed record ModelDescription(
    string Path,
    string Name,
    string ExecutionProvider,
    int ContextLength,
    int VocabSize,
    SpecialTokens Tokens);

/// <summary>
/// Text of the special tokens the model knows (null when absent). FIM support is detected from
/// the tokenizer's added tokens, never from the model's name.
/// </summary>
public sealed record SpecialTokens(
    string? BeginOfSentence,
    IReadOnlyList<int> EndOfSequenceIds,
    string? User,
    string? Assistant,
    string? ThinkStart,
    string? ThinkEnd,
    FimTokens? Fim,
    string? ChatTemplate);

public sealed record FimTokens(FimStyle Style, string Prefix, string Suffix, string Middle, IReadOnlyList<string> StopTexts);

public enum FimStyle
{
    QwenCoder,
    DeepSeekCoder,
}
