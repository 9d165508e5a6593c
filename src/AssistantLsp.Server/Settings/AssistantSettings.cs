using AssistantLsp.Features.Settings;

namespace AssistantLsp.Server.Settings;

/// <summary>
/// One validated, immutable view of the user's settings (keys in docs/protocol.md). The server
/// replaces the whole object when settings change; handlers read it from the request's snapshot
/// and hand features only <see cref="Features"/>.
/// </summary>
public sealed record AssistantSettings
{
    public static AssistantSettings Default { get; } = new();

    /// <summary>What features read: completion, reasoning, document size.</summary>
    public FeatureSettings Features { get; init; } = FeatureSettings.Default;

    /// <summary>Which models are hosted and how.</summary>
    public ModelSettings Models { get; init; } = new();

    /// <summary>Serilog level name: verbose, debug, information, warning, error.</summary>
    public string LogLevel { get; init; } = "information";
}
