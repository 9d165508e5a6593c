using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace AssistantLsp.Tests.Remote;

/// <summary>
/// One HTTP/1.1 exchange of <see cref="StandInHttpServer"/>: the request, and a response that is
/// either whole (<see cref="RespondAsync"/>) or streamed until the connection closes
/// (<see cref="StartStreamAsync"/> + <see cref="WriteAsync"/>). <see cref="Aborted"/> fires when the
/// client closes the connection, as a server sees a cancelled request.
/// </summary>
public sealed class StandInExchange(string method, string path, IReadOnlyDictionary<string, string> headers, string body, Stream stream, CancellationToken aborted)
{
    private bool _started;

    public string Method { get; } = method;

    public string Path { get; } = path;

    public IReadOnlyDictionary<string, string> Headers { get; } = headers;

    public string Body { get; } = body;

    public CancellationToken Aborted { get; } = aborted;

    public string? Authorization => Headers.TryGetValue("authorization", out var value) ? value : null;

    public async Task RespondAsync(int status, string body, string contentType = "application/json", IReadOnlyDictionary<string, string>? headers = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = new StringBuilder($"HTTP/1.1 {status} {Reason(status)}\r\nContent-Type: {contentType}\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        head.Append("\r\n");
        _started = true;
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), Aborted);
        await stream.WriteAsync(bytes, Aborted);
        await stream.FlushAsync(Aborted);
    }

    /// <summary>Sends 200 with <c>text/event-stream</c>; the body ends when the connection closes.</summary>
    public async Task StartStreamAsync()
    {
        _started = true;
        await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n"), Aborted);
        await stream.FlushAsync(Aborted);
    }

    public async Task WriteAsync(string text)
    {
        if (!_started)
        {
            await StartStreamAsync();
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(text), Aborted);
        await stream.FlushAsync(Aborted);
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
}

/// <summary>
/// A small HTTP/1.1 server on 127.0.0.1 for the remote engine's tests: one request per connection
/// (<c>Connection: close</c>), optional TLS with a given certificate, and a per-exchange token that
/// fires when the client hangs up. Hand-written rather than Kestrel so the server tests' output
/// folder keeps the server binary's own dependencies (the ASP.NET shared framework would replace them).
/// </summary>
public sealed class StandInHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<StandInExchange, Task> _handle;
    private readonly X509Certificate2? _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public StandInHttpServer(int port, X509Certificate2? certificate, Func<StandInExchange, Task> handle)
    {
        _handle = handle;
        _certificate = certificate;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                Stream stream = client.GetStream();
                if (_certificate is not null)
                {
                    var tls = new SslStream(stream);
                    await tls.AuthenticateAsServerAsync(_certificate);
                    stream = tls;
                }

                await using (stream)
                {
                    var (method, path, headers, body) = await ReadRequestAsync(stream);
                    using var aborted = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);

                    // The client sends nothing after its request: a read that ends means it hung up.
                    _ = Task.Run(async () =>
                    {
                        try
                        {
                            var probe = new byte[1];
                            while (await stream.ReadAsync(probe, aborted.Token) > 0)
                            {
                            }
                        }
                        catch (Exception)
                        {
                            // Closed or reset: the same news.
                        }

                        try
                        {
                            await aborted.CancelAsync();
                        }
                        catch (ObjectDisposedException)
                        {
                        }
                    });
                    await _handle(new StandInExchange(method, path, headers, body, stream, aborted.Token));
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException or SocketException or ObjectDisposedException)
            {
                // The client went away or refused our certificate.
            }
        }
    }

    private static async Task<(string Method, string Path, Dictionary<string, string> Headers, string Body)> ReadRequestAsync(Stream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                throw new IOException("connection closed before the request ended");
            }

            head.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString([.. head]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var start = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }

        var body = new byte[headers.TryGetValue("content-length", out var length) ? int.Parse(length, System.Globalization.CultureInfo.InvariantCulture) : 0];
        await stream.ReadExactlyAsync(body);
        var path = start[1];
        int query = path.IndexOf('?', StringComparison.Ordinal);
        return (start[0], query < 0 ? path : path[..query], headers, Encoding.UTF8.GetString(body));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
