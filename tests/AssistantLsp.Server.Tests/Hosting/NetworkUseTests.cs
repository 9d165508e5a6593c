using AssistantLsp.Inference.OnnxGenAi;
using AssistantLsp.Server.Tests.TestSupport;
using AssistantLsp.Tests.Remote;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Tests.Hosting;

/// <summary>
/// The real binary's network use: with no endpoint configured it opens no internet socket at all
/// (checked in /proc after initialize, a completion and an explain); with one, the API key goes to
/// the server as a header and never into the log or stderr.
/// </summary>
public sealed class NetworkUseTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private const string PyUri = "file:///workspace/calc.py";

    private static string Json(object message) => JObject.FromObject(message).ToString(Newtonsoft.Json.Formatting.None);

    private static async Task<JObject> RequestAsync(ServerProcess server, int id, string method, object? @params)
    {
        await server.SendAsync(Json(new { jsonrpc = "2.0", id, method, @params }));
        var response = await server.ResponseAsync(id, Wait);
        Assert.True(response["error"] is null, response.ToString());
        return response;
    }

    private static async Task InitializeAndWaitReadyAsync(ServerProcess server, object initializationOptions)
    {
        await RequestAsync(server, 1, "initialize", new { capabilities = new { }, initializationOptions });
        await server.SendAsync(Json(new { jsonrpc = "2.0", method = "initialized", @params = new { } }));
        var deadline = DateTime.UtcNow + Wait;
        for (int id = 100; ; id++)
        {
            var state = (string?)(await RequestAsync(server, id, "assistant/status", null))["result"]!["state"];
            if (state == "ready")
            {
                return;
            }

            Assert.True(state != "error" && DateTime.UtcNow < deadline, "model did not get ready: " + state + "\n" + server.Stderr);
            await Task.Delay(100);
        }
    }

    private static async Task UseEveryFeatureAsync(ServerProcess server)
    {
        await server.SendAsync(Json(new
        {
            jsonrpc = "2.0",
            method = "textDocument/didOpen",
            @params = new { textDocument = new { uri = PyUri, languageId = "python", version = 1, text = "def add(a, b):\n    return a+b\n" } },
        }));
        await RequestAsync(server, 2, "textDocument/inlineCompletion", new
        {
            textDocument = new { uri = PyUri },
            position = new { line = 1, character = 4 },
            context = new { triggerKind = 2 },
        });
        var explain = await RequestAsync(server, 3, "assistant/explain", new
        {
            textDocument = new { uri = PyUri },
            range = new { start = new { line = 0, character = 0 }, end = new { line = 1, character = 16 } },
        });
        Assert.Equal("Returns a plus b.", ((string?)explain["result"]!["answer"])!.Trim());
    }

    /// <summary>Inodes of the process's TCP/UDP (v4 and v6) sockets: its socket fds that the kernel's inet tables list.</summary>
    private static List<string> InternetSockets(int pid)
    {
        var socketInodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fd in Directory.GetFiles($"/proc/{pid}/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    socketInodes.Add(target[8..^1]);
                }
            }
            catch (IOException)
            {
                // The fd closed while we looked.
            }
        }

        var inet = new List<string>();
        foreach (var table in new[] { "tcp", "tcp6", "udp", "udp6" })
        {
            var path = $"/proc/{pid}/net/{table}";
            if (!File.Exists(path))
            {
                continue;
            }

            foreach (var line in File.ReadAllLines(path).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 9 && socketInodes.Contains(fields[9]))
                {
                    inet.Add($"{table} {fields[1]} -> {fields[2]}");
                }
            }
        }

        return inet;
    }

    [Fact]
    public async Task Without_an_endpoint_the_server_opens_no_internet_socket()
    {
        var model = TestModels.WriteScripted("It adds.\n</think>\n\nReturns a plus b.");
        using var server = ServerProcess.Start("--stdio", "--model", model);
        await InitializeAndWaitReadyAsync(server, new { reasoning = new { temperature = 0 } });

        await UseEveryFeatureAsync(server);

        Assert.Empty(InternetSockets(server.Process.Id));
        Assert.NotEmpty(Directory.GetFiles($"/proc/{server.Process.Id}/fd")); // the check looked at a live process
    }

    [Fact]
    public async Task With_an_endpoint_the_key_is_sent_as_a_header_and_never_logged()
    {
        const string Key = "sk-live-4c1d-do-not-log";
        using var engine = OnnxGenAiEngine.Load(TestModels.WriteScripted("It adds.\n</think>\n\nReturns a plus b."), "cpu");
        await using var standIn = await OpenAiStandIn.StartAsync(engine, OpenAiDialect.ReasoningContent);
        var log = Path.Combine(TestTemp.Root, $"assistant-lsp-remote-{Guid.NewGuid():N}.log");
        using (var server = ServerProcess.Start(
            new Dictionary<string, string?> { ["MY_R1_KEY"] = Key },
            "--stdio", "--log", log, "--log-level", "trace"))
        {
            await InitializeAndWaitReadyAsync(server, new
            {
                model = new { endpoint = standIn.BaseUrl.ToString(), endpointModel = OpenAiStandIn.ModelName, apiKeyVariable = "MY_R1_KEY" },
                reasoning = new { temperature = 0 },
                log = new { level = "trace" },
            });
            await UseEveryFeatureAsync(server);

            // The socket check sees a socket when there is one: look while a slow stream is open.
            standIn.TokenDelay = TimeSpan.FromMilliseconds(300);
            int before = standIn.Requests.Count;
            await server.SendAsync(Json(new
            {
                jsonrpc = "2.0",
                id = 6,
                method = "assistant/explain",
                @params = new { textDocument = new { uri = PyUri }, range = new { start = new { line = 0, character = 0 }, end = new { line = 1, character = 16 } } },
            }));
            var deadline = DateTime.UtcNow + Wait;
            while (standIn.Requests.Count == before && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            Assert.NotEmpty(InternetSockets(server.Process.Id));
            await server.ResponseAsync(6, Wait);
            standIn.TokenDelay = TimeSpan.Zero;

            // A refused key is reported (and logged) by the variable's name, never its value.
            standIn.Fault = async exchange =>
            {
                await exchange.RespondAsync(401, "{\"error\":{\"message\":\"bad key\"}}");
                return true;
            };
            await server.SendAsync(Json(new
            {
                jsonrpc = "2.0",
                id = 5,
                method = "assistant/explain",
                @params = new { textDocument = new { uri = PyUri }, range = new { start = new { line = 0, character = 0 }, end = new { line = 1, character = 16 } } },
            }));
            var refused = await server.ResponseAsync(5, Wait);
            Assert.Contains("MY_R1_KEY", (string?)refused["error"]!["message"], StringComparison.Ordinal);
            Assert.DoesNotContain(Key, refused.ToString(), StringComparison.Ordinal);
            await RequestAsync(server, 4, "shutdown", null);
            await server.SendAsync(Json(new { jsonrpc = "2.0", method = "exit" }));
            Assert.True(server.WaitForExit(Wait));
            Assert.DoesNotContain(Key, server.Stderr, StringComparison.Ordinal);
        }

        Assert.Contains(standIn.Requests, r => r.Path == "/v1/chat/completions");
        Assert.All(standIn.Requests, r => Assert.Equal("Bearer " + Key, r.Authorization));
        var logged = string.Empty;
        Assert.All(standIn.Requests, r => Assert.DoesNotContain(Key, r.Body?.ToString() ?? string.Empty, StringComparison.Ordinal));
        var written = Directory.GetFiles(Path.GetDirectoryName(log)!, Path.GetFileNameWithoutExtension(log) + "*");
        Assert.NotEmpty(written);
        foreach (var file in written)
        {
            var text = await File.ReadAllTextAsync(file);
            Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
            logged += text;
        }

        // The log did record the remote work and the refusal: the check above read a real log.
        Assert.Contains(standIn.BaseUrl.Authority, logged, StringComparison.Ordinal);
        Assert.Contains("refused the API key", logged, StringComparison.Ordinal);
    }
}
