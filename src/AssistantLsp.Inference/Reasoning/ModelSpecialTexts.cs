using AssistantLsp.Inference.Engine;

namespace AssistantLsp.Inference.Reasoning;

/// <summary>The texts of a model's special tokens, so output cleaners can strip them.</summary>
public static class ModelSpecialTexts
{
    /// <summary>
    /// Chat, sentence and FIM token texts from the model description plus the decoded text of
    /// each end-of-sequence id. Think tags are not included: they carry meaning for the parser.
    /// </summary>
    public static IReadOnlyList<string> Collect(IInferenceEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var tokens = engine.Model.Tokens;
        var texts = new List<string?> { tokens.BeginOfSentence, tokens.User, tokens.Assistant };
        if (tokens.Fim is { } fim)
        {
            texts.AddRange([fim.Prefix, fim.Suffix, fim.Middle, .. fim.StopTexts]);
        }

        foreach (var id in tokens.EndOfSequenceIds)
        {
            texts.Add(engine.Decode([id]));
        }

        return texts
            .Where(t => !string.IsNullOrWhiteSpace(t))
            .Select(t => t!)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
    }
}
