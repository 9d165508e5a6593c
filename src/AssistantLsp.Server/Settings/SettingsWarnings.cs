using AssistantLsp.Protocol.Types;
using AssistantLsp.Server.Client;
using Serilog;

namespace AssistantLsp.Server.Settings;

/// <summary>Shows each settings problem to the user (window/showMessage) and logs it.</summary>
public sealed class SettingsWarnings(ClientChannel client, ILogger log)
{
    public void Report(IReadOnlyList<string> warnings)
    {
        foreach (var warning in warnings)
        {
            log.Warning("{Warning}", warning);
            _ = client.ShowMessageAsync(MessageType.Warning, "AssistantLsp: " + warning);
        }
    }
}
