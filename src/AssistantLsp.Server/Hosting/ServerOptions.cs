namespace AssistantLsp.Server.Hosting;

/// <summary>What the command line gave the server.</summary>
public sealed record ServerOptions
{
    /// <summary>From --model: used when the model.path setting is not set.</summary>
    public string? ModelPath { get; init; }

    /// <summary>Where catalog models are looked for; null = $ASSISTANT_LSP_MODELS or a models/ folder found above the server.</summary>
    public string? ModelsFolder { get; init; }

    /// <summary>Timeouts and backoff for a remote engine (null: the defaults; tests shorten them).</summary>
    public Inference.Remote.RemoteEngineOptions? Remote { get; init; }

    /// <summary>Tests only: how an engine is built for (path, provider); null = <see cref="Models.EngineFactory.Load"/>.</summary>
    internal Func<string, string, CancellationToken, Inference.Engine.IInferenceEngine>? LoadEngine { get; init; }
}
