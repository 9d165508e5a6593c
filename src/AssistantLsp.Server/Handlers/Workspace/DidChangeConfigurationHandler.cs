using AssistantLsp.Protocol.Types;
using AssistantLsp.Server.Client;
using AssistantLsp.Server.Dispatch;
using AssistantLsp.Server.Settings;
using Newtonsoft.Json.Linq;
using Serilog;

namespace AssistantLsp.Server.Handlers.Workspace;

/// <summary>
/// Settings pushed with the notification are applied at once; when the client sent none (the
/// pull model), the section is fetched with workspace/configuration.
/// </summary>
public sealed class DidChangeConfigurationHandler(SettingsStore settings, ClientChannel client, SettingsWarnings warnings, ILogger log)
    : LspNotificationHandler<DidChangeConfigurationParams>
{
    public override string Method => "workspace/didChangeConfiguration";

    public override void Handle(DidChangeConfigurationParams notification, RequestContext context)
    {
        if (notification.Settings is JObject pushed && pushed.Count > 0)
        {
            warnings.Report(settings.Apply(pushed));
            return;
        }

        _ = PullAsync();
    }

    private async Task PullAsync()
    {
        try
        {
            if (await client.PullSettingsAsync(CancellationToken.None) is { } section)
            {
                warnings.Report(settings.Apply(section));
            }
        }
        catch (Exception ex)
        {
            log.Warning("Could not pull settings: {Problem}", ex.Message);
        }
    }
}
