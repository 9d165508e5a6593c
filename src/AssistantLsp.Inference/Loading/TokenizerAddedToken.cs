namespace AssistantLsp.Inference.Loading;

/// <summary>A token from tokenizer.json's added_tokens.</summary>
internal sealed record TokenizerAddedToken(int Id, string Content, bool Special);
