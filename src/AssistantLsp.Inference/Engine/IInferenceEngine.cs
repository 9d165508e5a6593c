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

public sealed record GenerationOptions
{
    public int MaxNewTokens { get; init; } = 256;

    /// <summary>0 means greedy.</summary>
    public float Temperature { get; init; }

    public float TopP { get; init; } = 1f;

    /// <summary>0 means no top-k limit.</summary>
    public int TopK { get; init; }

    /// <summary>Generation ends once the decoded text contains any of these (the stop text is cut from the result).</summary>
    public IReadOnlyList<string> StopStrings { get; init; } = [];

    public int? Seed { get; init; }

    /// <summary>
    /// Prompt-lookup speculative decoding where the engine supports it and its
    /// <see cref="ISpeculativeEngine.Speculation"/> setting allows: lossless (greedy output is
    /// token-for-token the same; sampled output follows the same distribution).
    /// </summary>
    public bool Speculative { get; init; } = true;

    /// <summary>
    /// Extra tokens speculative decoding may copy drafts from besides the prompt and the output
    /// (the document being edited, say). Never shown to the model: it only changes speed.
    /// </summary>
    public IReadOnlyList<int>? DraftReference { get; init; }

    /// <summary>
    /// Drafts copy only from <see cref="DraftReference"/>, never from the prompt or the output so
    /// far (the speculative benchmark uses it so the reference alone sets the acceptance).
    /// </summary>
    public bool DraftOnlyFromReference { get; init; }

    /// <summary>
    /// The longest wait for the first generated token, or null for the engine's own limits. Only
    /// the remote engine uses it (a busy server must not stall typing: completions fail fast with
    /// a clear error); a local engine's prefill is bounded by the prompt budget instead.
    /// </summary>
    public TimeSpan? FirstTokenTimeout { get; init; }
}

public sealed record GenerationRequest(IReadOnlyList<int> PromptTokens, GenerationOptions Options);

/// <summary>One decoded step: the id and the text it adds (may be empty while a multi-byte character is incomplete).</summary>
public readonly record struct GeneratedToken(int Id, string Text, bool IsSpecial);

public enum StopReason
{
    EndOfSequence,
    MaxTokens,
    StopString,
    Requested,
    ContextFull,
}

public sealed record GenerationStats(
    int PromptTokens,
    int ReusedPromptTokens,
    int GeneratedTokens,
    TimeSpan TimeToFirstToken,
    TimeSpan Total,
    double DecodeTokensPerSecond)
{
    /// <summary>Draft tokens speculative decoding sent for verification (0 when it was off).</summary>
    public int DraftedTokens { get; init; }

    /// <summary>Draft tokens the model kept (each one a forward pass saved).</summary>
    public int AcceptedDraftTokens { get; init; }

    /// <summary>Share of drafted tokens kept, 0 to 1 (0 when nothing was drafted).</summary>
    public double DraftAcceptanceRate => DraftedTokens > 0 ? (double)AcceptedDraftTokens / DraftedTokens : 0;

    /// <summary>
    /// Tokens per second of decoding as the user sees them: <see cref="DecodeTokensPerSecond"/>
    /// already counts every accepted draft token, so this is that figure under the name the
    /// speculative stats use.
    /// </summary>
    public double EffectiveTokensPerSecond => DecodeTokensPerSecond;
}

public sealed record GenerationResult(
    string Text,
    IReadOnlyList<int> TokenIds,
    StopReason StopReason,
    GenerationStats Stats)
{
    /// <summary>This result with speculative decoding's counts in its stats.</summary>
    internal GenerationResult WithDrafts(int drafted, int accepted) =>
        this with { Stats = Stats with { DraftedTokens = drafted, AcceptedDraftTokens = accepted } };
}

/// <summary>Facts about a loaded model that prompt builders need, in plain terms.</summary>
public sealed record ModelDescription(
    string Path,
    string Name,
    string ExecutionProvider,
    int ContextLength,
    int VocabSize,
    SpecialTokens Tokens);

/// <summary>
/// Text of the special tokens the model knows (null when absent). FIM support is detected from
/// the tokenizer's added tokens, never from the model's name.
/// </summary>
public sealed record SpecialTokens(
    string? BeginOfSentence,
    IReadOnlyList<int> EndOfSequenceIds,
    string? User,
    string? Assistant,
    string? ThinkStart,
    string? ThinkEnd,
    FimTokens? Fim,
    string? ChatTemplate);

public sealed record FimTokens(FimStyle Style, string Prefix, string Suffix, string Middle, IReadOnlyList<string> StopTexts);

public enum FimStyle
{
    QwenCoder,
    DeepSeekCoder,
}
