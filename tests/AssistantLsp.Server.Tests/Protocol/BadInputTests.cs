using AssistantLsp.Protocol;
using AssistantLsp.Server.Tests.TestSupport;

namespace AssistantLsp.Server.Tests.Protocol;

/// <summary>Bad input gets a clear error per the spec; the server keeps serving and no document is corrupted.</summary>
public class BadInputTests
{
    private const string Uri = "file:///w/doc.cs";

    private static async Task<RawLspClient> StartWithDocumentAsync()
    {
        var client = new RawLspClient([new ReadDocumentProbe()]);
        await client.InitializeAsync();
        await client.SendAsync($$$$"""{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"{{{{Uri}}}}","languageId":"csharp","version":1,"text":"keep me"}}}""");
        return client;
    }

    private static async Task AssertStillServingAsync(RawLspClient client, string expectedText = "keep me")
    {
        var id = Guid.NewGuid().ToString("N");
        await client.SendAsync($$$$"""{"jsonrpc":"2.0","id":"{{{{id}}}}","method":"test/readDocument","params":{"uri":"{{{{Uri}}}}"}}""");
        var answer = await client.ResponseAsync(id);
        Assert.Equal(expectedText, (string?)answer["result"]);
    }

    [Fact]
    public async Task Malformed_json_answers_parse_error_and_server_continues()
    {
        await using var client = await StartWithDocumentAsync();
        await client.SendAsync("""{"jsonrpc":"2.0","id":5,"method":"test/readDocument","params":{"uri":""");
        var error = await client.ResponseAsync(5); // the id was readable, so the error carries it
        Assert.Equal(LspErrorCodes.ParseError, (int?)error.SelectToken("error.code"));
        await AssertStillServingAsync(client);
    }

    [Fact]
    public async Task Wrong_content_length_resynchronizes_on_the_next_header()
    {
        await using var client = await StartWithDocumentAsync();
        const string body = """{"jsonrpc":"2.0","id":9,"method":"test/readDocument","params":{"uri":"x"}}""";
        await client.SendBytesAsync($"Content-Length: 12\r\n\r\n{body}");
        Assert.Equal(LspErrorCodes.ParseError, (int?)(await client.NullIdErrorAsync()).SelectToken("error.code"));
        await AssertStillServingAsync(client);
    }

    [Fact]
    public async Task Garbage_header_is_skipped()
    {
        await using var client = await StartWithDocumentAsync();
        await client.SendBytesAsync("this is not a header\r\nContent-Length: abc\r\n\r\n");
        await AssertStillServingAsync(client);
    }

    [Fact]
    public async Task Valid_json_that_is_not_a_message_is_an_invalid_request()
    {
        await using var client = await StartWithDocumentAsync();
        await client.SendAsync("[1,2,3]");
        var error = await client.NullIdErrorAsync();
        Assert.Contains((int?)error.SelectToken("error.code"), new int?[] { LspErrorCodes.InvalidRequest, LspErrorCodes.ParseError });
        await AssertStillServingAsync(client);
    }

    [Fact]
    public async Task Unknown_method_answers_method_not_found()
    {
        await using var client = await StartWithDocumentAsync();
        await client.SendAsync("""{"jsonrpc":"2.0","id":"u1","method":"textDocument/noSuchThing","params":{}}""");
        Assert.Equal(LspErrorCodes.MethodNotFound, (int?)(await client.ResponseAsync("u1")).SelectToken("error.code"));
    }

    [Fact]
    public async Task Unknown_notification_is_ignored()
    {
        await using var client = await StartWithDocumentAsync();
        await client.SendAsync("""{"jsonrpc":"2.0","method":"$/somethingNew","params":{"x":1}}""");
        await client.SendAsync("""{"jsonrpc":"2.0","method":"custom/notify","params":{}}""");
        await AssertStillServingAsync(client);
    }

    [Theory]
    [InlineData("""{"uri":42}""")]
    [InlineData("""{"notUri":"x"}""")]
    [InlineData("""[1,2]""")]
    [InlineData("\"text\"")]
    public async Task Wrong_param_types_answer_invalid_params(string parameters)
    {
        await using var client = await StartWithDocumentAsync();
        await client.SendAsync($$$$"""{"jsonrpc":"2.0","id":"p1","method":"test/readDocument","params":{{{{parameters}}}}}""");
        var answer = await client.ResponseAsync("p1");
        Assert.Equal(LspErrorCodes.InvalidParams, (int?)answer.SelectToken("error.code"));
        await AssertStillServingAsync(client);
    }

    [Fact]
    public async Task Malformed_change_notification_does_not_corrupt_the_document()
    {
        await using var client = await StartWithDocumentAsync();
        await client.SendAsync($$$$"""{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"{{{{Uri}}}}","version":2},"contentChanges":[{"range":{"start":{"line":"zero"}},"text":"X"}]}}""");
        await client.SendAsync($$$$"""{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"{{{{Uri}}}}","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":0}},"text":"X"}]}}""");
        await client.SendAsync($$$$"""{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"{{{{Uri}}}}","version":2}}}""");
        await AssertStillServingAsync(client);
    }

    [Fact]
    public async Task Unexpected_handler_failure_answers_internal_error_and_server_continues()
    {
        await using var client = new RawLspClient([new ThrowingProbe(), new ReadDocumentProbe()]);
        await client.InitializeAsync();
        await client.SendAsync("""{"jsonrpc":"2.0","id":"t1","method":"test/throw","params":{}}""");
        var answer = await client.ResponseAsync("t1");
        Assert.Equal(LspErrorCodes.InternalError, (int?)answer.SelectToken("error.code"));
        Assert.Contains("boom", (string?)answer.SelectToken("error.message"), StringComparison.Ordinal);
    }
}
