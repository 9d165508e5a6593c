using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AssistantLsp.Inference.Remote;

/// <summary>Why a remote request failed, in the terms a user can act on.</summary>
public enum RemoteFailureKind
{
    Unreachable,
    Tls,
    Unauthorized,
    ModelNotFound,
    RateLimited,
    ServerError,
    Stalled,
    Malformed,
    Timeout,
    BadRequest,
}

/// <summary>
/// A remote request failed; the message names the endpoint and the fix (never the API key).
/// <see cref="RetryAfter"/> is the server's own wait (429 <c>Retry-After</c>) when it gave one.
/// </summary>
public sealed class RemoteEngineException(RemoteFailureKind kind, string message, TimeSpan? retryAfter = null, Exception? inner = null)
    : InvalidOperationException(message, inner)
{
    public RemoteFailureKind Kind { get; } = kind;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>Failures a later try may not meet again: the engine backs off and retries for them.</summary>
    public bool IsTransient => Kind is RemoteFailureKind.Unreachable or RemoteFailureKind.RateLimited
        or RemoteFailureKind.ServerError or RemoteFailureKind.Stalled or RemoteFailureKind.Timeout or RemoteFailureKind.Tls
        or RemoteFailureKind.Unauthorized or RemoteFailureKind.ModelNotFound;

    /// <summary>Maps a non-success response to a message naming the endpoint and the fix.</summary>
    public static RemoteEngineException FromResponse(HttpStatusCode status, string? body, RetryConditionHeaderValue? retryAfter, RemoteEndpoint endpoint)
    {
        var where = endpoint.BaseUrl.ToString();
        var detail = ErrorDetail(body);
        var code = (int)status;
        return status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new RemoteEngineException(
                RemoteFailureKind.Unauthorized,
                $"The server at {where} refused the API key ({code}). Set the environment variable {endpoint.ApiKeyVariable} " +
                "(named by model.apiKeyVariable) to a valid key before starting the editor." + detail),
            HttpStatusCode.NotFound => new RemoteEngineException(
                RemoteFailureKind.ModelNotFound,
                $"The server at {where} does not serve the model '{endpoint.ModelName ?? "(default)"}' or the route ({code}). " +
                "Set model.endpointModel to a name from its /v1/models list, and model.endpoint to the base URL ending in /v1." + detail),
            HttpStatusCode.TooManyRequests => new RemoteEngineException(
                RemoteFailureKind.RateLimited,
                $"The server at {where} is rate-limiting requests (429); retrying after {Describe(RetryDelay(retryAfter) ?? TimeSpan.FromSeconds(1))}." + detail,
                RetryDelay(retryAfter)),
            HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity => new RemoteEngineException(
                RemoteFailureKind.BadRequest,
                $"The server at {where} rejected the request ({code}); the prompt may exceed its context length (--max-model-len)." + detail),
            _ when code >= 500 => new RemoteEngineException(
                RemoteFailureKind.ServerError,
                $"The server at {where} failed ({code}); check its logs. Retrying with backoff." + detail),
            _ => new RemoteEngineException(RemoteFailureKind.BadRequest, $"The server at {where} answered {code}." + detail),
        };
    }

    /// <summary>Maps a transport failure (refused, DNS, TLS, timeout) to a clear message.</summary>
    public static RemoteEngineException FromTransport(HttpRequestException ex, RemoteEndpoint endpoint)
    {
        var where = endpoint.BaseUrl.ToString();
        if (ex.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            return new RemoteEngineException(
                RemoteFailureKind.Tls,
                $"TLS with {where} failed: {ex.Message} Check the certificate (trusted by this machine, matching the host name) or use http:// on a trusted network.",
                inner: ex);
        }

        return new RemoteEngineException(
            RemoteFailureKind.Unreachable,
            $"Cannot reach the inference server at {where}: {ex.Message} Is it running, and is model.endpoint right? Retrying with backoff.",
            inner: ex);
    }

    private static TimeSpan? RetryDelay(RetryConditionHeaderValue? retryAfter)
    {
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        return retryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null;
    }

    private static string Describe(TimeSpan delay) => $"{Math.Max(0, delay.TotalSeconds):0.#} s";

    /// <summary>The server's own error text (OpenAI shape {error:{message}} or {message}/{detail}), short.</summary>
    private static string ErrorDetail(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return string.Empty;
        }

        string? message = null;
        try
        {
            var json = JsonNode.Parse(body);
            var node = json is JsonObject o ? (o["error"] is JsonObject error ? error["message"] : o["error"] ?? o["message"] ?? o["detail"]) : json;
            message = node is JsonValue v && v.TryGetValue<string>(out var text) ? text : node?.ToJsonString();
        }
        catch (JsonException)
        {
            message = body;
        }

        if (string.IsNullOrWhiteSpace(message))
        {
            return string.Empty;
        }

        message = message.Trim();
        return $" Server said: {(message.Length > 300 ? message[..300] + "…" : message)}";
    }
}
