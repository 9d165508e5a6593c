using System.Text.Json.Nodes;

namespace AssistantLsp.Inference.Remote;

/// <summary>How the remote engine's output begins, from the prompt it was given.</summary>
internal enum RemoteOutputStart
{
    /// <summary>A raw <c>/v1/completions</c> prompt (FIM or any other text): the text is passed through.</summary>
    Raw,

    /// <summary>A chat turn whose think block is still open: reasoning first.</summary>
    Reasoning,

    /// <summary>A chat turn whose think block was closed in the prompt: only answer follows.</summary>
    Answer,
}

/// <summary>
/// Turns streamed OpenAI chunks of any dialect into the text a local R1 model would have produced
/// after the same prompt, so the one <c>ThinkStreamParser</c> upstream sees one format:
/// reasoning from <c>delta.reasoning_content</c> (vLLM, SGLang, llama-server) or
/// <c>delta.reasoning</c> (Ollama), then the closing think tag, then <c>delta.content</c>; or
/// content that carries the <c>&lt;think&gt;</c> tags itself (a server without a reasoning
/// parser), whose repeated opening tag is dropped because the prompt already opened the block.
/// After a prompt that closed the block, servers still report the continuation as reasoning
/// (their parser never saw a closing tag), so every field is answer then. Not thread-safe.
/// </summary>
internal sealed class RemoteStreamTranslator(RemoteOutputStart start, string thinkStart, string thinkEnd)
{
    private bool _sawReasoningField;
    private bool _closed;
    private bool _contentStarted;

    public int? PromptTokens { get; private set; }

    public int? CompletionTokens { get; private set; }

    public string? FinishReason { get; private set; }

    /// <summary>The text pieces of one chunk, in order (usually one: a chunk carries one server token).</summary>
    public IEnumerable<string> Translate(JsonObject chunk)
    {
        if (chunk["usage"] is JsonObject usage)
        {
            PromptTokens = IntOf(usage["prompt_tokens"]) ?? PromptTokens;
            CompletionTokens = IntOf(usage["completion_tokens"]) ?? CompletionTokens;
        }

        if (chunk["choices"] is not JsonArray { Count: > 0 } choices || choices[0] is not JsonObject choice)
        {
            yield break; // usage-only chunk, or an empty keep-alive chunk
        }

        if (choice["finish_reason"] is JsonValue finish && finish.TryGetValue<string>(out var reason))
        {
            FinishReason = reason;
        }

        if (start == RemoteOutputStart.Raw)
        {
            if (TextOf(choice["text"]) is { Length: > 0 } text)
            {
                yield return text;
            }

            yield break;
        }

        var delta = choice["delta"] as JsonObject ?? choice["message"] as JsonObject;
        if (delta is null)
        {
            yield break;
        }

        var reasoning = TextOf(delta["reasoning_content"]) ?? TextOf(delta["reasoning"]);
        var content = TextOf(delta["content"]);
        if (start == RemoteOutputStart.Answer)
        {
            if (!string.IsNullOrEmpty(reasoning))
            {
                yield return reasoning;
            }

            if (!string.IsNullOrEmpty(content))
            {
                yield return content;
            }

            yield break;
        }

        if (!string.IsNullOrEmpty(reasoning) && !_closed)
        {
            _sawReasoningField = true;
            yield return reasoning;
        }

        if (string.IsNullOrEmpty(content))
        {
            yield break;
        }

        if (_sawReasoningField && !_closed)
        {
            _closed = true;
            yield return thinkEnd;
        }
        else if (!_sawReasoningField && !_contentStarted)
        {
            // Tags inside content: the prompt already opened the block.
            var trimmed = content.TrimStart();
            if (trimmed.Length == 0)
            {
                yield break;
            }

            if (trimmed.StartsWith(thinkStart, StringComparison.Ordinal))
            {
                content = trimmed[thinkStart.Length..];
            }
        }

        _contentStarted = true;
        if (content.Length > 0)
        {
            yield return content;
        }
    }

    private static string? TextOf(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static int? IntOf(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<int>(out var n) ? n : null;
}
