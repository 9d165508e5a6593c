using AssistantLsp.Server.Hosting;
using AssistantLsp.Server.Tests.TestSupport;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Tests.Models;

/// <summary>Background loading of real generated models, seen through assistant/status and its notifications.</summary>
public class ModelLoadingTests
{
    private static Task<JObject> StatusAsync(LspTestClient client) => client.RequestAsync<JObject>("assistant/status", null);

    private static async Task<JObject> WaitForStateAsync(LspTestClient client, string state)
    {
        JObject status = new();
        await client.WaitUntilAsync(
            () => (string?)(status = StatusAsync(client).GetAwaiter().GetResult())["state"] == state,
            $"state {state}");
        return status;
    }

    [Fact]
    public async Task Model_from_the_command_line_loads_in_the_background_and_reports_ready()
    {
        var model = TestModels.Random.Directory;
        await using var client = await LspTestClient.StartInitializedAsync(
            capabilities: new { window = new { workDoneProgress = true } },
            options: new ServerOptions { ModelPath = model });
        var status = await WaitForStateAsync(client, "ready");
        Assert.Equal(model, (string?)status["model"]);
        Assert.Equal("cpu", (string?)status["executionProvider"]);

        await client.WaitUntilAsync(() => client.StatusChanges.Any(s => (string?)s["state"] == "ready"), "statusChanged ready");
        var states = client.StatusChanges.Select(s => (string?)s["state"]).ToList();
        Assert.True(states.IndexOf("loading") < states.IndexOf("ready"), string.Join(",", states));
        // Work-done progress: begin ("Loading …") then end.
        await client.WaitUntilAsync(() => client.Progress.Any(p => (string?)p.Value["kind"] == "end"), "progress end");
        var kinds = client.Progress.Select(p => (string?)p.Value["kind"]).ToList();
        Assert.Equal(["begin", "end"], kinds);
        Assert.Contains("Loading", (string?)client.Progress.First().Value["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_revisions_grow_with_each_change_so_a_client_can_drop_a_stale_status()
    {
        // Two slots loading at once change status on their own threads; their notifications and an
        // assistant/status answer may cross. The revision orders them.
        var completion = TestModels.WriteScripted("return a + b", withFimTokens: true);
        await using var client = await LspTestClient.StartInitializedAsync(
            initializationOptions: new { completion = new { model = new { path = completion } } },
            options: new ServerOptions { ModelPath = TestModels.Random.Directory });
        await client.WaitUntilAsync(
            () => client.StatusChanges.Any(s => (string?)s["state"] == "ready" && (string?)s.SelectToken("completion.state") == "ready"),
            "both slots ready");

        var revisions = client.StatusChanges.Select(s => (long?)s["revision"] ?? -1).ToList();
        Assert.Equal(revisions.Count, revisions.Distinct().Count());
        Assert.All(revisions, r => Assert.True(r > 0));
        var newest = client.StatusChanges.MaxBy(s => (long)s["revision"]!)!;
        Assert.Equal("ready", (string?)newest["state"]);
        Assert.Equal("ready", (string?)newest.SelectToken("completion.state"));

        var answered = await StatusAsync(client);
        Assert.Equal(revisions.Max(), (long?)answered["revision"]);
        Assert.Null(answered.SelectToken("completion.revision"));
    }

    [Fact]
    public async Task No_model_configured_reports_none_with_what_to_set()
    {
        var emptyModels = Directory.CreateTempSubdirectory("models-").FullName;
        await using var client = await LspTestClient.StartInitializedAsync(options: new ServerOptions { ModelsFolder = emptyModels });
        var status = await StatusAsync(client);
        Assert.Equal("none", (string?)status["state"]);
        Assert.Contains("model.path", (string?)status["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task First_installed_catalog_model_is_the_default()
    {
        var models = Directory.CreateTempSubdirectory("models-").FullName;
        File.WriteAllText(Path.Combine(models, "catalog.json"), """
            { "models": [
              { "name": "a", "role": "reasoning", "source": { "repo": "o/a" }, "provider": "cpu", "folder": "not-installed" },
              { "name": "b", "role": "reasoning", "source": { "repo": "o/b" }, "provider": "cpu", "folder": "installed" } ] }
            """);
        CopyFolder(TestModels.Random.Directory, Path.Combine(models, "installed"));
        await using var client = await LspTestClient.StartInitializedAsync(options: new ServerOptions { ModelsFolder = models });
        var status = await WaitForStateAsync(client, "ready");
        Assert.Equal(Path.Combine(models, "installed"), (string?)status["model"]);
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    [Fact]
    public async Task Broken_model_reports_error_naming_the_file_and_the_server_stays_up()
    {
        var model = TestModels.WriteRandom();
        File.WriteAllText(Path.Combine(model, "genai_config.json"), "{ not json");
        await using var client = await LspTestClient.StartInitializedAsync(initializationOptions: new { model = new { path = model } });
        var status = await WaitForStateAsync(client, "error");
        Assert.Contains("genai_config.json", (string?)status["message"], StringComparison.Ordinal);

        // Fixing the setting to a good model reloads at run time.
        await client.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { assistantLsp = new { model = new { path = TestModels.Random.Directory } } } });
        status = await WaitForStateAsync(client, "ready");
        Assert.Equal(TestModels.Random.Directory, (string?)status["model"]);
    }

    [Fact]
    public async Task Missing_folder_reports_error()
    {
        var missing = Path.Combine(TestTemp.Root, $"no-model-{Guid.NewGuid():N}");
        await using var client = await LspTestClient.StartInitializedAsync(initializationOptions: new { model = new { path = missing } });
        var status = await WaitForStateAsync(client, "error");
        Assert.Contains(missing, (string?)status["message"], StringComparison.Ordinal);
    }
}
