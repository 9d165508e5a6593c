using System.Text;
using Newtonsoft.Json;
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

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static JsonRpcEnvelope Inspect(ReadOnlyMemory<byte> body)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(body.Span);
        }
        catch (DecoderFallbackException)
        {
            return Invalid(default, null, LspErrorCodes.ParseError, "Parse error: the message is not valid UTF-8.");
        }

        var id = default(RequestId);
        string? method = null;
        bool hasId = false, hasResult = false, hasError = false, closed = false;
        string? deepUnder = null;
        string? topLevelProperty = null;
        using var reader = new JsonTextReader(new StringReader(text)) { MaxDepth = null, DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Decimal };
        try
        {
            if (!reader.Read())
            {
                return Invalid(default, null, LspErrorCodes.ParseError, "Parse error: the message body is empty.");
            }

            if (reader.TokenType != JsonToken.StartObject)
            {
                return Invalid(default, null, LspErrorCodes.InvalidRequest, $"Invalid request: a JSON-RPC message is a JSON object, not {reader.TokenType} (batches are not part of LSP).");
            }

            while (reader.Read())
            {
                if (reader.Depth > MaxDepth && deepUnder is null)
                {
                    deepUnder = topLevelProperty ?? "";
                }

                if (reader.Depth != 1 || reader.TokenType != JsonToken.PropertyName)
                {
                    closed |= reader.Depth == 0 && reader.TokenType == JsonToken.EndObject;
                    continue;
                }

                topLevelProperty = (string)reader.Value!;
                switch (topLevelProperty)
                {
                    case "id":
                        reader.Read();
                        hasId = true;
                        id = reader.TokenType switch
                        {
                            JsonToken.Integer when reader.Value is long n => new RequestId(n),
                            JsonToken.String => new RequestId((string)reader.Value!),
                            _ => RequestId.Null,
                        };
                        break;
                    case "method":
                        reader.Read();
                        method = reader.TokenType == JsonToken.String ? (string)reader.Value! : null;
                        break;
                    case "result":
                        hasResult = true;
                        break;
                    case "error":
                        hasError = true;
                        break;
                }
            }

            if (!closed)
            {
                return Invalid(id, method, LspErrorCodes.ParseError, "Parse error: the message ends before its JSON does.");
            }
        }
        catch (JsonReaderException ex)
        {
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
