using AssistantLsp.Protocol.Types;
using Newtonsoft.Json.Linq;
using Serilog;
using StreamJsonRpc;

namespace AssistantLsp.Server.Client;

/// <summary>
/// Messages the server sends to the client. Sending never throws into a handler: a client that
/// went away is logged, and the connection's end stops the server anyway.
/// </summary>
public sealed class ClientChannel(JsonRpc rpc, ILogger log)
{
    private JObject? _capabilities;

    /// <summary>Set once from initialize's params.</summary>
    public JObject? Capabilities
    {
        get => Volatile.Read(ref _capabilities);
        set => Volatile.Write(ref _capabilities, value);
    }

    public Task ShowMessageAsync(int type, string message) =>
        NotifyAsync("window/showMessage", new ShowMessageParams(type, message));

    public Task LogMessageAsync(int type, string message) =>
        NotifyAsync("window/logMessage", new LogMessageParams(type, message));

    /// <summary>Sends $/progress with a named parameter object (StreamJsonRpc's IProgress sends positional params).</summary>
    public Task SendProgressAsync(object token, object value) =>
        NotifyAsync("$/progress", new ProgressParams(token, value));

    public async Task NotifyAsync(string method, object parameters)
    {
        try
        {
            await rpc.NotifyWithParameterObjectAsync(method, parameters);
        }
        catch (Exception ex) when (ex is ConnectionLostException or ObjectDisposedException or IOException)
        {
            log.Debug("Could not send {Method}: {Problem}", method, ex.Message);
        }
    }

    /// <summary>Asks the client for the `assistantLsp` section, when it supports workspace/configuration.</summary>
    public async Task<JToken?> PullSettingsAsync(CancellationToken cancellationToken)
    {
        if (!ClientCapabilityReader.SupportsConfigurationPull(Capabilities))
        {
            return null;
        }

        var result = await rpc.InvokeWithParameterObjectAsync<JArray>(
            "workspace/configuration",
            new ConfigurationParams([new ConfigurationItem(null, "assistantLsp")]),
            cancellationToken);
        return result?.FirstOrDefault();
    }

    /// <summary>Creates a work-done progress token on the client, or null when it cannot show one.</summary>
    public async Task<string?> CreateWorkDoneProgressAsync(CancellationToken cancellationToken)
    {
        if (!ClientCapabilityReader.SupportsWorkDoneProgress(Capabilities))
        {
            return null;
        }

        var token = $"assistant-lsp/{Guid.NewGuid():N}";
        try
        {
            await rpc.InvokeWithParameterObjectAsync("window/workDoneProgress/create", new WorkDoneProgressCreateParams(token), cancellationToken);
            return token;
        }
        catch (RemoteInvocationException ex)
        {
            log.Debug("Client refused a progress token: {Problem}", ex.Message);
            return null;
        }
    }
}
