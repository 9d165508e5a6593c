using AssistantLsp.Server.Dispatch;
using AssistantLsp.Server.Tests.TestSupport;

namespace AssistantLsp.Server.Tests.Dispatch;

/// <summary>
/// The dispatch guarantee (LspDispatcher): state-mutating messages run in arrival order, before
/// the next message is read; readers take their snapshot on arrival and never hold up the loop.
/// </summary>
public class DispatchOrderTests
{
    [Fact]
    public async Task A_reader_busy_in_synchronous_work_does_not_hold_up_later_messages()
    {
        var busy = new SynchronousWorkProbe();
        await using var client = new RawLspClient([busy, new ReadDocumentProbe()]);
        await client.InitializeAsync();
        await client.SendAsync("""{"jsonrpc":"2.0","id":"busy","method":"test/busy","params":{}}""");
        await client.SendAsync("""{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///w/a.cs","languageId":"csharp","version":1,"text":"after"}}}""");
        await client.SendAsync("""{"jsonrpc":"2.0","id":"read","method":"test/readDocument","params":{"uri":"file:///w/a.cs"}}""");

        // Before the fix the busy handler ran on the message loop: nothing after it was read until it finished.
        Assert.Equal("after", (string?)(await client.ResponseAsync("read"))["result"]);
        Assert.False(busy.Finished.IsSet, "the later read waited for the busy reader");
        busy.Release.Set();
        Assert.Null((string?)(await client.ResponseAsync("busy"))["result"]); // its snapshot predates the didOpen
    }

    [Fact]
    public async Task Initialize_takes_effect_before_the_next_message_even_when_the_client_does_not_wait()
    {
        for (var round = 0; round < 20; round++)
        {
            await using var client = new RawLspClient([new ReadDocumentProbe()]);
            await client.SendAsync("""{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"capabilities":{}}}""");
            await client.SendAsync("""{"jsonrpc":"2.0","method":"initialized","params":{}}""");
            await client.SendAsync("""{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///w/a.cs","languageId":"csharp","version":1,"text":"open"}}}""");
            await client.SendAsync("""{"jsonrpc":"2.0","id":"read","method":"test/readDocument","params":{"uri":"file:///w/a.cs"}}""");
            Assert.Equal("open", (string?)(await client.ResponseAsync("read"))["result"]);
        }
    }

    /// <summary>A reader whose first part is long synchronous work (as a prompt over a huge line was).</summary>
    private sealed class SynchronousWorkProbe : LspRequestHandler<object?, string?>
    {
        public ManualResetEventSlim Release { get; } = new();

        public ManualResetEventSlim Finished { get; } = new();

        public override string Method => "test/busy";

        public override Task<string?> HandleAsync(object? request, RequestContext context, CancellationToken cancellationToken)
        {
            Release.Wait(LspTestClient.Timeout, cancellationToken); // no await: blocks whatever thread runs it
            Finished.Set();
            return Task.FromResult(context.Documents.TryGet("file:///w/a.cs")?.Text);
        }
    }
}
