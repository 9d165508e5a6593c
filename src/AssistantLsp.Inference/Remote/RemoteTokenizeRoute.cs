using System.Text.Json.Nodes;
using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Loading;

namespace AssistantLsp.Inference.Remote;

/// <summary>
/// The servers' <c>POST /tokenize</c> (vLLM: <c>{model, prompt}</c> → <c>{count, tokens}</c>;
/// llama-server: <c>{content}</c> → <c>{tokens}</c>; each ignores the other's fields, so one body
/// serves both). Ollama has no such route.
/// </summary>
internal static class RemoteTokenizeRoute
{
    /// <summary>Whether the route answers, and the served model's FIM tokens: the candidate texts it reads as one token.</summary>
    public static async Task<(bool Present, FimTokens? Fim)> DetectFimAsync(RemoteHttp http, string? model, CancellationToken cancellationToken)
    {
        var single = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var text in KnownTokenTexts.FimStyles.SelectMany(s => new[] { s.Prefix, s.Suffix, s.Middle }.Concat(s.StopTexts)).Distinct(StringComparer.Ordinal))
        {
            try
            {
                single[text] = await SendAsync(http, model, text, cancellationToken) == 1;
            }
            catch (RemoteEngineException)
            {
                return (false, null); // no /tokenize route (e.g. Ollama): completion uses chat prompts, budgets the estimate
            }
        }

        return (true, SpecialTokenReader.DetectFim(t => single.GetValueOrDefault(t)));
    }

    /// <summary>The served model's token count of <paramref name="text"/> (no BOS added).</summary>
    public static async Task<int> CountAsync(RemoteHttp http, string? model, string text, CancellationToken cancellationToken) =>
        await SendAsync(http, model, text, cancellationToken)
        ?? throw new RemoteEngineException(RemoteFailureKind.BadRequest, $"The server at {http.Endpoint.BaseUrl} answered /tokenize without tokens.");

    /// <summary>The answer's count (vLLM's <c>count</c>, else the length of <c>tokens</c>), or null when it has neither.</summary>
    private static async Task<int?> SendAsync(RemoteHttp http, string? model, string text, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["prompt"] = text, ["content"] = text, ["add_special_tokens"] = false };
        if (model is not null)
        {
            body["model"] = model;
        }

        var (answer, _) = await http.SendForJsonAsync(HttpMethod.Post, http.RootRoute("tokenize"), body, cancellationToken);
        return answer?["count"] is JsonValue count && count.TryGetValue<int>(out var n) ? n
            : answer?["tokens"] is JsonArray tokens ? tokens.Count
            : null;
    }
}
