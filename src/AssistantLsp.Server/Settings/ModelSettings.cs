namespace AssistantLsp.Server.Settings;

/// <summary>
/// The settings that say which models the server hosts and how (model.*, completion.model.*,
/// generation.speculative): read by <see cref="Models.AssistantModels"/>, never by features.
/// </summary>
public sealed record ModelSettings
{
    public const string DefaultApiKeyVariable = "ASSISTANT_LSP_API_KEY";

    /// <summary>Reasoning model folder (a GenAI model folder); null = --model or the first catalog model present.</summary>
    public string? ModelPath { get; init; }

    /// <summary>"cpu" or "cuda".</summary>
    public string ExecutionProvider { get; init; } = "cpu";

    /// <summary>Optional fast FIM model for inline completion; null = use the reasoning model.</summary>
    public string? CompletionModelPath { get; init; }

    /// <summary>OpenAI-compatible base URL of a remote reasoning model (e.g. http://gpu-box:8000/v1); null = local.</summary>
    public string? ModelEndpoint { get; init; }

    /// <summary>Served model name at <see cref="ModelEndpoint"/>; null = the server's first listed model.</summary>
    public string? ModelEndpointModel { get; init; }

    /// <summary>Environment variable holding the API key for <see cref="ModelEndpoint"/> (the key never sits in settings).</summary>
    public string ModelApiKeyVariable { get; init; } = DefaultApiKeyVariable;

    /// <summary>Remote completion model base URL; null = local (or the reasoning model).</summary>
    public string? CompletionModelEndpoint { get; init; }

    public string? CompletionModelEndpointModel { get; init; }

    public string CompletionModelApiKeyVariable { get; init; } = DefaultApiKeyVariable;

    /// <summary>
    /// Context window the engines allocate their KV cache for (tokens), capped by the model's own
    /// maximum: the real R1 models allow 131072, which would cost gigabytes. Applies at model load.
    /// </summary>
    public int ModelContextTokens { get; init; } = 8192;

    /// <summary>`generation.speculative`: "auto" (prompt-lookup speculative decoding, lossless) or "off".</summary>
    public string Speculative { get; init; } = "auto";
}
