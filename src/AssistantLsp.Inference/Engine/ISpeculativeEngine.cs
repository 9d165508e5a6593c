namespace AssistantLsp.Inference.Engine;

/// <summary>An engine that can decode speculatively; the server points it at the user's setting.</summary>
public interface ISpeculativeEngine
{
    SpeculativeDecodingSetting Speculation { get; set; }
}

/// <summary>
/// The `generation.speculative` setting as engines read it: one shared, changeable switch, so a
/// settings change reaches engines already loaded. Read once per generation.
/// </summary>
public sealed class SpeculativeDecodingSetting
{
    private volatile bool _enabled = true;

    public bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }
}
