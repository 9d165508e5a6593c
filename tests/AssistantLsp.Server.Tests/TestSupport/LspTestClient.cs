using System.Collections.Concurrent;
using System.Text;
using AssistantLsp.Protocol;
using AssistantLsp.Server.Dispatch;
using AssistantLsp.Server.Hosting;
using Nerdbank.Streams;
using Newtonsoft.Json.Linq;
using Serilog;
using StreamJsonRpc;

namespace AssistantLsp.Server.Tests.TestSupport;

/// <summary>
/// An in-process server over a full-duplex stream, and a client JsonRpc talking to it, as an
/// editor would. Records what the server sends to the client; answers workspace/configuration
/// with <see cref="ConfigurationSection"/>.
/// </summary>
public sealed class LspTestClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly Stream _clientStream;
    private readonly CancellationTokenSource _timeout = new(Timeout);

    private LspTestClient(ServerOptions? options, IEnumerable<ILspHandler>? extraHandlers)
    {
        var (clientStream, serverStream) = FullDuplexStream.CreatePair();
        _clientStream = clientStream;
        Host = new LanguageServerHost(serverStream, serverStream, options ?? new ServerOptions(), new LoggerConfiguration().CreateLogger(), extraHandlers ?? []);
        ServerRun = Task.Run(Host.RunAsync);
        Rpc = LspConnection.Create(clientStream, clientStream);

        // One notification at a time, in arrival order, so tests can check the order the server sent them in.
        Rpc.SynchronizationContext = new Microsoft.VisualStudio.Threading.NonConcurrentSynchronizationContext(sticky: false);
        Rpc.AddLocalRpcMethod("window/showMessage", new Action<JToken>(p => Messages.Enqueue(p)));
        Rpc.AddLocalRpcMethod("window/logMessage", new Action<JToken>(p => LogMessages.Enqueue(p)));
        Rpc.AddLocalRpcMethod("$/progress", new Action<JToken, JToken>((token, value) => Progress.Enqueue((token, value))));
        Rpc.AddLocalRpcMethod("assistant/statusChanged", new Action<JToken>(p => StatusChanges.Enqueue(p)));
        Rpc.AddLocalRpcMethod("workspace/configuration", new Func<JToken, CancellationToken, Task<JArray>>(async (_, ct) =>
        {
            if (ConfigurationNeverAnswers)
            {
                await Task.Delay(Timeout, ct); // a client that never answers the pull
            }

            return new JArray(ConfigurationSection ?? JValue.CreateNull());
        }));
        Rpc.AddLocalRpcMethod("window/workDoneProgress/create", new Action<JToken>(_ => { }));
        Rpc.StartListening();
    }

    public LanguageServerHost Host { get; }

    public Task<int> ServerRun { get; }

    public JsonRpc Rpc { get; }

    public CancellationToken TimeoutToken => _timeout.Token;

    public ConcurrentQueue<JToken> Messages { get; } = new();

    public ConcurrentQueue<JToken> LogMessages { get; } = new();

    public ConcurrentQueue<(JToken Token, JToken Value)> Progress { get; } = new();

    public ConcurrentQueue<JToken> StatusChanges { get; } = new();

    public JToken? ConfigurationSection { get; set; }

    public bool ConfigurationNeverAnswers { get; set; }

    public static LspTestClient Start(ServerOptions? options = null, IEnumerable<ILspHandler>? extraHandlers = null) => new(options, extraHandlers);

    public static async Task<LspTestClient> StartInitializedAsync(
        object? initializationOptions = null, object? capabilities = null, ServerOptions? options = null, IEnumerable<ILspHandler>? extraHandlers = null)
    {
        var client = Start(options, extraHandlers);
        await client.InitializeAsync(initializationOptions, capabilities);
        return client;
    }

    public async Task<JObject> InitializeAsync(object? initializationOptions = null, object? capabilities = null)
    {
        var result = await RequestAsync<JObject>("initialize", new
        {
            processId = Environment.ProcessId,
            rootUri = "file:///workspace",
            capabilities = capabilities ?? new { },
            initializationOptions,
        });
        await NotifyAsync("initialized", new { });
        return result;
    }

    /// <summary>A request cancelled by <paramref name="cancellationToken"/> or the client's timeout (the linked source lives until it ends).</summary>
    public async Task<T> RequestAsync<T>(string method, object? parameters, CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _timeout.Token);
        return await Rpc.InvokeWithParameterObjectAsync<T>(method, parameters, linked.Token);
    }

    public Task NotifyAsync(string method, object? parameters) => Rpc.NotifyWithParameterObjectAsync(method, parameters);

    public Task OpenAsync(string uri, string text, string languageId = "csharp", int version = 1) =>
        NotifyAsync("textDocument/didOpen", new { textDocument = new { uri, languageId, version, text } });

    public Task ChangeAsync(string uri, int version, params object[] contentChanges) =>
        NotifyAsync("textDocument/didChange", new { textDocument = new { uri, version }, contentChanges });

    /// <summary>Writes raw bytes to the server, bypassing the client's framing (for bad-input tests).</summary>
    public async Task SendRawAsync(string raw)
    {
        var bytes = Encoding.UTF8.GetBytes(raw);
        await _clientStream.WriteAsync(bytes, _timeout.Token);
        await _clientStream.FlushAsync(_timeout.Token);
    }

    public static string Frame(string json) => $"Content-Length: {Encoding.UTF8.GetByteCount(json)}\r\n\r\n{json}";

    /// <summary>Polls until <paramref name="condition"/> holds (for notifications the server sends on its own).</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        while (!condition())
        {
            if (_timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"Timed out waiting for {what}");
            }

            await Task.Delay(10);
        }
    }

    public async Task<int> ShutdownAndExitAsync()
    {
        await RequestAsync<JToken>("shutdown", null);
        await NotifyAsync("exit", null);
        return await ServerRun.WaitAsync(Timeout);
    }

    public async ValueTask DisposeAsync()
    {
        Rpc.Dispose();
        _clientStream.Dispose();
        try
        {
            await ServerRun.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
        }

        Host.Dispose();
        _timeout.Dispose();
    }
}
