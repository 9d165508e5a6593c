namespace AssistantLsp.Inference.Engine;

/// <summary>
/// Text of the special tokens one loaded model knows (null when absent), as its engine read them
/// from the tokenizer (<c>Loading/SpecialTokenReader</c>). FIM support is detected from the
/// tokenizer's added tokens, never from the model's name. The texts of the model families we serve
/// are <c>Loading/KnownTokenTexts</c>.
/// </summary>
public sealed record SpecialTokens(
    string? BeginOfSentence,
    IReadOnlyList<int> EndOfSequenceIds,
    string? User,
    string? Assistant,
    string? ThinkStart,
    string? ThinkEnd,
    FimTokens? Fim,
    string? ChatTemplate)
{
    /// <summary>
    /// The texts output cleaners strip: chat, sentence and FIM token texts plus the decoded text of
    /// each end-of-sequence id. Think tags are not included: they carry meaning for the parser.
    /// </summary>
    public IReadOnlyList<string> TextsToStrip(Func<IReadOnlyList<int>, string> decode)
    {
        ArgumentNullException.ThrowIfNull(decode);
        var texts = new List<string?> { BeginOfSentence, User, Assistant };
        if (Fim is { } fim)
        {
            texts.AddRange([fim.Prefix, fim.Suffix, fim.Middle, .. fim.StopTexts]);
        }

        foreach (var id in EndOfSequenceIds)
        {
            texts.Add(decode([id]));
        }

        return texts
            .Where(t => !string.IsNullOrWhiteSpace(t))
            .Select(t => t!)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
    }
}
