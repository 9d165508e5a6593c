namespace AssistantLsp.Inference.Loading;

/// <summary>
/// One model's folder in ONNX Runtime GenAI layout, as <see cref="GenAiModelFolderReader"/> read it:
/// the facts checked for consistency before GenAI sees the folder. (The folder where installed models
/// live is the server's <c>InstalledModelsFolder</c>.)
/// </summary>
internal sealed record GenAiModelFolder(
    string Directory,
    string ModelType,
    string DecoderPath,
    int ContextLength,
    int VocabSize,
    IReadOnlyList<int> EndOfSequenceIds,
    int TokenizerSize,
    IReadOnlyList<TokenizerAddedToken> AddedTokens,
    string? BeginOfSentenceText,
    string? ChatTemplate);
