using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.OnnxGenAi;
using AssistantLsp.Inference.Reasoning;
using AssistantLsp.Inference.Remote;
using AssistantLsp.ModelWriting;
using AssistantLsp.Tests.Remote;

namespace AssistantLsp.Inference.Tests.Remote;

/// <summary>Each way a remote server fails gives a clear error naming the endpoint and the fix; nothing hangs; health recovers.</summary>
public sealed class RemoteFailureTests : IDisposable
{
    private static readonly RemoteEngineOptions Quick = new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(2),
        ResponseTimeout = TimeSpan.FromSeconds(5),
        IdleStreamTimeout = TimeSpan.FromMilliseconds(500),
        ProbeTimeout = TimeSpan.FromSeconds(3),
        InitialBackoff = TimeSpan.FromMilliseconds(100),
        MaxBackoff = TimeSpan.FromMilliseconds(400),
    };

    private static readonly ReasoningRequest Question = new("Q", new ReasoningOptions { Temperature = 0, MaxThinkingTokens = 50, MaxAnswerTokens = 20 });

    private readonly OnnxGenAiEngine _local = TestModels.Load(TestModels.Write(TestModelSpec.Scripted("Hmm.\n</think>\n\nSum."), "scripted"));

    public void Dispose() => _local.Dispose();

    private static RemoteEndpoint EndpointAt(Uri url, string? model = OpenAiStandIn.ModelName)
    {
        Assert.True(RemoteEndpoint.TryParseBaseUrl(url.ToString(), out var parsed, out _));
        return new RemoteEndpoint(parsed!, model, "ASSISTANT_LSP_TEST_UNSET_KEY");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Serves normally except the streaming routes, which <paramref name="respond"/> answers.</summary>
    private async Task<OpenAiStandIn> FailingStreamsAsync(Func<StandInExchange, Task> respond)
    {
        var standIn = await OpenAiStandIn.StartAsync(_local, OpenAiDialect.ReasoningContent);
        standIn.Fault = async exchange =>
        {
            if (!exchange.Path.EndsWith("completions", StringComparison.Ordinal))
            {
                return false;
            }

            await respond(exchange);
            return true;
        };
        return standIn;
    }

    private static Task<RemoteEngineException> FailsAsync(RemoteEngine remote) =>
        Assert.ThrowsAsync<RemoteEngineException>(() => EngineReasoningRun.RunAsync(remote, Question, null, CancellationToken.None));

    [Fact]
    public async Task Refused_connection_is_an_error_naming_the_endpoint_and_recovers_when_the_server_comes_up()
    {
        int port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}/v1");
        using var remote = RemoteEngine.Connect(EndpointAt(url), Quick, CancellationToken.None);
        Assert.NotNull(remote.Problem);
        Assert.Contains($"127.0.0.1:{port}/v1", remote.Problem, StringComparison.Ordinal);
        Assert.Contains("Is it running", remote.Problem, StringComparison.Ordinal);
        var failure = await FailsAsync(remote);
        Assert.Equal(RemoteFailureKind.Unreachable, failure.Kind);
        var changes = 0;
        remote.HealthChanged += () => Interlocked.Increment(ref changes);

        await using var standIn = await OpenAiStandIn.StartAsync(_local, OpenAiDialect.ReasoningContent, port: port);
        await RemoteEngineTests.WaitUntilAsync(() => remote.Problem is null, "the background probe to find the server");
        Assert.True(Volatile.Read(ref changes) > 0);
        Assert.Contains("latency", remote.Summary, StringComparison.Ordinal);
        var result = await EngineReasoningRun.RunAsync(remote, Question, null, CancellationToken.None);
        Assert.Equal("Sum.", result.Answer);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task Refused_key_names_the_variable_to_set(int status)
    {
        await using var standIn = await OpenAiStandIn.StartAsync(_local, OpenAiDialect.ReasoningContent);
        standIn.Fault = async exchange =>
        {
            await exchange.RespondAsync(status, "{\"error\":{\"message\":\"invalid api key\"}}");
            return true;
        };

        var failure = Assert.Throws<RemoteEngineException>(() => RemoteEngine.Connect(EndpointAt(standIn.BaseUrl), Quick, CancellationToken.None));

        Assert.Equal(RemoteFailureKind.Unauthorized, failure.Kind);
        Assert.Contains("ASSISTANT_LSP_TEST_UNSET_KEY", failure.Message, StringComparison.Ordinal);
        Assert.Contains(standIn.BaseUrl.Authority, failure.Message, StringComparison.Ordinal);
        Assert.Contains("invalid api key", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_model_lists_what_the_server_serves()
    {
        await using var standIn = await OpenAiStandIn.StartAsync(_local, OpenAiDialect.ReasoningContent);

        var failure = Assert.Throws<RemoteEngineException>(() => RemoteEngine.Connect(EndpointAt(standIn.BaseUrl, "deepseek-r1-671b"), Quick, CancellationToken.None));

        Assert.Equal(RemoteFailureKind.ModelNotFound, failure.Kind);
        Assert.Contains("model.endpointModel", failure.Message, StringComparison.Ordinal);
        Assert.Contains(OpenAiStandIn.ModelName, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_gone_at_generation_time_is_a_404_naming_the_setting()
    {
        await using var standIn = await FailingStreamsAsync(e => e.RespondAsync(404, "{\"error\":{\"message\":\"The model does not exist.\"}}"));
        using var remote = RemoteEngine.Connect(EndpointAt(standIn.BaseUrl), Quick, CancellationToken.None);

        var failure = await FailsAsync(remote);

        Assert.Equal(RemoteFailureKind.ModelNotFound, failure.Kind);
        Assert.Contains("model.endpointModel", failure.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_limit_waits_the_servers_retry_after_without_sending_meanwhile()
    {
        int limited = 1;
        await using var standIn = await OpenAiStandIn.StartAsync(_local, OpenAiDialect.ReasoningContent);
        standIn.Fault = async exchange =>
        {
            if (!exchange.Path.EndsWith("completions", StringComparison.Ordinal) || Interlocked.Exchange(ref limited, 0) == 0)
            {
                return false;
            }

            await exchange.RespondAsync(429, "{\"error\":{\"message\":\"slow down\"}}", headers: new Dictionary<string, string> { ["Retry-After"] = "1" });
            return true;
        };
        using var remote = RemoteEngine.Connect(EndpointAt(standIn.BaseUrl), Quick with { MaxBackoff = TimeSpan.FromSeconds(5) }, CancellationToken.None);

        var failure = await FailsAsync(remote);
        Assert.Equal(RemoteFailureKind.RateLimited, failure.Kind);
        Assert.Equal(TimeSpan.FromSeconds(1), failure.RetryAfter);
        Assert.Contains("429", failure.Message, StringComparison.Ordinal);
        Assert.NotNull(remote.Problem);

        // Inside the server's wait: refused here, nothing sent.
        int sent = standIn.Requests.Count(r => r.Path == "/v1/chat/completions");
        var early = await FailsAsync(remote);
        Assert.Contains("next try in", early.Message, StringComparison.Ordinal);
        Assert.Equal(sent, standIn.Requests.Count(r => r.Path == "/v1/chat/completions"));

        await RemoteEngineTests.WaitUntilAsync(() => remote.Problem is null, "the wait to pass and the probe to succeed");
        Assert.Equal("Sum.", (await EngineReasoningRun.RunAsync(remote, Question, null, CancellationToken.None)).Answer);
    }

    [Fact]
    public async Task Server_error_carries_the_servers_message_and_backs_off()
    {
        await using var standIn = await FailingStreamsAsync(e => e.RespondAsync(503, "{\"error\":{\"message\":\"engine overloaded\"}}"));
        using var remote = RemoteEngine.Connect(EndpointAt(standIn.BaseUrl), Quick, CancellationToken.None);

        var failure = await FailsAsync(remote);

        Assert.Equal(RemoteFailureKind.ServerError, failure.Kind);
        Assert.Contains("(503)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("engine overloaded", failure.Message, StringComparison.Ordinal);
        Assert.Equal(failure.Message, remote.Problem);
    }

    [Fact]
    public async Task Stalled_stream_ends_at_the_idle_timeout_with_a_clear_error()
    {
        await using var standIn = await FailingStreamsAsync(async e =>
        {
            await e.WriteAsync("data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"Hm\"}}]}\n\n");
            await Task.Delay(TimeSpan.FromSeconds(20), e.Aborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        using var remote = RemoteEngine.Connect(EndpointAt(standIn.BaseUrl), Quick, CancellationToken.None);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var failure = await FailsAsync(remote);

        Assert.Equal(RemoteFailureKind.Stalled, failure.Kind);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), clock.Elapsed.ToString());
        Assert.Contains("stopped streaming", failure.Message, StringComparison.Ordinal);
        Assert.Contains(standIn.BaseUrl.Authority, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("data: {\"choices\": [\n\n")]
    [InlineData("data: [1, 2]\n\n")]
    [InlineData("data: {\"error\": {\"message\": \"CUDA out of memory\"}}\n\n")]
    public async Task Malformed_or_error_chunks_fail_the_request_clearly(string stream)
    {
        await using var standIn = await FailingStreamsAsync(e => e.WriteAsync("data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"Hm\"}}]}\n\n" + stream));
        using var remote = RemoteEngine.Connect(EndpointAt(standIn.BaseUrl), Quick, CancellationToken.None);

        var failure = await FailsAsync(remote);

        Assert.Contains(standIn.BaseUrl.Authority, failure.Message, StringComparison.Ordinal);
        Assert.True(failure.Kind is RemoteFailureKind.Malformed or RemoteFailureKind.ServerError, failure.Kind.ToString());
        if (stream.Contains("CUDA", StringComparison.Ordinal))
        {
            Assert.Contains("CUDA out of memory", failure.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Untrusted_certificate_is_a_tls_error_with_the_fix()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=gpu-box", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var exportable = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
        await using var standIn = await OpenAiStandIn.StartAsync(_local, OpenAiDialect.ReasoningContent, certificate: exportable);
        Assert.Equal("https", standIn.BaseUrl.Scheme);

        var failure = Assert.Throws<RemoteEngineException>(() => RemoteEngine.Connect(EndpointAt(standIn.BaseUrl), Quick, CancellationToken.None));

        Assert.Equal(RemoteFailureKind.Tls, failure.Kind);
        Assert.Contains("certificate", failure.Message, StringComparison.Ordinal);
        Assert.Empty(standIn.Requests); // nothing (no key, no prompt) crossed an untrusted connection
    }

    [Fact]
    public async Task Not_an_openai_server_says_so()
    {
        await using var standIn = await OpenAiStandIn.StartAsync(_local, OpenAiDialect.ReasoningContent);
        standIn.Fault = async exchange =>
        {
            await exchange.RespondAsync(200, "<html>router login</html>", "text/html");
            return true;
        };

        var failure = Assert.Throws<RemoteEngineException>(() => RemoteEngine.Connect(EndpointAt(standIn.BaseUrl), Quick, CancellationToken.None));

        Assert.Equal(RemoteFailureKind.Malformed, failure.Kind);
        Assert.Contains("OpenAI-compatible", failure.Message, StringComparison.Ordinal);
    }
}
