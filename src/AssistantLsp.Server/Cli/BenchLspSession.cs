using System.Diagnostics;
using AssistantLsp.Protocol;
using AssistantLsp.Server.Hosting;
using Nerdbank.Streams;
using Newtonsoft.Json.Linq;
using Serilog;
using StreamJsonRpc;

namespace AssistantLsp.Server.Cli;

/// <summary>
/// The server in-process over a duplex stream with a client connection that answers the server's own
/// requests like a plain editor: what the completion benchmarks drive, over the real LSP transport.
/// </summary>
internal sealed class BenchLspSession : IAsyncDisposable
{
    private readonly Task _serverRun;

    private BenchLspSession(LanguageServerHost host, JsonRpc rpc, Task serverRun)
    {
        Host = host;
        Rpc = rpc;
        _serverRun = serverRun;
    }

    public LanguageServerHost Host { get; }

    public JsonRpc Rpc { get; }

    /// <summary>Starts the server on <paramref name="modelPath"/>, initializes it and waits until the model is ready.</summary>
    public static async Task<BenchLspSession> StartAsync(string modelPath, JObject? initializationOptions, CancellationToken cancellationToken)
    {
        var (serverStream, clientStream) = FullDuplexStream.CreatePair();
        var host = new LanguageServerHost(serverStream, serverStream, new ServerOptions { ModelPath = modelPath }, new LoggerConfiguration().CreateLogger());
        var serverRun = Task.Run(host.RunAsync, cancellationToken);
        var rpc = LspConnection.Create(clientStream, clientStream);
        rpc.AddLocalRpcMethod("assistant/statusChanged", new Action<JToken>(_ => { }));
        rpc.AddLocalRpcMethod("window/showMessage", new Action<JToken>(_ => { }));
        rpc.AddLocalRpcMethod("window/logMessage", new Action<JToken>(_ => { }));
        rpc.AddLocalRpcMethod("$/progress", new Action<JToken, JToken>((_, _) => { }));
        rpc.AddLocalRpcMethod("window/workDoneProgress/create", new Action<JToken>(_ => { }));
        rpc.AddLocalRpcMethod("workspace/configuration", new Func<JToken, JArray>(_ => new JArray(JValue.CreateNull())));
        rpc.StartListening();
        var session = new BenchLspSession(host, rpc, serverRun);
        await rpc.InvokeWithParameterObjectAsync<JToken>(
            "initialize", new { processId = Environment.ProcessId, capabilities = new { }, initializationOptions }, cancellationToken);
        await rpc.NotifyWithParameterObjectAsync("initialized", new { });
        await session.WaitReadyAsync(cancellationToken);
        return session;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Rpc.InvokeWithParameterObjectAsync<JToken>("shutdown", null);
            await Rpc.NotifyWithParameterObjectAsync("exit", null);
            await _serverRun.WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            Rpc.Dispose();
            Host.Dispose();
        }
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var status = await Rpc.InvokeWithParameterObjectAsync<JObject>("assistant/status", null, cancellationToken);
            switch ((string?)status["state"])
            {
                case "ready":
                    return;
                case "error" or "none":
                    throw new BenchFailedException($"the model did not load: {(string?)status["message"]}");
            }

            if (deadline.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new BenchFailedException("the model did not load within 5 minutes.");
            }

            await Task.Delay(20, cancellationToken);
        }
    }
}

/// <summary>A benchmark could not run; the message says why.</summary>
internal sealed class BenchFailedException(string message) : Exception(message);
