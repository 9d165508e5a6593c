using AssistantLsp.Server.Tests.TestSupport;

namespace AssistantLsp.Server.Tests.Hosting;

/// <summary>
/// shutdown + exit while the ONNX model is still loading (issue 15, item 9): the process must wait
/// for the load and free the model itself, never leave while native code is building it. Many
/// runs, each ending at a different point of the load, over the real binary.
/// </summary>
public class ShutdownDuringLoadTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Shutdown_and_exit_at_any_point_of_a_model_load_exit_with_code_zero()
    {
        var model = TestModels.Random.Directory;
        var codes = new List<string>();
        for (var run = 0; run < 24; run++)
        {
            using var server = ServerProcess.Start("--stdio", "--model", model, "--log", Path.Combine(TestTemp.Root, $"assistant-lsp-test-{Guid.NewGuid():N}.log"));
            await server.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"capabilities":{}}}""");
            await server.SendAsync("""{"jsonrpc":"2.0","method":"initialized","params":{}}""");

            // From at once to well into the load (a tiny model loads in tens of milliseconds).
            await Task.Delay(run % 8 * 15);
            await server.SendAsync("""{"jsonrpc":"2.0","id":2,"method":"shutdown"}""");
            await server.SendAsync("""{"jsonrpc":"2.0","method":"exit"}""");

            var exited = server.WaitForExit(Wait);
            codes.Add(exited ? server.Process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "hang");
        }

        Assert.All(codes, code => Assert.Equal("0", code));
    }
}
