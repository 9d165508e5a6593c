using AssistantLsp.Server.Tests.TestSupport;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Tests.Hosting;

/// <summary>
/// Issue #15 item 1 on the real binary: responses to requests the server never sent (or already
/// had answered), sent while the model loads and while completions run, end nothing.
/// </summary>
public class StrayResponsesOverStdioTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static readonly string[] Strays =
    [
        """{"jsonrpc":"2.0","id":239875,"result":null}""",
        """{"jsonrpc":"2.0","id":"x-1","result":{"a":1}}""",
        """{"jsonrpc":"2.0","id":null,"result":null}""",
        """{"jsonrpc":"2.0","id":1,"error":{"code":-32603,"message":"late"}}""",
        """{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"x"}}""",
    ];

    [Fact]
    public async Task Stray_late_and_duplicate_responses_never_end_the_process()
    {
        using var server = ServerProcess.Start("--stdio", "--model", TestModels.WriteScripted("return a + b"), "--log", Path.Combine(TestTemp.Root, $"assistant-lsp-test-{Guid.NewGuid():N}.log"));
        await server.SendAsync("""{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"processId":null,"capabilities":{"window":{"workDoneProgress":true}}}}""");
        await server.ResponseAsync("init", Wait);
        await server.SendAsync("""{"jsonrpc":"2.0","method":"initialized","params":{}}""");

        // The model load asks for a progress token: answer it, then answer it again (late duplicate).
        var asked = 0;
        var status = 0;
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            Assert.True(DateTime.UtcNow < deadline, "the model did not load; stderr:\n" + server.Stderr);
            await server.SendAsync($$$"""{"jsonrpc":"2.0","id":"s{{{++status}}}","method":"assistant/status","params":{}}""");
            JObject message;
            do
            {
                message = await server.ReceiveAsync(Wait);
                if ((string?)message["method"] == "window/workDoneProgress/create")
                {
                    asked++;
                    var answer = new JObject { ["jsonrpc"] = "2.0", ["id"] = message["id"], ["result"] = null }.ToString(Formatting.None);
                    await server.SendAsync(answer);
                    await server.SendAsync(answer);
                }
            }
            while ((string?)message["id"] != $"s{status}" || message.ContainsKey("method"));

            if ((string?)message.SelectToken("result.state") == "ready")
            {
                break;
            }

            await Task.Delay(50);
        }

        await server.SendAsync("""{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///w/a.py","languageId":"python","version":1,"text":"def add(a, b):\n    \n"}}}""");
        for (var round = 0; round < 10; round++)
        {
            await server.SendAsync($$$$"""{"jsonrpc":"2.0","id":"c{{{{round}}}}","method":"textDocument/completion","params":{"textDocument":{"uri":"file:///w/a.py"},"position":{"line":1,"character":4}}}""");
            foreach (var stray in Strays)
            {
                await server.SendAsync(stray); // while the completion runs
            }

            var completion = await server.ResponseAsync($"c{round}", Wait);
            Assert.True(completion.ContainsKey("result"), completion.ToString());
        }

        Assert.True(asked >= 1, "the server never asked for a progress token");
        await server.SendAsync("""{"jsonrpc":"2.0","id":"end","method":"shutdown"}""");
        await server.ResponseAsync("end", Wait);
        await server.SendAsync("""{"jsonrpc":"2.0","method":"exit"}""");
        Assert.True(server.WaitForExit(Wait), "server did not exit");
        Assert.Equal(0, server.Process.ExitCode);
    }
}
