using System.Diagnostics;
using AssistantLsp.Protocol;
using AssistantLsp.Server.Tests.TestSupport;

namespace AssistantLsp.Server.Tests.Hosting;

/// <summary>The real binary over its real stdio, as an editor runs it.</summary>
public class ServerProcessTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static ServerProcess StartServer() =>
        ServerProcess.Start("--stdio", "--log", Path.Combine(TestTemp.Root, $"assistant-lsp-test-{Guid.NewGuid():N}.log"));

    [Fact]
    public async Task Whole_session_over_stdio_ends_with_exit_code_zero()
    {
        using var server = StartServer();
        await server.SendAsync("""{"jsonrpc":"2.0","id":0,"method":"shutdown"}""");
        Assert.Equal(LspErrorCodes.ServerNotInitialized, (int?)(await server.ResponseAsync(0, Wait)).SelectToken("error.code"));

        await server.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"capabilities":{}}}""");
        var init = await server.ResponseAsync(1, Wait);
        Assert.Equal("assistant-lsp", (string?)init.SelectToken("result.serverInfo.name"));
        Assert.Equal("utf-16", (string?)init.SelectToken("result.capabilities.positionEncoding"));
        await server.SendAsync("""{"jsonrpc":"2.0","method":"initialized","params":{}}""");
        await server.SendAsync("""{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///a.py","languageId":"python","version":1,"text":"x = 1\n"}}}""");
        await server.SendAsync("""{"jsonrpc":"2.0","id":2,"method":"no/such","params":{}}""");
        Assert.Equal(LspErrorCodes.MethodNotFound, (int?)(await server.ResponseAsync(2, Wait)).SelectToken("error.code"));
        await server.SendAsync("""{"jsonrpc":"2.0","id":3,"method":"shutdown"}""");
        var shutdown = await server.ResponseAsync(3, Wait);
        Assert.True(shutdown.ContainsKey("result"));
        await server.SendAsync("""{"jsonrpc":"2.0","id":4,"method":"shutdown"}""");
        Assert.Equal(LspErrorCodes.InvalidRequest, (int?)(await server.ResponseAsync(4, Wait)).SelectToken("error.code"));
        await server.SendAsync("""{"jsonrpc":"2.0","method":"exit"}""");
        Assert.True(server.WaitForExit(Wait), "server did not exit");
        Assert.Equal(0, server.Process.ExitCode);
    }

    [Fact]
    public async Task Exit_without_shutdown_gives_code_one()
    {
        using var server = StartServer();
        await server.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}""");
        await server.ResponseAsync(1, Wait);
        await server.SendAsync("""{"jsonrpc":"2.0","method":"exit"}""");
        Assert.True(server.WaitForExit(Wait));
        Assert.Equal(1, server.Process.ExitCode);
    }

    [Fact]
    public async Task End_of_stdin_exits_within_a_second()
    {
        using var server = StartServer();
        await server.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}""");
        await server.ResponseAsync(1, Wait);
        var clock = Stopwatch.StartNew();
        server.CloseInput();
        Assert.True(server.WaitForExit(Wait));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
        Assert.Equal(1, server.Process.ExitCode);
    }

    [Fact]
    public async Task Garbage_on_stdin_gets_a_parse_error_and_the_session_goes_on()
    {
        using var server = StartServer();
        await server.SendAsync("{ this is not json");
        var error = await server.ReceiveAsync(Wait);
        Assert.Equal(LspErrorCodes.ParseError, (int?)error.SelectToken("error.code"));
        await server.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}""");
        Assert.Equal("assistant-lsp", (string?)(await server.ResponseAsync(1, Wait)).SelectToken("result.serverInfo.name"));
    }

    [Fact]
    public void Bad_usage_exits_with_two_and_a_message_on_stderr()
    {
        var (code, stdout, stderr) = ServerProcess.RunToEnd("--no-such-flag");
        Assert.Equal(2, code);
        Assert.Contains("--no-such-flag", stderr, StringComparison.Ordinal);
        Assert.Equal("", stdout);
    }

    [Fact]
    public void Help_and_version_print_and_exit_zero()
    {
        var help = ServerProcess.RunToEnd("--help");
        Assert.Equal(0, help.Code);
        Assert.Contains("--model", help.Stdout, StringComparison.Ordinal);
        var version = ServerProcess.RunToEnd("--version");
        Assert.Equal(0, version.Code);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Stdout.Trim());
    }

    [Fact]
    public async Task Log_file_is_written_and_nothing_but_protocol_reaches_stdout()
    {
        var log = Path.Combine(TestTemp.Root, $"assistant-lsp-test-{Guid.NewGuid():N}.log");
        using (var server = ServerProcess.Start("--log", log, "--log-level", "debug"))
        {
            await server.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}""");
            var first = await server.ResponseAsync(1, Wait); // ReceiveAsync would throw on any non-frame bytes first
            Assert.NotNull(first["result"]);
            await server.SendAsync("""{"jsonrpc":"2.0","method":"exit"}""");
            Assert.True(server.WaitForExit(Wait));
            Assert.Contains("starting", server.Stderr, StringComparison.Ordinal);
        }

        var written = Directory.GetFiles(Path.GetDirectoryName(log)!, Path.GetFileNameWithoutExtension(log) + "*");
        Assert.NotEmpty(written);
        using var reader = new StreamReader(new FileStream(written[0], FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        Assert.Contains("starting", await reader.ReadToEndAsync(), StringComparison.Ordinal);
    }
}
