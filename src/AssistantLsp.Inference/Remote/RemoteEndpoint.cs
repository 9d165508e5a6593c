namespace AssistantLsp.Inference.Remote;

/// <summary>
/// Where a remote model is served: an OpenAI-compatible base URL (such as
/// <c>http://gpu-box:8000/v1</c>), the served model name (null: the server's first listed model)
/// and the name of the environment variable holding the API key (the key itself is never stored
/// in settings, never logged).
/// </summary>
public sealed record RemoteEndpoint(Uri BaseUrl, string? ModelName, string ApiKeyVariable)
{
    public const string DefaultApiKeyVariable = "ASSISTANT_LSP_API_KEY";

    /// <summary>What the status and messages show: the model name and the URL, never the key.</summary>
    public string Describe() => ModelName is null ? BaseUrl.ToString() : $"{ModelName} at {BaseUrl}";

    /// <summary>The key from the environment, or null when the variable is unset or blank.</summary>
    public string? ReadApiKey()
    {
        var key = Environment.GetEnvironmentVariable(ApiKeyVariable);
        return string.IsNullOrWhiteSpace(key) ? null : key.Trim();
    }

    /// <summary>Parses a base URL from settings; returns a reason instead when it cannot be used.</summary>
    public static bool TryParseBaseUrl(string text, out Uri? url, out string? problem)
    {
        url = null;
        problem = null;
        if (!Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
        {
            problem = "must be an http:// or https:// URL such as http://gpu-box:8000/v1";
            return false;
        }

        if (!string.IsNullOrEmpty(parsed.UserInfo) || !string.IsNullOrEmpty(parsed.Query))
        {
            problem = "must not carry credentials or a query (put the API key in the environment variable named by model.apiKeyVariable)";
            return false;
        }

        // A trailing slash makes relative paths ("chat/completions") land under the base path.
        url = parsed.AbsoluteUri.EndsWith('/') ? parsed : new Uri(parsed.AbsoluteUri + "/");
        return true;
    }

    /// <summary>
    /// The server root for the non-OpenAI routes (<c>/tokenize</c> of vLLM and llama-server): the
    /// base URL without a trailing <c>v1/</c>.
    /// </summary>
    public Uri ServerRoot
    {
        get
        {
            var text = BaseUrl.AbsoluteUri;
            return text.EndsWith("/v1/", StringComparison.OrdinalIgnoreCase) ? new Uri(text[..^3]) : BaseUrl;
        }
    }
}
