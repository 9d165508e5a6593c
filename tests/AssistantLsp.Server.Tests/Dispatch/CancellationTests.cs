using AssistantLsp.Protocol;
using AssistantLsp.Server.Tests.TestSupport;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;

namespace AssistantLsp.Server.Tests.Dispatch;

public class CancellationTests
{
    [Fact]
    public async Task Cancel_request_stops_the_handler_and_answers_request_cancelled()
    {
        var probe = new WaitForCancellationProbe();
        await using var client = await LspTestClient.StartInitializedAsync(extraHandlers: [probe]);
        using var cts = new CancellationTokenSource();
        // StreamJsonRpc sends $/cancelRequest { id } when the token fires, exactly as an LSP client does.
        var call = client.Rpc.InvokeWithParameterObjectAsync<string>("test/waitForCancellation", new { }, cts.Token);
        await probe.Started.Task.WaitAsync(LspTestClient.Timeout);
        await cts.CancelAsync();
        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.NotNull(ex);
    }

    [Fact]
    public async Task Cancelled_request_gets_error_code_32800_on_the_wire()
    {
        var probe = new WaitForCancellationProbe();
        await using var client = new RawLspClient([probe]);
        await client.InitializeAsync();
        await client.SendAsync("""{"jsonrpc":"2.0","id":"long-1","method":"test/waitForCancellation","params":{}}""");
        await probe.Started.Task.WaitAsync(LspTestClient.Timeout);
        await client.SendAsync("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"long-1"}}""");
        var answer = await client.ResponseAsync("long-1");
        Assert.Equal(LspErrorCodes.RequestCancelled, (int?)answer.SelectToken("error.code"));
    }

    [Fact]
    public async Task Shutdown_cancels_in_flight_work()
    {
        var probe = new WaitForCancellationProbe();
        await using var client = await LspTestClient.StartInitializedAsync(extraHandlers: [probe]);
        var call = client.RequestAsync<string>("test/waitForCancellation", new { });
        await probe.Started.Task.WaitAsync(LspTestClient.Timeout);
        await client.RequestAsync<JToken>("shutdown", null);
        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => call);
        Assert.Equal(LspErrorCodes.ServerCancelled, error.ErrorCode);
    }
}
