namespace AssistantLsp.Inference.Loading;

/// <summary>A token from tokenizer.json's added_tokens.</summary>
internal sealed record TokenizerAddedToken(int Id, string Content, bool Special);

/// <summary>Facts read from a model folder in GenAI layout, checked for consistency before GenAI sees it.</summary>
internal sealed record ModelFolder(
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
