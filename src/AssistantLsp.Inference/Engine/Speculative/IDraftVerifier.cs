namespace AssistantLsp.Inference.Engine.Speculative;

/// <summary>
/// What an engine exposes for draft-and-verify decoding: run several tokens through the model in
/// one forward pass with logits for each position, and drop the tail of the KV cache.
/// </summary>
internal interface IDraftVerifier
{
    /// <summary>Tokens whose keys and values are in the cache.</summary>
    int Count { get; }

    /// <summary>Tokens the cache holds at most.</summary>
    int Capacity { get; }

    /// <summary>Most tokens one <see cref="Verify"/> takes.</summary>
    int MaxTokensPerPass { get; }

    /// <summary>
    /// Logits row <paramref name="index"/> of the last forward pass: after the prompt, row 0 is
    /// the distribution after its last token; after <see cref="Verify"/>, row i follows the i-th
    /// verified token (0-based).
    /// </summary>
    ReadOnlySpan<float> Logits(int index);

    /// <summary>Appends <paramref name="tokens"/> to the cache in one forward pass, keeping logits for every position.</summary>
    void Verify(IReadOnlyList<int> tokens);

    /// <summary>Drops cached tokens from position <paramref name="length"/> on.</summary>
    void RewindTo(int length);

    /// <summary>
    /// Hands the generation back to the engine's plain steps: afterwards its own
    /// <see cref="ITokenSource.Next"/> continues after <paramref name="pending"/>, the last token
    /// handed out (which is not in the cache yet).
    /// </summary>
    void ReturnToPlainSteps(int pending);
}
