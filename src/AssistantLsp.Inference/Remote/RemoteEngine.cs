using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Loading;
using AssistantLsp.Inference.Reasoning;

namespace AssistantLsp.Inference.Remote;

/// <summary>
/// The engine interface on an OpenAI-compatible inference server (vLLM, SGLang, llama-server,
/// Ollama). Prompts arrive as ids of <see cref="RemoteTextCodec"/> (exact text); an R1 chat
/// prompt is sent to <c>/v1/chat/completions</c> as the user turn (the server applies the served
/// model's template), with the reasoning-so-far and forced closing tag as an assistant prefix to
/// continue when the reasoning budget ran out; any other prompt (FIM) goes to
/// <c>/v1/completions</c> as text. Output streams back as one piece per server token.
/// Stopping or cancelling disposes the response, which closes the connection: the servers stop
/// generating on disconnect. Network is used only here, only when an endpoint is configured.
/// </summary>
public sealed class RemoteEngine : IInferenceEngine, IEngineHealth
{
    private readonly RemoteHttp _http;
    private readonly RemoteHealth _health;
    private readonly RemoteTextCodec _codec = new();
    private readonly RemoteTokenCounter _tokens;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly string _modelName;
    private readonly string? _requestModel;
    private int _disposed;

    private RemoteEngine(RemoteHttp http, string modelName, string? requestModel, ModelDescription model)
    {
        _http = http;
        _modelName = modelName;
        _requestModel = requestModel;
        Model = model;
        _health = new RemoteHealth(ProbeAsync, http.Options);
        _health.Changed += () => HealthChanged?.Invoke();
        _tokens = new RemoteTokenCounter((text, ct) => RemoteTokenizeRoute.CountAsync(http, requestModel, text, ct), http.Options.TokenizeWait, http.Options.MaxBackoff, _lifetime.Token);
    }

    public ModelDescription Model { get; }

    public RemoteEndpoint Endpoint => _http.Endpoint;

    public string? Problem => _health.Problem;

    public string? Summary => _health.Latency is { } latency
        ? string.Create(CultureInfo.InvariantCulture, $"remote: {_modelName} at {Endpoint.BaseUrl}, latency {latency.TotalMilliseconds:0} ms")
        : $"remote: {_modelName} at {Endpoint.BaseUrl}";

    public event Action? HealthChanged;

    /// <summary>
    /// Asks the server for its models (and the served model's FIM tokens through <c>/tokenize</c>
    /// where it has that route). An unreachable server still yields an engine, unhealthy and
    /// retrying with backoff, so the status recovers when the server comes up; a server that
    /// answers but lacks the named model is an error to fix in settings.
    /// </summary>
    public static RemoteEngine Connect(RemoteEndpoint endpoint, RemoteEngineOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        options ??= new RemoteEngineOptions();
        var http = new RemoteHttp(endpoint, options);
        try
        {
            return ConnectAsync(http, cancellationToken).GetAwaiter().GetResult();
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    private static async Task<RemoteEngine> ConnectAsync(RemoteHttp http, CancellationToken cancellationToken)
    {
        var endpoint = http.Endpoint;
        JsonNode? models = null;
        TimeSpan latency = default;
        RemoteEngineException? unreachable = null;
        try
        {
            (models, latency) = await http.SendForJsonAsync(HttpMethod.Get, http.Route("models"), null, cancellationToken);
        }
        catch (RemoteEngineException ex) when (ex.Kind is RemoteFailureKind.Unreachable or RemoteFailureKind.Timeout or RemoteFailureKind.ServerError or RemoteFailureKind.RateLimited)
        {
            unreachable = ex;
        }

        var listed = (models?["data"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var entry = endpoint.ModelName is null ? listed.FirstOrDefault()
            : listed.FirstOrDefault(m => string.Equals(m["id"]?.GetValue<string>(), endpoint.ModelName, StringComparison.Ordinal));
        if (unreachable is null && endpoint.ModelName is not null && entry is null && listed.Count > 0)
        {
            var names = string.Join(", ", listed.Select(m => m["id"]?.ToString()).Take(10));
            throw new RemoteEngineException(
                RemoteFailureKind.ModelNotFound,
                $"The server at {endpoint.BaseUrl} does not serve '{endpoint.ModelName}'. Set model.endpointModel to one of: {names}.");
        }

        var requestModel = endpoint.ModelName ?? entry?["id"]?.ToString();
        var name = requestModel ?? "(server default)";
        int context = ContextOf(entry) ?? http.Options.DefaultContextTokens;
        var (tokenize, fim) = unreachable is null ? await RemoteTokenizeRoute.DetectFimAsync(http, requestModel, cancellationToken) : (true, null);
        var tokens = new SpecialTokens(
            BeginOfSentence: null, // the server adds its own; a raw FIM prompt must not carry R1's
            EndOfSequenceIds: [],
            KnownTokenTexts.User,
            KnownTokenTexts.Assistant,
            KnownTokenTexts.ThinkStart,
            KnownTokenTexts.ThinkEnd,
            fim,
            ChatTemplate: null);

        // Context in server tokens: prompt budgets count them (CountTokens), not the codec's characters.
        var description = new ModelDescription(endpoint.BaseUrl.ToString(), name, "remote", context, RemoteTextCodec.FirstPieceId, tokens);
        var engine = new RemoteEngine(http, name, requestModel, description);
        if (!tokenize)
        {
            engine._tokens.MarkAbsent();
        }

        if (unreachable is not null)
        {
            engine._health.Failed(unreachable);
        }
        else
        {
            engine._health.Succeeded(latency);
        }

        return engine;
    }

    private static int? ContextOf(JsonObject? entry)
    {
        // vLLM and SGLang list max_model_len; others don't say.
        return entry?["max_model_len"] is JsonValue v && v.TryGetValue<int>(out var n) && n > 0 ? n : null;
    }

    private async Task<TimeSpan> ProbeAsync(CancellationToken cancellationToken) =>
        (await _http.SendForJsonAsync(HttpMethod.Get, _http.Route("models"), null, cancellationToken)).Latency;

    /// <summary>
    /// Ids that round-trip text exactly (one per character): what requests carry, since the server
    /// tokenizes on its side. Budgets count with <see cref="CountTokens"/> instead.
    /// </summary>
    public IReadOnlyList<int> Encode(string text) => RemoteTextCodec.Encode(text);

    /// <summary>The server's token count (<c>/tokenize</c>, cached, bounded in time), else one per character.</summary>
    public int CountTokens(string text) => _tokens.Count(text);

    /// <summary>Whether budgets count with the server's tokenizer (false: the character estimate).</summary>
    public bool CountsServerTokens => _tokens.UsesServer;

    public string Decode(IReadOnlyList<int> tokenIds) => _codec.Decode(tokenIds);

    /// <summary>None here: the server applies the served model's template to chat requests.</summary>
    public string? ApplyChatTemplate(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt) => null;

    public async Task<GenerationResult> GenerateAsync(GenerationRequest request, Func<GeneratedToken, TokenDecision>? onToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        if (request.PromptTokens.Count == 0)
        {
            throw new ArgumentException("The prompt is empty.", nameof(request));
        }

        var clock = Stopwatch.StartNew();
        var prompt = _codec.Decode(request.PromptTokens);
        var shape = R1PromptShape.TryRead(prompt, Model.Tokens);
        var (url, body, start) = shape is null
            ? (_http.Route("completions"), CompletionBody(prompt, request.Options), RemoteOutputStart.Raw)
            : (_http.Route("chat/completions"), ChatBody(shape, request.Options), shape.AnswerOnly ? RemoteOutputStart.Answer : RemoteOutputStart.Reasoning);
        _health.ThrowIfBackingOff();

        // A request's own first-token limit (completion's short one) cancels like the caller would,
        // and is reported as a timeout that leaves the server's health alone: busy is not down.
        using var firstTokenDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (request.Options.FirstTokenTimeout is { } limit)
        {
            firstTokenDeadline.CancelAfter(limit);
        }

        try
        {
            var result = await StreamAsync(url, body, start, request, onToken, clock, firstTokenDeadline, firstTokenDeadline.Token);
            _health.Succeeded(result.Stats.TimeToFirstToken);
            return result;
        }
        catch (RemoteEngineException ex) when (ex.IsTransient && !firstTokenDeadline.IsCancellationRequested)
        {
            _health.Failed(ex);
            throw;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && firstTokenDeadline.IsCancellationRequested)
        {
            throw new RemoteEngineException(
                RemoteFailureKind.Timeout,
                string.Create(CultureInfo.InvariantCulture, $"The server at {Endpoint.BaseUrl} sent no token within {request.Options.FirstTokenTimeout!.Value.TotalSeconds:0.#} s; ") +
                "completions wait only briefly so typing never stalls (explain waits longer). Is the server busy, or the prompt too long for it?",
                inner: ex);
        }
    }

    private async Task<GenerationResult> StreamAsync(
        Uri url,
        JsonObject body,
        RemoteOutputStart start,
        GenerationRequest request,
        Func<GeneratedToken, TokenDecision>? onToken,
        Stopwatch clock,
        CancellationTokenSource firstTokenDeadline,
        CancellationToken cancellationToken)
    {
        var options = request.Options;
        var translator = new RemoteStreamTranslator(start, Model.Tokens.ThinkStart!, Model.Tokens.ThinkEnd!);
        var text = new StringBuilder();
        var ids = new List<int>();
        TimeSpan? firstToken = null;
        StopReason reason = StopReason.EndOfSequence;
        using var response = await _http.StartStreamAsync(url, body, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        try
        {
            await foreach (var payload in ServerSentEventReader.ReadAsync(stream, _http.Options.IdleStreamTimeout, Endpoint.BaseUrl.ToString(), cancellationToken))
            {
                var chunk = ParseChunk(payload);
                foreach (var piece in translator.Translate(chunk))
                {
                    if (firstToken is null)
                    {
                        firstToken = clock.Elapsed;
                        firstTokenDeadline.CancelAfter(Timeout.InfiniteTimeSpan);
                    }

                    if (Emit(piece) is { } stop)
                    {
                        reason = stop;
                        goto done;
                    }
                }
            }
        }
        catch (HttpRequestException ex)
        {
            throw RemoteEngineException.FromTransport(ex, Endpoint);
        }
        catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RemoteEngineException(RemoteFailureKind.Unreachable, $"The connection to {Endpoint.BaseUrl} broke mid-stream: {ex.Message} Retrying with backoff.", inner: ex);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
        {
            // An abort can surface as a broken read; to the caller it is the cancellation it asked for.
            throw new OperationCanceledException("The generation was cancelled.", ex, cancellationToken);
        }

        if (translator.FinishReason == "length")
        {
            reason = StopReason.MaxTokens;
        }

    done:
        var total = clock.Elapsed;
        var decode = total - (firstToken ?? total);
        double tokensPerSecond = ids.Count > 1 && decode > TimeSpan.Zero ? (ids.Count - 1) / decode.TotalSeconds : 0;
        var stats = new GenerationStats(translator.PromptTokens ?? request.PromptTokens.Count, 0, ids.Count, firstToken ?? TimeSpan.Zero, total, tokensPerSecond);
        return new GenerationResult(text.ToString(), ids, reason, stats);

        // Streams one piece; returns why generation ends after it, or null to go on.
        StopReason? Emit(string piece)
        {
            int before = text.Length;
            text.Append(piece);
            int stopAt = StopStringMatcher.FindInTail(text, before, options.StopStrings ?? []);
            if (stopAt >= 0)
            {
                piece = stopAt > before ? piece[..(stopAt - before)] : string.Empty;
                text.Length = stopAt;
            }

            var decision = TokenDecision.Continue;
            if (_codec.PieceId(piece) is { } id)
            {
                ids.Add(id);
                decision = onToken?.Invoke(new GeneratedToken(id, piece, piece == Model.Tokens.ThinkEnd)) ?? TokenDecision.Continue;
            }
            else
            {
                foreach (var c in piece)
                {
                    ids.Add(c);
                    if (onToken?.Invoke(new GeneratedToken(c, c.ToString(), false)) == TokenDecision.Stop)
                    {
                        decision = TokenDecision.Stop;
                    }
                }
            }

            return stopAt >= 0 ? StopReason.StopString
                : decision == TokenDecision.Stop ? StopReason.Requested
                : ids.Count >= options.MaxNewTokens ? StopReason.MaxTokens
                : null;
        }
    }

    private JsonObject ParseChunk(string payload)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(payload);
        }
        catch (JsonException ex)
        {
            throw new RemoteEngineException(
                RemoteFailureKind.Malformed,
                $"The server at {Endpoint.BaseUrl} streamed a chunk that is not JSON; is it an OpenAI-compatible server (check model.endpoint)?",
                inner: ex);
        }

        if (node is not JsonObject chunk)
        {
            throw new RemoteEngineException(RemoteFailureKind.Malformed, $"The server at {Endpoint.BaseUrl} streamed a chunk that is not a JSON object.");
        }

        if (chunk["error"] is { } error)
        {
            var message = error is JsonObject e ? e["message"]?.ToString() : error.ToString();
            throw new RemoteEngineException(RemoteFailureKind.ServerError, $"The server at {Endpoint.BaseUrl} failed mid-stream: {message}");
        }

        return chunk;
    }

    private JsonObject ChatBody(R1PromptShape shape, GenerationOptions options)
    {
        var messages = new JsonArray { new JsonObject { ["role"] = "user", ["content"] = shape.UserMessage } };
        var body = Common(options);
        if (shape.AssistantPrefix.Length > 0)
        {
            // Continue our own assistant turn (the reasoning so far and the forced closing tag):
            // vLLM/SGLang read continue_final_message, llama-server and Ollama continue a trailing assistant message.
            messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = Model.Tokens.ThinkStart + "\n" + shape.AssistantPrefix });
            body["continue_final_message"] = true;
            body["add_generation_prompt"] = false;
        }

        body["messages"] = messages;
        return body;
    }

    private JsonObject CompletionBody(string prompt, GenerationOptions options)
    {
        var body = Common(options);
        body["prompt"] = prompt;
        return body;
    }

    private JsonObject Common(GenerationOptions options)
    {
        var body = new JsonObject
        {
            ["stream"] = true,
            ["stream_options"] = new JsonObject { ["include_usage"] = true },
            ["max_tokens"] = options.MaxNewTokens,
            ["temperature"] = options.Temperature,
            ["top_p"] = options.TopP,
        };
        if (_requestModel is not null)
        {
            body["model"] = _requestModel;
        }

        if (options.TopK > 0)
        {
            body["top_k"] = options.TopK;
        }

        if (options.Seed is { } seed)
        {
            body["seed"] = seed;
        }

        if (options.StopStrings is { Count: > 0 } stops)
        {
            body["stop"] = new JsonArray([.. stops.Select(s => (JsonNode?)JsonValue.Create(s))]);
        }

        return body;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _lifetime.Cancel();
        _health.Dispose();
        _http.Dispose();
    }
}
