namespace AssistantLsp.Server.Hosting;

/// <summary>What the command line gave the server.</summary>
public sealed record ServerOptions
{
    /// <summary>From --model: used when the model.path setting is not set.</summary>
    public string? ModelPath { get; init; }
}
