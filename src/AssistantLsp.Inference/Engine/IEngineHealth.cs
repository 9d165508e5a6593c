namespace AssistantLsp.Inference.Engine;

/// <summary>
/// Implemented by an engine whose backend can fail and come back after loading (the remote
/// engine): the model slot shows <see cref="Problem"/> as an error until it clears. In-process
/// engines do not implement it.
/// </summary>
public interface IEngineHealth
{
    /// <summary>Null while the backend answers; else what is wrong, naming the endpoint and the fix.</summary>
    string? Problem { get; }

    /// <summary>A short line for the status while healthy (e.g. "remote, latency 12 ms"); null for none.</summary>
    string? Summary { get; }

    /// <summary>Raised (on a background thread) when <see cref="Problem"/> or <see cref="Summary"/> changes.</summary>
    event Action? HealthChanged;
}
