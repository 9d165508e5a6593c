using System.Buffers;
using System.Text;
using Newtonsoft.Json;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace AssistantLsp.Protocol;

/// <summary>
/// LSP framing ("Content-Length: N\r\n\r\n" + N bytes of UTF-8 JSON) that survives bad input.
/// StreamJsonRpc's own header handler ends the connection on the first malformed message; an
/// editor's server must instead answer a parse error (-32700) or invalid request (-32600) and
/// keep reading. After a bad header the reader skips ahead to the next "Content-Length:".
/// </summary>
public sealed class LspMessageHandler : MessageHandlerBase
{
    private const int MaxHeaderLineBytes = 8 * 1024;
    private const int MaxMessageBytes = 256 * 1024 * 1024;
    private static readonly byte[] ContentLengthName = Encoding.ASCII.GetBytes("Content-Length:");

    private readonly Stream _receiving;
    private readonly Stream _sending;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    public LspMessageHandler(Stream sending, Stream receiving, IJsonRpcMessageFormatter formatter)
        : base(formatter)
    {
        _sending = sending;
        _receiving = receiving;
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    /// <summary>Called with a description of each malformed message that was skipped.</summary>
    public Action<string>? OnMalformedMessage { get; set; }

    protected override async ValueTask<JsonRpcMessage?> ReadCoreAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var length = await ReadHeadersAsync(cancellationToken).ConfigureAwait(false);
            if (length is null)
            {
                return null; // end of stream
            }

            var body = await ReadBodyAsync(length.Value, cancellationToken).ConfigureAwait(false);
            if (body is null)
            {
                return null;
            }

            var message = TryDeserialize(body, out var errorCode, out var problem);
            if (message is not null)
            {
                return message;
            }

            OnMalformedMessage?.Invoke(problem);
            await WriteAsync(
                new JsonRpcError
                {
                    RequestId = RequestId.Null,
                    Error = new JsonRpcError.ErrorDetail { Code = errorCode, Message = problem },
                },
                cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async ValueTask WriteCoreAsync(JsonRpcMessage content, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>();
        Formatter.Serialize(body, content);
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.WrittenCount}\r\n\r\n");
        await _sending.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        await _sending.WriteAsync(body.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    protected override ValueTask FlushAsync(CancellationToken cancellationToken) =>
        new(_sending.FlushAsync(cancellationToken));

    private JsonRpcMessage? TryDeserialize(byte[] body, out JsonRpcErrorCode code, out string problem)
    {
        try
        {
            var message = Formatter.Deserialize(new ReadOnlySequence<byte>(body));
            code = default;
            problem = string.Empty;
            return message;
        }
        catch (Exception ex) when (IsJsonSyntaxError(ex))
        {
            code = JsonRpcErrorCode.ParseError;
            problem = $"Parse error: the message is not valid JSON ({ex.GetBaseException().Message})";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            code = JsonRpcErrorCode.InvalidRequest;
            problem = $"Invalid request: not a JSON-RPC 2.0 message ({ex.GetBaseException().Message})";
        }

        return null;
    }

    private static bool IsJsonSyntaxError(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is JsonReaderException or DecoderFallbackException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads header lines up to the blank line; returns the Content-Length, or null at end of stream.</summary>
    private async ValueTask<int?> ReadHeadersAsync(CancellationToken cancellationToken)
    {
        int? length = null;
        var sawAnyHeader = false;
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                if (length is { } n)
                {
                    return n;
                }

                if (sawAnyHeader)
                {
                    OnMalformedMessage?.Invoke("Header block without a valid Content-Length; skipped");
                    sawAnyHeader = false;
                }

                continue;
            }

            var text = Encoding.ASCII.GetString(line);
            var at = text.IndexOf("Content-Length:", StringComparison.OrdinalIgnoreCase);
            if (at > 0)
            {
                // Garbage before a header (left over from a wrong Content-Length): resynchronize here.
                OnMalformedMessage?.Invoke("Skipped stray bytes before a header");
                text = text[at..];
                length = null;
            }

            sawAnyHeader = true;
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                OnMalformedMessage?.Invoke("Skipped a line that is not a header");
                length = null;
                continue;
            }

            var name = text[..colon].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                length = int.TryParse(text[(colon + 1)..].Trim(), out var n) && n >= 0 && n <= MaxMessageBytes ? n : null;
                if (length is null)
                {
                    OnMalformedMessage?.Invoke($"Invalid Content-Length header: {text}");
                }
            }
        }
    }

    private async ValueTask<byte[]?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var b = _buffer[_start++];
            if (b == (byte)'\n')
            {
                if (line.Count > 0 && line[^1] == (byte)'\r')
                {
                    line.RemoveAt(line.Count - 1);
                }

                return [.. line];
            }

            if (line.Count < MaxHeaderLineBytes)
            {
                line.Add(b);
            }
            else if (EndsWithContentLength(line))
            {
                // Keep only the tail so a header glued to a long garbage line is still found.
                line.RemoveRange(0, line.Count - ContentLengthName.Length);
                line.Add(b);
            }
        }
    }

    private static bool EndsWithContentLength(List<byte> line)
    {
        if (line.Count < ContentLengthName.Length)
        {
            return false;
        }

        for (var i = 0; i < ContentLengthName.Length; i++)
        {
            if (char.ToLowerInvariant((char)line[line.Count - ContentLengthName.Length + i]) != char.ToLowerInvariant((char)ContentLengthName[i]))
            {
                return false;
            }
        }

        return true;
    }

    private async ValueTask<byte[]?> ReadBodyAsync(int length, CancellationToken cancellationToken)
    {
        var body = new byte[length];
        var filled = 0;
        while (filled < length)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var take = Math.Min(length - filled, _end - _start);
            Array.Copy(_buffer, _start, body, filled, take);
            _start += take;
            filled += take;
        }

        return body;
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await _receiving.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        return _end > 0;
    }
}
