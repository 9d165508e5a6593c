using System.Text.Json;
using System.Text.Unicode;
using StreamJsonRpc;

namespace AssistantLsp.Protocol;

/// <summary>What a message body is, read as a flat token stream (no tree, no recursion).</summary>
public enum EnvelopeKind
{
    /// <summary>Not UTF-8, not JSON, or JSON nested deeper than the limit: see <see cref="JsonRpcEnvelope.Problem"/>.</summary>
    Invalid,
    Request,
    Notification,
    Response,
}

/// <summary>
/// A first look at a message body before StreamJsonRpc parses it: valid UTF-8 and JSON, nesting
/// depth, and the top-level <c>id</c> and <c>method</c>. Reading tokens iteratively cannot overflow
/// the stack however deep the JSON is, and the id it finds lets even an error answer carry it.
/// </summary>
public sealed record JsonRpcEnvelope(EnvelopeKind Kind, RequestId Id, string? Method, int ErrorCode, string Problem)
{
    /// <summary>LSP messages nest about 10 levels; 64 is Newtonsoft's own default limit.</summary>
    public const int MaxDepth = 64;

    public static JsonRpcEnvelope Inspect(ReadOnlyMemory<byte> body)
    {
        var bytes = body.Span;
        if (!Utf8.IsValid(bytes))
        {
            return Invalid(default, null, LspErrorCodes.ParseError, "Parse error: the message is not valid UTF-8.");
        }

        var id = default(RequestId);
        string? method = null;
        bool hasId = false, hasResult = false, hasError = false;
        string? deepUnder = null;
        string? topLevelProperty = null;

        // Works on the bytes: no copy of the body, and string values are only read for id and method.
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = int.MaxValue });
        try
        {
            if (!reader.Read())
            {
                return Invalid(default, null, LspErrorCodes.ParseError, "Parse error: the message body is empty.");
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return Invalid(default, null, LspErrorCodes.InvalidRequest, $"Invalid request: a JSON-RPC message is a JSON object, not {reader.TokenType} (batches are not part of LSP).");
            }

            while (reader.Read())
            {
                if (reader.CurrentDepth > MaxDepth && deepUnder is null)
                {
                    deepUnder = topLevelProperty ?? "";
                }

                if (reader.CurrentDepth != 1 || reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                topLevelProperty = reader.ValueTextEquals("id"u8) ? "id"
                    : reader.ValueTextEquals("method"u8) ? "method"
                    : reader.ValueTextEquals("params"u8) ? "params"
                    : reader.ValueTextEquals("result"u8) ? "result"
                    : reader.ValueTextEquals("error"u8) ? "error"
                    : "other";
                switch (topLevelProperty)
                {
                    case "id":
                        reader.Read();
                        hasId = true;
                        id = reader.TokenType switch
                        {
                            JsonTokenType.Number when reader.TryGetInt64(out var n) => new RequestId(n),
                            JsonTokenType.String => new RequestId(reader.GetString()),
                            _ => RequestId.Null,
                        };
                        break;
                    case "method":
                        reader.Read();
                        method = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                        break;
                    case "result":
                        hasResult = true;
                        break;
                    case "error":
                        hasError = true;
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: an id or method string with an escaped lone surrogate.
            return Invalid(id, method, LspErrorCodes.ParseError, $"Parse error: the message is not valid JSON ({ex.Message})");
        }

        if (deepUnder is not null)
        {
            return deepUnder == "params" && method is not null
                ? Invalid(id, method, LspErrorCodes.InvalidParams, $"Invalid params for '{method}': nested deeper than {MaxDepth} levels.")
                : Invalid(id, method, LspErrorCodes.InvalidRequest, $"Invalid request: the message nests deeper than {MaxDepth} levels.");
        }

        if (method is not null)
        {
            return new(hasId ? EnvelopeKind.Request : EnvelopeKind.Notification, id, method, 0, string.Empty);
        }

        return hasId && (hasResult || hasError)
            ? new(EnvelopeKind.Response, id, null, 0, string.Empty)
            : Invalid(id, null, LspErrorCodes.InvalidRequest, "Invalid request: a message needs a string 'method', or an 'id' with a 'result' or 'error'.");
    }

    private static JsonRpcEnvelope Invalid(RequestId id, string? method, int code, string problem) =>
        new(EnvelopeKind.Invalid, id, method, code, LogText.Shorten(problem));
}
