namespace AssistantLsp.Inference.Engine;

/// <summary>A model's fill-in-the-middle tokens and the texts that end a FIM answer.</summary>
public sealed record FimTokens(FimStyle Style, string Prefix, string Suffix, string Middle, IReadOnlyList<string> StopTexts);
