namespace AssistantLsp.Inference.LlamaCpp;

/// <summary>How <see cref="LlamaCppEngine"/> sets up llama.cpp. Defaults suit a CPU laptop.</summary>
public sealed record LlamaCppEngineOptions
{
    /// <summary>Largest context the engine allocates by default: real models train on 128k, which would cost gigabytes of KV cache.</summary>
    public const int DefaultMaxContext = 4096;

    /// <summary>Context in tokens; null takes the model's training context, at most <see cref="MaxContextSize"/>.</summary>
    public int? ContextSize { get; init; }

    /// <summary>Cap on the context (and so the KV cache) when <see cref="ContextSize"/> is null (the setting model.contextTokens).</summary>
    public int MaxContextSize { get; init; } = DefaultMaxContext;

    /// <summary>CPU threads; null takes <see cref="Environment.ProcessorCount"/>.</summary>
    public int? Threads { get; init; }

    /// <summary>Most prompt tokens decoded in one step (prefill chunk); cancellation is seen between chunks.</summary>
    public int BatchSize { get; init; } = 512;
}
