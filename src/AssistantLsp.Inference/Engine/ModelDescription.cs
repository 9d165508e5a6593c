namespace AssistantLsp.Inference.Engine;

/// <summary>Facts about a loaded model that prompt builders need, in plain terms.</summary>
public sealed record ModelDescription(
    string Path,
    string Name,
    string ExecutionProvider,
    int ContextLength,
    int VocabSize,
    SpecialTokens Tokens);
