using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Settings;

/// <summary>Holds the current settings; each update replaces the whole immutable object.</summary>
public sealed class SettingsStore
{
    private AssistantSettings _current = AssistantSettings.Default;

    public AssistantSettings Current => Volatile.Read(ref _current);

    /// <summary>Raised after a change, with the previous and the new settings.</summary>
    public event Action<AssistantSettings, AssistantSettings>? Changed;

    /// <summary>Reads and applies a settings section; returns warnings for the user.</summary>
    public IReadOnlyList<string> Apply(JToken? section)
    {
        var (settings, warnings) = SettingsReader.Read(section);
        var previous = Interlocked.Exchange(ref _current, settings);
        if (previous != settings)
        {
            Changed?.Invoke(previous, settings);
        }

        return warnings;
    }
}
