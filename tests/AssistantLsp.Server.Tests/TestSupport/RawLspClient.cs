using System.Text;
using System.Threading.Channels;
using AssistantLsp.Server.Dispatch;
using AssistantLsp.Server.Hosting;
using Nerdbank.Streams;
using Newtonsoft.Json.Linq;
using Serilog;

namespace AssistantLsp.Server.Tests.TestSupport;

/// <summary>
/// Talks to an in-process server byte by byte, with no JSON-RPC library on the client side, so
/// tests can send malformed frames and read exactly what comes back on the wire.
/// </summary>
public sealed class RawLspClient : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly Channel<JObject> _incoming = Channel.CreateUnbounded<JObject>();
    private readonly CancellationTokenSource _timeout = new(LspTestClient.Timeout);
    private readonly Task _reader;

    public RawLspClient(IEnumerable<ILspHandler>? extraHandlers = null)
    {
        var (clientStream, serverStream) = FullDuplexStream.CreatePair();
        _stream = clientStream;
        Host = new LanguageServerHost(serverStream, serverStream, new ServerOptions(), new LoggerConfiguration().CreateLogger(), extraHandlers ?? []);
        ServerRun = Task.Run(Host.RunAsync);
        _reader = Task.Run(ReadLoopAsync);
    }

    public LanguageServerHost Host { get; }

    public Task<int> ServerRun { get; }

    public Task SendAsync(string json) => SendBytesAsync(LspTestClient.Frame(json));

    public Task SendBytesAsync(string raw) => SendRawAsync(Encoding.UTF8.GetBytes(raw));

    public async Task SendRawAsync(byte[] raw)
    {
        await _stream.WriteAsync(raw, _timeout.Token);
        await _stream.FlushAsync(_timeout.Token);
    }

    public async Task InitializeAsync()
    {
        await SendAsync("""{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"capabilities":{}}}""");
        await ResponseAsync("init");
        await SendAsync("""{"jsonrpc":"2.0","method":"initialized","params":{}}""");
    }

    /// <summary>The next response with this id (notifications and other responses are skipped and kept out).</summary>
    public async Task<JObject> ResponseAsync(JToken id)
    {
        while (true)
        {
            var message = await _incoming.Reader.ReadAsync(_timeout.Token);
            if (message.TryGetValue("id", out var got) && JToken.DeepEquals(got, id) && !message.ContainsKey("method"))
            {
                return message;
            }
        }
    }

    /// <summary>The next message that matches (others are skipped and kept out).</summary>
    public async Task<JObject> MessageAsync(Func<JObject, bool> match)
    {
        while (true)
        {
            var message = await _incoming.Reader.ReadAsync(_timeout.Token);
            if (match(message))
            {
                return message;
            }
        }
    }

    /// <summary>The next message that is an error response with a null id (the answer to an unparseable message).</summary>
    public async Task<JObject> NullIdErrorAsync()
    {
        while (true)
        {
            var message = await _incoming.Reader.ReadAsync(_timeout.Token);
            if (message["id"]?.Type == JTokenType.Null && message.ContainsKey("error"))
            {
                return message;
            }
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new List<byte>();
        var chunk = new byte[8192];
        try
        {
            while (true)
            {
                var n = await _stream.ReadAsync(chunk, _timeout.Token);
                if (n == 0)
                {
                    break;
                }

                buffer.AddRange(chunk.AsSpan(0, n).ToArray());
                while (LspFrames.TryTake(buffer, out var json))
                {
                    await _incoming.Writer.WriteAsync(JObject.Parse(json));
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or ObjectDisposedException)
        {
            // Disposed while reading: the test is over.
        }
        finally
        {
            _incoming.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _timeout.CancelAsync();
        _stream.Dispose();
        try
        {
            await _reader;
            await ServerRun.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
        }

        Host.Dispose();
        _timeout.Dispose();
    }
}
