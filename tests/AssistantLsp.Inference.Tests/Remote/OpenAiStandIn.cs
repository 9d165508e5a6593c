using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Reasoning;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Tests.Remote;

/// <summary>How the stand-in reports reasoning, as the real servers do.</summary>
public enum OpenAiDialect
{
    /// <summary>vLLM / SGLang with a reasoning parser, llama-server --reasoning-format deepseek: <c>delta.reasoning_content</c>.</summary>
    ReasoningContent,

    /// <summary>Ollama: <c>delta.reasoning</c>.</summary>
    OllamaReasoning,

    /// <summary>A server without a reasoning parser: the think tags stay in <c>delta.content</c>.</summary>
    ThinkTagsInContent,
}

/// <summary>One request the stand-in received.</summary>
public sealed record StandInRequest(string Path, string? Authorization, JObject? Body);

/// <summary>
/// An OpenAI-compatible inference server on 127.0.0.1 (<see cref="StandInHttpServer"/>, a free port) whose tokens come
/// from a real local engine on a test model: <c>GET /v1/models</c>, <c>POST /tokenize</c> (vLLM
/// and llama-server only), and streaming <c>/v1/chat/completions</c> and <c>/v1/completions</c>
/// (SSE chunks, a usage chunk, <c>[DONE]</c>). Reasoning is split from content as the real
/// servers' DeepSeek-R1 parsers do: tokens before the first generated <c>&lt;/think&gt;</c> are
/// reasoning (so a continued assistant turn streams only "reasoning", as vLLM does). A test may
/// replace any response with <see cref="Fault"/>, and sees each client disconnect.
/// </summary>
public sealed class OpenAiStandIn : IAsyncDisposable
{
    public const string ModelName = "deepseek-r1-test";

    private readonly IInferenceEngine _engine;
    private readonly OpenAiDialect _dialect;
    private StandInHttpServer _server = null!;
    private TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OpenAiStandIn(IInferenceEngine engine, OpenAiDialect dialect, bool serveTokenize)
    {
        _engine = engine;
        _dialect = dialect;
        ServeTokenize = serveTokenize;
    }

    public Uri BaseUrl { get; private set; } = null!;

    public int Port => BaseUrl.Port;

    public bool ServeTokenize { get; }

    /// <summary>When set, may answer any request instead of the normal routes (return false to fall through).</summary>
    public Func<StandInExchange, Task<bool>>? Fault { get; set; }

    public ConcurrentQueue<StandInRequest> Requests { get; } = new();

    /// <summary>Time per generated token, as a real server spends decoding (default none).</summary>
    public TimeSpan TokenDelay { get; set; }

    /// <summary>Generations the client abandoned (the connection closed while streaming).</summary>
    public int Disconnects;

    public Task Disconnected => _disconnected.Task;

    /// <summary>Counts a disconnect seen by a test's own <see cref="Fault"/> handler.</summary>
    public void RecordDisconnect()
    {
        Interlocked.Increment(ref Disconnects);
        _disconnected.TrySetResult();
    }

    /// <summary>Starts on <paramref name="port"/> (0: a free one); <paramref name="certificate"/> turns on HTTPS.</summary>
    public static Task<OpenAiStandIn> StartAsync(
        IInferenceEngine engine, OpenAiDialect dialect, bool serveTokenize = true, int port = 0, X509Certificate2? certificate = null)
    {
        var standIn = new OpenAiStandIn(engine, dialect, serveTokenize);
        standIn._server = new StandInHttpServer(port, certificate, standIn.HandleAsync);
        standIn.BaseUrl = new Uri($"{(certificate is null ? "http" : "https")}://127.0.0.1:{standIn._server.Port}/v1");
        return Task.FromResult(standIn);
    }

    private async Task HandleAsync(StandInExchange exchange)
    {
        var body = exchange.Body.Length > 0 ? JObject.Parse(exchange.Body) : null;
        Requests.Enqueue(new StandInRequest(exchange.Path, exchange.Authorization, body));
        if (Fault is { } fault && await fault(exchange))
        {
            return;
        }

        switch (exchange.Path)
        {
            case "/v1/models":
                await WriteJsonAsync(exchange, new JObject
                {
                    ["object"] = "list",
                    ["data"] = new JArray(new JObject { ["id"] = ModelName, ["object"] = "model", ["max_model_len"] = _engine.Model.ContextLength }),
                });
                break;
            case "/tokenize" when ServeTokenize:
                var ids = _engine.Encode((string?)body?["prompt"] ?? (string?)body?["content"] ?? string.Empty);
                await WriteJsonAsync(exchange, new JObject { ["tokens"] = new JArray(ids), ["count"] = ids.Count });
                break;
            case "/v1/chat/completions":
                await StreamAsync(exchange, body!, chat: true);
                break;
            case "/v1/completions":
                await StreamAsync(exchange, body!, chat: false);
                break;
            default:
                await WriteJsonAsync(exchange, new JObject { ["error"] = new JObject { ["message"] = $"no route {exchange.Path}" } }, 404);
                break;
        }
    }

    private async Task StreamAsync(StandInExchange exchange, JObject body, bool chat)
    {
        if ((string?)body["model"] is { } model && model != ModelName)
        {
            await WriteJsonAsync(exchange, new JObject { ["error"] = new JObject { ["message"] = $"The model `{model}` does not exist." } }, 404);
            return;
        }

        var prompt = chat ? ChatPrompt(body) : (string)body["prompt"]!;
        var options = new GenerationOptions
        {
            MaxNewTokens = (int?)body["max_tokens"] ?? 256,
            Temperature = (float?)body["temperature"] ?? 0,
            TopP = (float?)body["top_p"] ?? 1,
            StopStrings = body["stop"] is JArray stops ? [.. stops.Select(s => (string)s!)] : [],
        };
        await exchange.StartStreamAsync();
        var aborted = exchange.Aborted;
        var pending = new BlockingCollection<string>();
        bool reasoning = chat && _dialect != OpenAiDialect.ThinkTagsInContent;
        var generated = new StringBuilder();
        int sent = 0;
        var generation = _engine.GenerateAsync(
            new GenerationRequest(_engine.Encode(prompt), options),
            token =>
            {
                if (TokenDelay > TimeSpan.Zero)
                {
                    Thread.Sleep(TokenDelay);
                }

                generated.Append(token.Text);
                foreach (var chunk in ChunksFor(chat, ref reasoning, generated, ref sent))
                {
                    pending.Add(chunk);
                }

                return TokenDecision.Continue;
            },
            aborted);
        _ = generation.ContinueWith(_ => pending.CompleteAdding(), TaskScheduler.Default);
        try
        {
            foreach (var chunk in pending.GetConsumingEnumerable(aborted))
            {
                if (chunk.Length > 0)
                {
                    await exchange.WriteAsync($"data: {chunk}\n\n");
                }
            }

            var result = await generation;
            var finish = new JObject { ["index"] = 0, ["finish_reason"] = result.StopReason == StopReason.MaxTokens ? "length" : "stop" };
            finish[chat ? "delta" : "text"] = chat ? new JObject() : string.Empty;
            await exchange.WriteAsync($"data: {Chunk(chat, finish)}\n\n");
            var usage = new JObject
            {
                ["choices"] = new JArray(),
                ["usage"] = new JObject { ["prompt_tokens"] = result.Stats.PromptTokens, ["completion_tokens"] = result.Stats.GeneratedTokens },
            };
            await exchange.WriteAsync($"data: {usage.ToString(Formatting.None)}\n\ndata: [DONE]\n\n");
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            RecordDisconnect();
            try
            {
                await generation;
            }
            catch (OperationCanceledException)
            {
                // The engine stopped with the request, as vLLM and llama-server do on disconnect.
            }
        }
    }

    /// <summary>The prompt the served model's template makes: the user turn, or a continued assistant turn.</summary>
    private string ChatPrompt(JObject body)
    {
        var messages = (JArray)body["messages"]!;
        var user = (string)messages.First(m => (string?)m["role"] == "user")["content"]!;
        var prompt = R1PromptBuilder.Build(_engine, user, R1ThinkingMode.Think).Text;
        if (messages.Last is JObject last && (string?)last["role"] == "assistant")
        {
            // The template opened "<think>\n"; the continued message starts with it too.
            var content = (string)last["content"]!;
            prompt += content.StartsWith("<think>\n", StringComparison.Ordinal) ? content["<think>\n".Length..] : content;
        }

        return prompt;
    }

    /// <summary>
    /// Chunks for the text generated so far beyond <paramref name="sent"/>: while reasoning, a tail
    /// that may still become the closing tag is held back, as a streaming reasoning parser must.
    /// </summary>
    private IEnumerable<string> ChunksFor(bool chat, ref bool reasoning, StringBuilder generated, ref int sent)
    {
        const string Close = "</think>";
        var all = generated.ToString();
        var chunks = new List<string>();
        if (!chat)
        {
            chunks.Add(Chunk(chat, new JObject { ["index"] = 0, ["text"] = all[sent..], ["finish_reason"] = null }));
            sent = all.Length;
            return chunks;
        }

        if (reasoning)
        {
            var field = _dialect == OpenAiDialect.OllamaReasoning ? "reasoning" : "reasoning_content";
            int close = all.IndexOf(Close, sent, StringComparison.Ordinal);
            if (close < 0)
            {
                int safe = all.Length;
                for (int keep = Math.Min(Close.Length - 1, all.Length - sent); keep > 0; keep--)
                {
                    if (Close.StartsWith(all[^keep..], StringComparison.Ordinal))
                    {
                        safe = all.Length - keep;
                        break;
                    }
                }

                if (safe > sent)
                {
                    chunks.Add(Delta(new JObject { [field] = all[sent..safe] }));
                    sent = safe;
                }

                return chunks;
            }

            if (close > sent)
            {
                chunks.Add(Delta(new JObject { [field] = all[sent..close] }));
            }

            reasoning = false;
            sent = close + Close.Length; // the parser does not stream the tag itself
        }

        if (all.Length > sent)
        {
            chunks.Add(Delta(new JObject { ["content"] = all[sent..] }));
            sent = all.Length;
        }

        return chunks;
    }

    private static string Delta(JObject delta) => Chunk(true, new JObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = null });

    private static string Chunk(bool chat, JObject choice) => new JObject
    {
        ["id"] = "cmpl-standin",
        ["object"] = chat ? "chat.completion.chunk" : "text_completion",
        ["model"] = ModelName,
        ["choices"] = new JArray(choice),
    }.ToString(Formatting.None);

    private static Task WriteJsonAsync(StandInExchange exchange, JObject json, int status = 200) =>
        exchange.RespondAsync(status, json.ToString(Formatting.None));

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();
}
