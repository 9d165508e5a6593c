using AssistantLsp.Protocol;
using AssistantLsp.Server.Tests.TestSupport;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;

namespace AssistantLsp.Server.Tests.Dispatch;

public class LifecycleTests
{
    [Fact]
    public async Task Initialize_reports_utf16_server_info_and_only_implemented_capabilities()
    {
        await using var client = LspTestClient.Start();
        var result = await client.InitializeAsync();

        Assert.Equal("utf-16", (string?)result.SelectToken("capabilities.positionEncoding"));
        Assert.Equal("assistant-lsp", (string?)result.SelectToken("serverInfo.name"));
        Assert.False(string.IsNullOrEmpty((string?)result.SelectToken("serverInfo.version")));
        Assert.Equal(2, (int?)result.SelectToken("capabilities.textDocumentSync.change"));
        Assert.True((bool?)result.SelectToken("capabilities.textDocumentSync.openClose"));
        // Nothing null is sent; nothing unimplemented is advertised.
        Assert.DoesNotContain("null", result.ToString(Newtonsoft.Json.Formatting.None), StringComparison.Ordinal);
        var capabilities = (JObject)result["capabilities"]!;
        var served = new HashSet<string>(client.Host.ServedMethods);
        Assert.Equal(served.Contains("textDocument/inlineCompletion"), capabilities.ContainsKey("inlineCompletionProvider"));
        Assert.Equal(served.Contains("textDocument/completion"), capabilities.ContainsKey("completionProvider"));
        Assert.Equal(served.Contains("textDocument/codeAction"), capabilities.ContainsKey("codeActionProvider"));
        Assert.Equal(served.Contains("workspace/executeCommand"), capabilities.ContainsKey("executeCommandProvider"));
    }

    [Fact]
    public async Task Requests_before_initialize_answer_server_not_initialized()
    {
        await using var client = LspTestClient.Start();
        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => client.RequestAsync<JToken>("shutdown", null));
        Assert.Equal(LspErrorCodes.ServerNotInitialized, error.ErrorCode);

        // Notifications before initialize are dropped: the document is not open afterwards.
        await client.OpenAsync("file:///early.cs", "x");
        await client.InitializeAsync();
        Assert.Null(client.Host.Documents.Snapshot().TryGet("file:///early.cs"));
    }

    [Fact]
    public async Task Second_initialize_is_an_invalid_request()
    {
        await using var client = await LspTestClient.StartInitializedAsync();
        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => client.RequestAsync<JToken>("initialize", new { capabilities = new { } }));
        Assert.Equal(LspErrorCodes.InvalidRequest, error.ErrorCode);
    }

    [Fact]
    public async Task Requests_after_shutdown_are_invalid_and_exit_then_returns_zero()
    {
        await using var client = await LspTestClient.StartInitializedAsync();
        Assert.Null(await client.RequestAsync<JToken>("shutdown", null));
        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => client.RequestAsync<JToken>("shutdown", null));
        Assert.Equal(LspErrorCodes.InvalidRequest, error.ErrorCode);
        await client.NotifyAsync("exit", null);
        Assert.Equal(0, await client.ServerRun.WaitAsync(LspTestClient.Timeout));
    }

    [Fact]
    public async Task Shutdown_is_answered_while_a_server_to_client_request_is_pending()
    {
        await using var client = LspTestClient.Start();
        client.ConfigurationNeverAnswers = true;
        await client.InitializeAsync(capabilities: new { workspace = new { configuration = true } });
        await Task.Delay(100); // let the server's settings pull go out and wait
        Assert.Equal(0, await client.ShutdownAndExitAsync());
    }

    [Fact]
    public async Task Exit_without_shutdown_returns_one()
    {
        await using var client = await LspTestClient.StartInitializedAsync();
        await client.NotifyAsync("exit", null);
        Assert.Equal(1, await client.ServerRun.WaitAsync(LspTestClient.Timeout));
    }

    [Fact]
    public async Task End_of_input_stops_the_server()
    {
        var client = await LspTestClient.StartInitializedAsync();
        client.Rpc.Dispose();
        await client.DisposeAsync();
        Assert.Equal(1, await client.ServerRun.WaitAsync(TimeSpan.FromSeconds(1)));
    }
}
