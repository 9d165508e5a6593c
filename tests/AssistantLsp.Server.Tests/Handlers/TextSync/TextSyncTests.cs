using AssistantLsp.Server.Tests.TestSupport;

namespace AssistantLsp.Server.Tests.Handlers.TextSync;

public class TextSyncTests
{
    private const string Uri = "file:///work/a.cs";

    private static Task<LspTestClient> StartAsync() =>
        LspTestClient.StartInitializedAsync(extraHandlers: [new ReadDocumentProbe()]);

    private static object Edit(int line, int character, int endLine, int endCharacter, string text) =>
        new { range = new { start = new { line, character }, end = new { line = endLine, character = endCharacter } }, text };

    private static Task<string?> ReadAsync(LspTestClient client, string uri = Uri) =>
        client.RequestAsync<string?>("test/readDocument", new { uri });

    [Fact]
    public async Task Incremental_and_full_changes_are_applied()
    {
        await using var client = await StartAsync();
        await client.OpenAsync(Uri, "class A\r\n{\r\n}\r\n");
        await client.ChangeAsync(Uri, 2, Edit(1, 1, 1, 1, "\r\n    int x;"));
        Assert.Equal("class A\r\n{\r\n    int x;\r\n}\r\n", await ReadAsync(client));
        await client.ChangeAsync(Uri, 3, new { text = "replaced 😀" });
        await client.ChangeAsync(Uri, 4, Edit(0, 11, 0, 11, "!"));
        Assert.Equal("replaced 😀!", await ReadAsync(client));
    }

    [Fact]
    public async Task Every_change_is_applied_before_a_later_request_reads()
    {
        await using var client = await StartAsync();
        await client.OpenAsync(Uri, "");
        var expected = "";
        var reads = new List<(Task<string?> Read, string Expected)>();
        for (var i = 0; i < 200; i++)
        {
            var piece = (i % 7 == 0 ? "\n" : "") + (char)('a' + (i % 26));
            var end = expected.Split('\n');
            var lastLine = end.Length - 1;
            expected += piece;
            // Fire without awaiting: the client sends in order, the server must apply in order.
            _ = client.ChangeAsync(Uri, i + 2, Edit(lastLine, end[^1].Length, lastLine, end[^1].Length, piece));
            reads.Add((ReadAsync(client), expected));
        }

        foreach (var (read, want) in reads)
        {
            Assert.Equal(want, await read);
        }
    }

    [Fact]
    public async Task Change_for_unopened_document_is_ignored_and_server_keeps_working()
    {
        await using var client = await StartAsync();
        await client.ChangeAsync("file:///never-opened.cs", 2, new { text = "x" });
        Assert.Null(await ReadAsync(client, "file:///never-opened.cs"));
        await client.OpenAsync(Uri, "ok");
        Assert.Equal("ok", await ReadAsync(client));
    }

    [Fact]
    public async Task Close_forgets_the_document_and_save_with_text_resyncs()
    {
        await using var client = await StartAsync();
        await client.OpenAsync(Uri, "one");
        await client.NotifyAsync("textDocument/didSave", new { textDocument = new { uri = Uri }, text = "saved" });
        Assert.Equal("saved", await ReadAsync(client));
        await client.NotifyAsync("textDocument/didClose", new { textDocument = new { uri = Uri } });
        Assert.Null(await ReadAsync(client));
    }

    [Fact]
    public async Task Out_of_range_positions_are_clamped_per_spec()
    {
        await using var client = await StartAsync();
        await client.OpenAsync(Uri, "ab\ncd");
        await client.ChangeAsync(Uri, 2, Edit(0, 50, 0, 99, "!"));
        await client.ChangeAsync(Uri, 3, Edit(40, 0, 41, 0, "?"));
        Assert.Equal("ab!\ncd?", await ReadAsync(client));
    }

    [Fact]
    public async Task Very_large_documents_still_sync()
    {
        await using var client = await StartAsync();
        var big = new string('x', 4_000_000) + "\nend";
        await client.OpenAsync(Uri, big);
        await client.ChangeAsync(Uri, 2, Edit(1, 3, 1, 3, "!"));
        var text = await ReadAsync(client);
        Assert.Equal(big.Length + 1, text!.Length);
        Assert.EndsWith("end!", text, StringComparison.Ordinal);
    }
}
