using System.Text;
using AssistantLsp.Protocol;
using AssistantLsp.Server.Dispatch;
using AssistantLsp.Server.Tests.TestSupport;
using Nerdbank.Streams;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Tests.Protocol;

/// <summary>
/// Reproductions from issue #15 through the real framing: each one crashed, hung or answered a
/// raw .NET error before. The server must answer clearly (or ignore) and keep serving.
/// </summary>
public class HostileInputTests
{
    private const string Uri = "file:///w/doc.cs";

    private static async Task<RawLspClient> StartWithDocumentAsync(params ILspHandler[] extra)
    {
        var client = new RawLspClient([new ReadDocumentProbe(), .. extra]);
        await client.InitializeAsync();
        await client.SendAsync($$$$"""{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"{{{{Uri}}}}","languageId":"csharp","version":1,"text":"keep me"}}}""");
        return client;
    }

    private static async Task AssertStillServingAsync(RawLspClient client)
    {
        var id = Guid.NewGuid().ToString("N");
        await client.SendAsync($$$$"""{"jsonrpc":"2.0","id":"{{{{id}}}}","method":"test/readDocument","params":{"uri":"{{{{Uri}}}}"}}""");
        Assert.Equal("keep me", (string?)(await client.ResponseAsync(id))["result"]);
        Assert.False(client.ServerRun.IsCompleted, "the server stopped");
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":239875,"result":null}""")]
    [InlineData("""{"jsonrpc":"2.0","id":"never-sent","result":{"x":1}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":null,"result":null}""")]
    [InlineData("""{"jsonrpc":"2.0","id":17,"error":{"code":-32603,"message":"client failed"}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error"}}""")]
    public async Task A_response_to_a_request_the_server_never_sent_is_ignored(string response)
    {
        await using var client = await StartWithDocumentAsync();
        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync(response);
        }

        await AssertStillServingAsync(client);
    }

    [Fact]
    public async Task Late_and_duplicate_answers_to_a_server_request_are_ignored()
    {
        // The server side of the real framing asks the client for a progress token, as the server does.
        var (clientStream, serverStream) = FullDuplexStream.CreatePair();
        var problems = new List<string>();
        using var rpc = LspConnection.Create(serverStream, serverStream, p => { lock (problems) { problems.Add(p); } });
        rpc.StartListening();
        var client = new FrameReader(clientStream);

        for (var round = 0; round < 20; round++)
        {
            var ask = rpc.InvokeWithParameterObjectAsync("window/workDoneProgress/create", new { token = $"t{round}" });
            var request = await client.NextAsync();
            Assert.Equal("window/workDoneProgress/create", (string?)request["method"]);
            var answer = new JObject { ["jsonrpc"] = "2.0", ["id"] = request["id"], ["result"] = null }.ToString(Newtonsoft.Json.Formatting.None);
            await client.SendAsync(answer);
            await ask.WaitAsync(LspTestClient.Timeout);
            await client.SendAsync(answer); // duplicate
            await client.SendAsync(new JObject { ["jsonrpc"] = "2.0", ["id"] = (long)request["id"]! + 1000, ["error"] = new JObject { ["code"] = -1, ["message"] = "late" } }.ToString(Newtonsoft.Json.Formatting.None));
        }

        // Still connected: one more real round trip works.
        var last = rpc.InvokeWithParameterObjectAsync<string>("window/showMessageRequest", new { type = 3, message = "still there?" });
        var lastRequest = await client.NextAsync();
        await client.SendAsync(new JObject { ["jsonrpc"] = "2.0", ["id"] = lastRequest["id"], ["result"] = "yes" }.ToString(Newtonsoft.Json.Formatting.None));
        Assert.Equal("yes", await last.WaitAsync(LspTestClient.Timeout));
        Assert.False(rpc.Completion.IsCompleted);
        lock (problems)
        {
            Assert.Equal(40, problems.Count(p => p.StartsWith("Ignored a response", StringComparison.Ordinal)));
        }
    }

    [Theory]
    [InlineData("{\"a\":", "}", 7000)]
    [InlineData("[", "]", 12000)]
    [InlineData("{\"a\":", "}", 65)]
    public async Task Deeply_nested_params_answer_invalid_params_with_the_id(string open, string close, int depth)
    {
        await using var client = await StartWithDocumentAsync();
        var nested = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
        await client.SendAsync($$$"""{"jsonrpc":"2.0","id":2,"method":"assistant/status","params":{"x":{{{nested}}}}}""");
        var answer = await client.ResponseAsync(2);
        Assert.Equal(LspErrorCodes.InvalidParams, (int?)answer.SelectToken("error.code"));
        Assert.Contains("deeper than 64", (string?)answer.SelectToken("error.message"), StringComparison.Ordinal);
        await AssertStillServingAsync(client);
    }

    [Fact]
    public async Task A_deeply_nested_body_is_refused_at_once_with_a_short_message()
    {
        await using var client = await StartWithDocumentAsync();
        // Depth 4000 took 28 s before (the warning logged the body indented); 50,000 would take hours.
        const int Depth = 50_000;
        await client.SendAsync(string.Concat(Enumerable.Repeat("{\"a\":", Depth)) + "1" + new string('}', Depth));
        var error = await client.NullIdErrorAsync();
        Assert.Equal(LspErrorCodes.InvalidRequest, (int?)error.SelectToken("error.code"));
        Assert.True(((string?)error.SelectToken("error.message"))!.Length <= LogText.MaxChars + 64);
        await AssertStillServingAsync(client);
    }

    [Theory]
    [InlineData("method")]
    [InlineData("uri")]
    public async Task Huge_client_text_is_never_echoed_back_whole_in_an_error(string where)
    {
        // Echoing megabytes back left them in the output pipe's pooled buffers: +100 MB of RSS per run of the fuzzer.
        await using var client = await StartWithDocumentAsync();
        var huge = new string('q', 300_000);
        var request = where == "method"
            ? new JObject { ["jsonrpc"] = "2.0", ["id"] = 41, ["method"] = huge, ["params"] = new JObject() }
            : new JObject
            {
                ["jsonrpc"] = "2.0", ["id"] = 41, ["method"] = "textDocument/completion",
                ["params"] = new JObject { ["textDocument"] = new JObject { ["uri"] = huge }, ["position"] = new JObject { ["line"] = 0, ["character"] = 0 } },
            };
        await client.SendAsync(request.ToString(Newtonsoft.Json.Formatting.None));
        var answer = await client.ResponseAsync(41);
        var code = (int?)answer.SelectToken("error.code");
        Assert.Equal(where == "method" ? LspErrorCodes.MethodNotFound : LspErrorCodes.RequestFailed, code);
        Assert.InRange(((string?)answer.SelectToken("error.message"))!.Length, 1, 1_000);
        await AssertStillServingAsync(client);
    }

    [Fact]
    public async Task A_reused_id_of_a_running_request_gets_a_clear_error_and_the_first_is_unharmed()
    {
        var probe = new WaitForCancellationProbe();
        await using var client = await StartWithDocumentAsync(probe);
        await client.SendAsync("""{"jsonrpc":"2.0","id":"dup","method":"test/waitForCancellation","params":{}}""");
        await probe.Started.Task.WaitAsync(LspTestClient.Timeout);
        await client.SendAsync($$$$"""{"jsonrpc":"2.0","id":"dup","method":"test/readDocument","params":{"uri":"{{{{Uri}}}}"}}""");
        var refused = await client.ResponseAsync("dup");
        Assert.Equal(LspErrorCodes.InvalidRequest, (int?)refused.SelectToken("error.code"));
        Assert.Contains("already used", (string?)refused.SelectToken("error.message"), StringComparison.Ordinal);

        // The first request is still the one $/cancelRequest reaches; afterwards the id is free again.
        await client.SendAsync("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"dup"}}""");
        Assert.Equal(LspErrorCodes.RequestCancelled, (int?)(await client.ResponseAsync("dup")).SelectToken("error.code"));
        await client.SendAsync($$$$"""{"jsonrpc":"2.0","id":"dup","method":"test/readDocument","params":{"uri":"{{{{Uri}}}}"}}""");
        Assert.Equal("keep me", (string?)(await client.ResponseAsync("dup"))["result"]);
    }

    [Theory]
    [InlineData("no/such")]
    [InlineData("textDocument/completion")]
    [InlineData("shutdown")]
    public async Task Every_request_before_initialize_answers_server_not_initialized(string method)
    {
        await using var client = new RawLspClient();
        await client.SendAsync($$$"""{"jsonrpc":"2.0","id":"early","method":"{{{method}}}","params":{}}""");
        Assert.Equal(LspErrorCodes.ServerNotInitialized, (int?)(await client.ResponseAsync("early")).SelectToken("error.code"));
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":77,"method":"test/readDocument","params":{"uri":""", LspErrorCodes.ParseError)]
    [InlineData("""{"jsonrpc":"2.0","id":77,"method":"test/readDocument","params":{"uri" 1}}""", LspErrorCodes.ParseError)]
    [InlineData("""{"jsonrpc":"2.0","id":77,"params":{}}""", LspErrorCodes.InvalidRequest)]
    public async Task An_unparsable_request_is_answered_with_its_id_when_it_was_readable(string body, int code)
    {
        await using var client = await StartWithDocumentAsync();
        await client.SendAsync(body);
        Assert.Equal(code, (int?)(await client.ResponseAsync(77)).SelectToken("error.code"));
        await AssertStillServingAsync(client);
    }

    [Fact]
    public async Task Invalid_utf8_is_a_parse_error()
    {
        await using var client = await StartWithDocumentAsync();
        var body = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":5,"method":"test/readDocument","params":{"uri":"X"}}""");
        body[body.Length - 4] = 0xC3; // a lead byte followed by '"': not UTF-8
        await client.SendRawAsync([.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body]);
        Assert.Equal(LspErrorCodes.ParseError, (int?)(await client.NullIdErrorAsync()).SelectToken("error.code"));
        await AssertStillServingAsync(client);
    }

    [Fact]
    public async Task A_message_over_the_size_limit_is_refused_and_the_stream_resynchronizes()
    {
        await using var client = await StartWithDocumentAsync();
        await client.SendBytesAsync($"Content-Length: {LspMessageHandler.MaxMessageBytes + 1}\r\n\r\n{{\"jsonrpc\":\"2.0\",\"id\":1}}");
        var error = await client.NullIdErrorAsync();
        Assert.Contains("64 MiB", (string?)error.SelectToken("error.message"), StringComparison.Ordinal);
        await AssertStillServingAsync(client);
    }

    /// <summary>The client side of the wire, bytes only.</summary>
    private sealed class FrameReader(Stream stream)
    {
        private readonly List<byte> _buffer = [];

        public async Task SendAsync(string json)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(LspTestClient.Frame(json)));
            await stream.FlushAsync();
        }

        public async Task<JObject> NextAsync()
        {
            using var timeout = new CancellationTokenSource(LspTestClient.Timeout);
            var chunk = new byte[4096];
            string json;
            while (!LspFrames.TryTake(_buffer, out json))
            {
                var n = await stream.ReadAsync(chunk, timeout.Token);
                _buffer.AddRange(chunk.AsSpan(0, n).ToArray());
            }

            return JObject.Parse(json);
        }
    }
}
