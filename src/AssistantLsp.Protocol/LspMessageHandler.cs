using System.Buffers;
using System.Text;
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
    /// <summary>64 MiB: far above any real LSP message (the document size setting refuses AI work long before).</summary>
    public const int MaxMessageBytes = 64 * 1024 * 1024;

    /// <summary>
    /// Bodies from this size on are parsed by <see cref="LargeMessageParser"/>, off the shared char
    /// pool; below it the pooled buffers are small and reused by the next messages.
    /// </summary>
    public const int UnpooledParseBytes = 64 * 1024;
    private static readonly byte[] ContentLengthName = Encoding.ASCII.GetBytes("Content-Length:");

    private readonly Stream _receiving;
    private readonly Stream _sending;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private readonly OpenRequests _open = new();

    public LspMessageHandler(Stream sending, Stream receiving, IJsonRpcMessageFormatter formatter)
        : base(formatter)
    {
        _sending = sending;
        _receiving = receiving;
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    /// <summary>Told the size of every body read, so memory left by huge messages can be given back.</summary>
    public LargeMessageReclaim? Reclaim { get; set; }

    /// <summary>Called with a description of each malformed message that was skipped.</summary>
    public Action<string>? OnMalformedMessage { get; set; }

    /// <summary>
    /// Asked for every well-formed request, known method or not (the lifecycle: -32002 before
    /// initialize); null lets it through, an exception is the error to answer with instead.
    /// </summary>
    public Func<string, LocalRpcException?>? RejectRequest { get; set; }

    /// <summary>An error the framing answers itself; it ends no request of StreamJsonRpc's.</summary>
    private sealed class FramingError : JsonRpcError
    {
    }

    protected override async ValueTask<JsonRpcMessage?> ReadCoreAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var length = await ReadHeadersAsync(cancellationToken).ConfigureAwait(false);
            if (length is null)
            {
                return null; // end of stream
            }

            if (length > MaxMessageBytes)
            {
                // Not read: the bytes that follow are scanned as headers, so the stream resynchronizes
                // on the next real message even when the length itself was garbage.
                await RefuseAsync(RequestId.Null, LspErrorCodes.InvalidRequest, $"Invalid request: the message declares {length} bytes; the limit is {MaxMessageBytes / (1024 * 1024)} MiB.", cancellationToken).ConfigureAwait(false);
                continue;
            }

            var body = await ReadBodyAsync((int)length.Value, cancellationToken).ConfigureAwait(false);
            if (body is null)
            {
                return null;
            }

            Reclaim?.NoteMessage(body.Value.Length);

            if (await AdmitAsync(body.Value, cancellationToken).ConfigureAwait(false) is { } message)
            {
                return message;
            }
        }
    }

    /// <summary>The message to hand to StreamJsonRpc, or null when the framing answered or dropped it itself.</summary>
    private async ValueTask<JsonRpcMessage?> AdmitAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var envelope = JsonRpcEnvelope.Inspect(body);
        switch (envelope.Kind)
        {
            case EnvelopeKind.Invalid:
                await RefuseAsync(envelope.Id, envelope.ErrorCode, envelope.Problem, cancellationToken).ConfigureAwait(false);
                return null;
            case EnvelopeKind.Response when !_open.TryTakeAnswer(envelope.Id):
                OnMalformedMessage?.Invoke($"Ignored a response with id {LogText.Shorten(envelope.Id.ToString(), 100)}: the server sent no request with that id, or it was answered already");
                return null;
            case EnvelopeKind.Request when RejectRequest?.Invoke(envelope.Method!) is { } rejection:
                await RefuseAsync(envelope.Id, rejection.ErrorCode, rejection.Message, cancellationToken).ConfigureAwait(false);
                return null;
            case EnvelopeKind.Request when !_open.TryStart(envelope.Id):
                await RefuseAsync(envelope.Id, LspErrorCodes.InvalidRequest, $"Invalid request: id {LogText.Shorten(envelope.Id.ToString(), 100)} is already used by a request the server is still serving; use a new id.", cancellationToken).ConfigureAwait(false);
                return null;
        }

        try
        {
            return body.Length >= UnpooledParseBytes && Formatter is JsonMessageFormatter json
                ? LargeMessageParser.Deserialize(json, body.Span)
                : Formatter.Deserialize(new ReadOnlySequence<byte>(body));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (envelope.Kind == EnvelopeKind.Request)
            {
                _open.Answered(envelope.Id);
            }

            await RefuseAsync(envelope.Id, LspErrorCodes.InvalidRequest, $"Invalid request: not a JSON-RPC 2.0 message ({ex.GetBaseException().Message})", cancellationToken).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Answers a message the framing will not pass on (with its id when one was readable) and logs why.</summary>
    private async ValueTask RefuseAsync(RequestId id, int code, string problem, CancellationToken cancellationToken)
    {
        problem = LogText.Shorten(problem);
        OnMalformedMessage?.Invoke(problem);
        await WriteAsync(
            new FramingError
            {
                RequestId = id.IsEmpty ? RequestId.Null : id,
                Error = new JsonRpcError.ErrorDetail { Code = (JsonRpcErrorCode)code, Message = problem },
            },
            cancellationToken).ConfigureAwait(false);
    }

    protected override async ValueTask WriteCoreAsync(JsonRpcMessage content, CancellationToken cancellationToken)
    {
        switch (content)
        {
            case JsonRpcRequest { IsResponseExpected: true } request:
                _open.Sent(request.RequestId);
                break;
            case JsonRpcResult result:
                _open.Answered(result.RequestId);
                break;
            case JsonRpcError error when error is not FramingError:
                _open.Answered(error.RequestId);
                break;
        }

        var body = new ArrayBufferWriter<byte>();
        Formatter.Serialize(body, content);
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.WrittenCount}\r\n\r\n");
        await _sending.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        await _sending.WriteAsync(body.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    protected override ValueTask FlushAsync(CancellationToken cancellationToken) =>
        new(_sending.FlushAsync(cancellationToken));

    /// <summary>Reads header lines up to the blank line; returns the Content-Length, or null at end of stream.</summary>
    private async ValueTask<long?> ReadHeadersAsync(CancellationToken cancellationToken)
    {
        long? length = null;
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
                length = long.TryParse(text[(colon + 1)..].Trim(), out var n) && n >= 0 ? n : null;
                if (length is null)
                {
                    OnMalformedMessage?.Invoke($"Invalid Content-Length header: {LogText.Shorten(text, 200)}");
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

    /// <summary>The body, in a buffer that grows as bytes arrive: a large Content-Length alone allocates nothing.</summary>
    private async ValueTask<ReadOnlyMemory<byte>?> ReadBodyAsync(int length, CancellationToken cancellationToken)
    {
        var body = new byte[Math.Min(length, _buffer.Length)];
        var filled = 0;
        while (filled < length)
        {
            if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var take = Math.Min(length - filled, _end - _start);
            if (filled + take > body.Length)
            {
                Array.Resize(ref body, (int)Math.Min(length, Math.Max(2L * body.Length, filled + take)));
            }

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
