using AssistantLsp.ModelWriting;
using AssistantLsp.Server.Hosting;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Tests.TestSupport;

/// <summary>An in-process server whose reasoning model (a real generated one) is loaded and ready.</summary>
public static class ReadyServer
{
    public static async Task<LspTestClient> StartAsync(string? modelFolder, object? initializationOptions = null)
    {
        var client = await LspTestClient.StartInitializedAsync(initializationOptions, options: new ServerOptions
        {
            ModelPath = modelFolder,
            ModelsFolder = Directory.CreateTempSubdirectory("models-").FullName,
        });
        if (modelFolder is not null)
        {
            await client.WaitUntilAsync(
                () => (string?)client.RequestAsync<JObject>("assistant/status", null).GetAwaiter().GetResult()["state"] is "ready" or "error",
                "the model to load");
        }

        return client;
    }

    /// <summary>A scripted model with a larger context, for scripts too long for the default 512 tokens.</summary>
    public static string LongScripted(string script, int contextLength) =>
        TestModels.Write(TestModelSpec.Scripted(script) with { ContextLength = contextLength }, "scripted").Directory;
}
