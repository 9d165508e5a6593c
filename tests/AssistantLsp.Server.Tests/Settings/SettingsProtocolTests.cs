using AssistantLsp.Server.Tests.TestSupport;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Tests.Settings;

public class SettingsProtocolTests
{
    private static Task<JObject> ReadAsync(LspTestClient client) => client.RequestAsync<JObject>("test/readSettings", new { });

    [Fact]
    public async Task Initialization_options_become_the_settings()
    {
        await using var client = await LspTestClient.StartInitializedAsync(
            initializationOptions: new { completion = new { maxTokens = 99 }, model = new { path = "/models/r1" } },
            extraHandlers: [new ReadSettingsProbe()]);
        var settings = await ReadAsync(client);
        Assert.Equal(99, (int)settings["completionMaxTokens"]!);
        Assert.Equal("/models/r1", (string?)settings["modelPath"]);
        Assert.Empty(client.Messages);
    }

    [Fact]
    public async Task Invalid_value_warns_naming_the_key_and_keeps_the_default()
    {
        await using var client = await LspTestClient.StartInitializedAsync(
            initializationOptions: new Dictionary<string, object> { ["completion.maxTokens"] = "lots", ["reasoning.topP"] = 0.5 },
            extraHandlers: [new ReadSettingsProbe()]);
        var settings = await ReadAsync(client);
        Assert.Equal(64, (int)settings["completionMaxTokens"]!);
        Assert.Equal(0.5, (double)settings["reasoningTopP"]!);
        await client.WaitUntilAsync(() => !client.Messages.IsEmpty, "a showMessage warning");
        var message = client.Messages.First();
        Assert.Equal(2, (int)message["type"]!);
        Assert.Contains("completion.maxTokens", (string?)message["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pushed_configuration_replaces_the_settings()
    {
        await using var client = await LspTestClient.StartInitializedAsync(extraHandlers: [new ReadSettingsProbe()]);
        await client.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { assistantLsp = new { completion = new { maxTokens = 12 } } } });
        Assert.Equal(12, (int)(await ReadAsync(client))["completionMaxTokens"]!);
    }

    [Fact]
    public async Task Configuration_is_pulled_when_the_client_supports_it()
    {
        var client = LspTestClient.Start(extraHandlers: [new ReadSettingsProbe()]);
        await using var _ = client;
        client.ConfigurationSection = JObject.FromObject(new { completion = new { maxTokens = 7 } });
        await client.InitializeAsync(capabilities: new { workspace = new { configuration = true } });
        await client.WaitUntilAsync(() => client.Host.Settings.Current.Features.CompletionMaxTokens == 7, "settings pulled after initialized");

        client.ConfigurationSection = JObject.FromObject(new { completion = new { maxTokens = 8 } });
        await client.NotifyAsync("workspace/didChangeConfiguration", new { settings = (object?)null });
        await client.WaitUntilAsync(() => client.Host.Settings.Current.Features.CompletionMaxTokens == 8, "settings pulled after a change");
        Assert.Equal(8, (int)(await ReadAsync(client))["completionMaxTokens"]!);
    }
}
