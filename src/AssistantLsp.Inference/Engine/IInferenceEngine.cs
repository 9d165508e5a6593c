namespace AssistantLsp.Inference.Engine;

/// <summary>
/// One loaded model behind a small interface (the lsp-ai idea): everything above
/// the Inference layer talks to this, never to a runtime. Implementations are not
/// required to be thread-safe for generation: the scheduler runs at most one
/// generation per engine at a time. Tokenization is safe to call concurrently.
/// </summary>
public interface IInferenceEngine : IDisposable
{
    /// <summary>What was loaded: folder, tokens the prompt builders need, limits.</summary>
    ModelDescription Model { get; }

    /// <summary>Tokenizes exactly as the model would see the text (special-token text is recognized; no BOS added).</summary>
    IReadOnlyList<int> Encode(string text);

    /// <summary>
    /// How many tokens the model sees for <paramref name="text"/>: what prompt budgets count.
    /// The same as <see cref="Encode"/>'s count for local engines; an engine whose ids are not the
    /// model's own tokens (the remote engine: its ids only round-trip text) answers the model's count.
    /// </summary>
    int CountTokens(string text) => Encode(text).Count;

    /// <summary>Decodes ids to text, special tokens included as their text.</summary>
    string Decode(IReadOnlyList<int> tokenIds);

    /// <summary>
    /// Renders <paramref name="messages"/> with the tokenizer's own chat template
    /// (tokenizer_config.json), or returns null when the model has none.
    /// </summary>
    string? ApplyChatTemplate(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt);

    /// <summary>
    /// Runs one generation from <paramref name="request"/>'s prompt tokens. Each new token is
    /// handed to <paramref name="onToken"/> as soon as it is decoded; returning
    /// <see cref="TokenDecision.Stop"/> ends generation after that token. Cancellation throws
    /// <see cref="OperationCanceledException"/> within one decode step and frees the work.
    /// A prompt sharing a prefix with the previous generation's tokens reuses that KV cache.
    /// </summary>
    Task<GenerationResult> GenerateAsync(
        GenerationRequest request,
        Func<GeneratedToken, TokenDecision>? onToken,
        CancellationToken cancellationToken);
}

public sealed record ChatMessage(string Role, string Content);

public enum TokenDecision
{
    Continue,
    Stop,
}
