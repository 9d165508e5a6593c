using System.Runtime.CompilerServices;
using System.Text;

namespace AssistantLsp.Inference.Remote;

/// <summary>
/// Reads the <c>data:</c> payloads of a <c>text/event-stream</c> response (the OpenAI streaming
/// protocol: one JSON chunk per event, then <c>data: [DONE]</c>).
/// Why our own reader rather than the official OpenAI .NET package: that package has no public
/// client for <c>/v1/completions</c> (needed for FIM prompts; openai/openai-dotnet#34) and no
/// typed access to the non-standard <c>reasoning_content</c> / <c>reasoning</c> delta fields the
/// inference servers stream; it also knows nothing of <c>/tokenize</c>. The protocol part we need
/// is this small reader.
/// </summary>
internal static class ServerSentEventReader
{
    public const string Done = "[DONE]";

    /// <summary>
    /// Each event's data (multi-line data joined with \n), ending at <c>[DONE]</c> or the end of
    /// the stream. A gap longer than <paramref name="idleTimeout"/> between lines throws
    /// <see cref="RemoteEngineException"/> (a stalled server), never hangs.
    /// </summary>
    public static async IAsyncEnumerable<string> ReadAsync(
        Stream body,
        TimeSpan idleTimeout,
        string endpointName,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
        var data = new StringBuilder();
        bool hasData = false;
        while (true)
        {
            string? line;
            using (var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                idle.CancelAfter(idleTimeout);
                try
                {
                    line = await reader.ReadLineAsync(idle.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new RemoteEngineException(
                        RemoteFailureKind.Stalled,
                        $"The server at {endpointName} stopped streaming (nothing for {idleTimeout.TotalSeconds:0.#} s). " +
                        "Check the server's load and logs; the request was abandoned.");
                }
            }

            if (line is null || line.Length == 0)
            {
                if (hasData)
                {
                    var payload = data.ToString();
                    if (payload.Trim() == Done)
                    {
                        yield break;
                    }

                    yield return payload;
                    data.Clear();
                    hasData = false;
                }

                if (line is null)
                {
                    yield break;
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                continue; // comment / keep-alive
            }

            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                var value = line.AsSpan(5);
                if (value.Length > 0 && value[0] == ' ')
                {
                    value = value[1..];
                }

                if (hasData)
                {
                    data.Append('\n');
                }

                data.Append(value);
                hasData = true;
            }

            // Other fields (event:, id:, retry:) carry nothing the OpenAI protocol uses.
        }
    }
}
