using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace AssistantLsp.Inference.Remote;

/// <summary>
/// The HTTP side of the remote engine: one <see cref="HttpClient"/> with connect and response
/// timeouts, the API key as a Bearer header on each request (and nowhere else), and every failure
/// turned into a <see cref="RemoteEngineException"/> naming the endpoint and the fix.
/// </summary>
internal sealed class RemoteHttp : IDisposable
{
    private readonly HttpClient _client;
    private readonly string? _apiKey;

    public RemoteHttp(RemoteEndpoint endpoint, RemoteEngineOptions options)
    {
        Endpoint = endpoint;
        Options = options;
        _apiKey = endpoint.ReadApiKey();
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            AutomaticDecompression = System.Net.DecompressionMethods.None,

            // A stream left early (stop, cancel) must close the connection, not be drained for reuse:
            // the closed socket is what tells the server to stop generating.
            MaxResponseDrainSize = 0,
            ResponseDrainTimeout = TimeSpan.Zero,
        };

        // Per-request timeouts are applied with tokens (a stream may legitimately run for minutes).
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public RemoteEndpoint Endpoint { get; }

    public RemoteEngineOptions Options { get; }

    /// <summary>A JSON GET or POST answered in full within the probe timeout.</summary>
    public async Task<(JsonNode? Body, TimeSpan Latency)> SendForJsonAsync(HttpMethod method, Uri url, JsonObject? body, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.ProbeTimeout);
        var clock = Stopwatch.StartNew();
        using var response = await SendAsync(method, url, body, timeout.Token, cancellationToken);
        var text = await ReadBodyAsync(response, timeout.Token, cancellationToken);
        var latency = clock.Elapsed;
        if (!response.IsSuccessStatusCode)
        {
            throw RemoteEngineException.FromResponse(response.StatusCode, text, response.Headers.RetryAfter, Endpoint);
        }

        try
        {
            return (JsonNode.Parse(text), latency);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new RemoteEngineException(RemoteFailureKind.Malformed, $"The server at {Endpoint.BaseUrl} answered {url.AbsolutePath} with something that is not JSON; is model.endpoint an OpenAI-compatible server?", inner: ex);
        }
    }

    /// <summary>
    /// Sends a streaming request and returns once the headers arrived (a success status, else the
    /// mapped failure). The caller owns the response: disposing it aborts the stream, which the
    /// servers take as a cancelled request.
    /// </summary>
    public async Task<HttpResponseMessage> StartStreamAsync(Uri url, JsonObject body, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.ResponseTimeout);
        var response = await SendAsync(HttpMethod.Post, url, body, timeout.Token, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var text = await ReadBodyAsync(response, timeout.Token, cancellationToken);
            throw RemoteEngineException.FromResponse(response.StatusCode, text, response.Headers.RetryAfter, Endpoint);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, JsonObject? body, CancellationToken timeout, CancellationToken caller)
    {
        using var request = new HttpRequestMessage(method, url);
        if (_apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(body is null ? "application/json" : "text/event-stream"));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        try
        {
            return await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout);
        }
        catch (HttpRequestException ex) when (!caller.IsCancellationRequested)
        {
            throw RemoteEngineException.FromTransport(ex, Endpoint);
        }
        catch (HttpRequestException ex)
        {
            throw new OperationCanceledException("The request was cancelled.", ex, caller);
        }
        catch (OperationCanceledException ex) when (!caller.IsCancellationRequested)
        {
            throw new RemoteEngineException(
                RemoteFailureKind.Timeout,
                $"The server at {Endpoint.BaseUrl} did not answer {url.AbsolutePath} in time. Is it overloaded, or is model.endpoint pointing at the wrong port?",
                inner: ex);
        }
    }

    private async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken timeout, CancellationToken caller)
    {
        try
        {
            return await response.Content.ReadAsStringAsync(timeout);
        }
        catch (HttpRequestException ex)
        {
            throw RemoteEngineException.FromTransport(ex, Endpoint);
        }
        catch (OperationCanceledException ex) when (!caller.IsCancellationRequested)
        {
            throw new RemoteEngineException(RemoteFailureKind.Timeout, $"The server at {Endpoint.BaseUrl} did not finish its answer in time.", inner: ex);
        }
    }

    public Uri Route(string relative) => new(Endpoint.BaseUrl, relative);

    public Uri RootRoute(string relative) => new(Endpoint.ServerRoot, relative);

    public void Dispose() => _client.Dispose();
}
