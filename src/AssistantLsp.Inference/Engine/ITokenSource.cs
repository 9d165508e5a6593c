namespace AssistantLsp.Inference.Engine;

/// <summary>
/// What a backend contributes to <see cref="GenerationLoop"/>: the next token, which tokens end a
/// generation or are special, and each token's text.
/// </summary>
internal interface ITokenSource
{
    /// <summary>
    /// Runs the model one step and picks the next token, or returns null when the context is full.
    /// <paramref name="previous"/> is the token kept in the step before (null on the first step);
    /// a backend that does not feed sampled tokens back by itself appends it first.
    /// </summary>
    int? Next(int? previous);

    /// <summary>True for a token that ends the generation (neither streamed nor returned).</summary>
    bool IsEndOfGeneration(int id);

    bool IsSpecial(int id);

    /// <summary>The text the token adds to the stream (may be empty while a character is incomplete).</summary>
    string DecodePiece(int id);
}
