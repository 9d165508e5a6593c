namespace AssistantLsp.Inference.Remote;

/// <summary>Timeouts and backoff of the remote engine (defaults suit a server on the network; tests shorten them).</summary>
public sealed record RemoteEngineOptions
{
    /// <summary>Opening a TCP (and TLS) connection.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>From sending a request to the response headers (a long prompt's prefill on a busy server is inside this).</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest gap between two streamed events before the stream counts as stalled.</summary>
    public TimeSpan IdleStreamTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Quick requests (model list, tokenize probes).</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The longest a prompt budget's token count waits for the server's <c>/tokenize</c> (and all
    /// counts together per second) before using the character estimate: typing never stalls on it.
    /// </summary>
    public TimeSpan TokenizeWait { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>First wait before retrying an unhealthy server; doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Assumed context (server tokens) when the server does not report <c>max_model_len</c>.</summary>
    public int DefaultContextTokens { get; init; } = 8192;
}
