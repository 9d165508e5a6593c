namespace AssistantLsp.Inference.Engine;

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
