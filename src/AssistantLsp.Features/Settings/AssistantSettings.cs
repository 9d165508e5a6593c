namespace AssistantLsp.Features.Settings;

/// <summary>
/// One validated, immutable view of the user's settings (keys in CONTRACTS.md). The server
/// replaces the whole object when settings change; features read it from the request's snapshot.
/// </summary>
public sealed record AssistantSettings
{
    public static AssistantSettings Default { get; } = new();

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

    public const string DefaultApiKeyVariable = "ASSISTANT_LSP_API_KEY";

    public bool CompletionEnabled { get; init; } = true;

    public int CompletionMaxTokens { get; init; } = 64;

    public int CompletionMaxLines { get; init; } = 8;

    public int CompletionContextTokens { get; init; } = 1024;

    /// <summary>
    /// Most milliseconds a completion request waits for the prompt to be processed (time to the first
    /// new token); after it the request answers nothing, but the prompt work goes on and stays in the
    /// KV cache for the next keystroke. Default 3000: a warm keystroke's changed tail (~100 tokens)
    /// takes ~0.5 s on the 0.5B shape and ~2 s on the 1.5B on 2 slow cores.
    /// </summary>
    public int CompletionMaxPromptMs { get; init; } = 3000;

    /// <summary>
    /// Most milliseconds of generation after the first new token; then the suggestion ends with the
    /// first complete line (the generation stops once it has one). Default 1000, as llama.vscode:
    /// one line of code (~12 tokens) takes ~0.3 s on the 0.5B shape and ~0.8 s on the 1.5B.
    /// </summary>
    public int CompletionMaxPredictMs { get; init; } = 1000;

    /// <summary>
    /// Context window the engines allocate their KV cache for (tokens), capped by the model's own
    /// maximum: the real R1 models allow 131072, which would cost gigabytes. Applies at model load.
    /// </summary>
    public int ModelContextTokens { get; init; } = 8192;

    public int MaxThinkingTokens { get; init; } = 1024;

    public double ReasoningTemperature { get; init; } = 0.6;

    public double ReasoningTopP { get; init; } = 0.95;

    /// <summary>Serilog level name: verbose, debug, information, warning, error.</summary>
    public string LogLevel { get; init; } = "information";

    /// <summary>`generation.speculative`: "auto" (prompt-lookup speculative decoding, lossless) or "off".</summary>
    public string Speculative { get; init; } = "auto";

    /// <summary>Documents larger than this still sync, but AI features refuse them with a clear message.</summary>
    public int MaxDocumentKilobytes { get; init; } = 1024;
}
