using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Cli.Fuzzing;

/// <summary>What a fuzz run found.</summary>
internal sealed record FuzzReport(
    int Messages, int Crashes, int Hangs, int InternalErrors, double RssStartMb, double RssEndMb, double Seconds,
    IReadOnlyDictionary<string, int> Families, IReadOnlyList<string> Problems)
{
    public bool Clean => Crashes == 0 && Hangs == 0 && InternalErrors == 0;
}

/// <summary>
/// Drives the real binary over its real stdio with <see cref="FuzzMessages"/>: after every 100
/// writes it asks `assistant/status` (and a completion) and needs the answers within 5 s. A run
/// ends at the first crash (the process exits) or hang; every -32603 answer is counted.
/// </summary>
internal sealed class FuzzRun : IAsyncDisposable
{
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(5);

    /// <summary>Quiet time before the final memory reading: longer than the server's reclaim delay after huge messages.</summary>
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(3);
    private readonly Process _server;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JObject>> _waiting = new();
    private readonly ConcurrentQueue<string> _internalErrors = new();
    private readonly Task _reader;
    private readonly Task _writer;
    private readonly Channel<(byte[] Bytes, TaskCompletionSource? Written)> _outgoing = Channel.CreateUnbounded<(byte[], TaskCompletionSource?)>();
    private readonly StringBuilder _stderrTail = new();
    private readonly Random _answers;

    private FuzzRun(Process server, int seed)
    {
        _server = server;
        _answers = new Random(seed ^ 0x5EED);
        _server.ErrorDataReceived += (_, e) =>
        {
            lock (_stderrTail)
            {
                _stderrTail.AppendLine(e.Data);
                if (_stderrTail.Length > 8000)
                {
                    _stderrTail.Remove(0, _stderrTail.Length - 8000);
                }
            }
        };
        _server.BeginErrorReadLine();
        _reader = Task.Run(ReadLoopAsync);
        _writer = Task.Run(WriteLoopAsync);
    }

    public static async Task<FuzzReport> RunAsync(string modelFolder, int messages, int seed, IReadOnlySet<string> skip, TextWriter progress)
    {
        await using var run = new FuzzRun(StartServer(modelFolder), seed);
        return await run.RunCoreAsync(messages, seed, skip, progress);
    }

    private async Task<FuzzReport> RunCoreAsync(int count, int seed, IReadOnlySet<string> skip, TextWriter progress)
    {
        var clock = Stopwatch.StartNew();
        var generator = new FuzzMessages(seed);
        var problems = new List<string>();
        var families = new Dictionary<string, int>();
        var recent = new Queue<string>();
        int crashes = 0, hangs = 0, sent = 0;

        await RequestAsync(generator.Request("initialize", JObject.Parse("""{"processId":null,"capabilities":{"window":{"workDoneProgress":true},"workspace":{"configuration":true}},"initializationOptions":{"reasoning":{"temperature":0}}}""")), TimeSpan.FromSeconds(30));
        await WriteAsync(FuzzMessages.Encode(JObject.Parse("""{"jsonrpc":"2.0","method":"initialized","params":{}}""")));
        await WaitReadyAsync(generator);
        foreach (var open in generator.OpenDocuments())
        {
            await WriteAsync(open);
        }

        var rssStart = RssMb();
        try
        {
            while (sent < count)
            {
                var message = generator.Next(skip);
                families[message.Family] = families.GetValueOrDefault(message.Family) + 1;
                recent.Enqueue($"#{sent} {message.Family}: {Preview(message.Bytes)}");
                if (recent.Count > 5)
                {
                    recent.Dequeue();
                }

                await WriteAsync(message.Bytes);
                sent++;
                if (sent % 100 == 0 || sent == count)
                {
                    await CheckAliveAsync(generator, sent);
                    progress.WriteLine($"  {sent} messages, {_internalErrors.Count} internal errors");
                }
            }
        }
        catch (Exception ex) when (ex is IOException or TimeoutException or ObjectDisposedException or InvalidOperationException)
        {
            if (_server.HasExited)
            {
                crashes++;
                problems.Add($"crash: the server exited with code {_server.ExitCode} after message #{sent - 1}");
            }
            else
            {
                hangs++;
                problems.Add($"hang: {ex.Message}");
            }

            problems.Add("last messages:\n    " + string.Join("\n    ", recent));
            lock (_stderrTail)
            {
                problems.Add("server stderr (tail):\n" + _stderrTail);
            }
        }

        // "After the run": the server gives back what huge messages left once traffic is quiet (LargeMessageReclaim).
        if (!_server.HasExited)
        {
            await Task.Delay(SettleTime);
        }

        var rssEnd = _server.HasExited ? 0 : RssMb();
        problems.AddRange(_internalErrors.Take(20).Select(e => "-32603: " + e));
        return new FuzzReport(sent, crashes, hangs, _internalErrors.Count, rssStart, rssEnd, clock.Elapsed.TotalSeconds, families, problems);
    }

    private async Task WaitReadyAsync(FuzzMessages generator)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((string?)(await RequestAsync(generator.Request("assistant/status", null), AnswerWithin))["result"]?["state"] != "ready")
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("the model did not load within 60 s");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The server must still answer a status request and, on an intact document, a completion.</summary>
    private async Task CheckAliveAsync(FuzzMessages generator, int sent)
    {
        var status = await RequestAsync(generator.Request("assistant/status", new JObject()), AnswerWithin, $"assistant/status after message #{sent}");
        if (status["result"] is null)
        {
            throw new InvalidOperationException($"assistant/status failed after message #{sent}: {status["error"]}");
        }

        // A fresh document each time: the fuzzed edits may have made the others anything.
        var uri = $"file:///fuzz/probe-{sent}.py";
        await WriteAsync(FuzzMessages.Encode(JObject.FromObject(new { jsonrpc = "2.0", method = "textDocument/didOpen", @params = new { textDocument = new { uri, languageId = "python", version = 1, text = FuzzMessages.Text } } })));
        var completion = await RequestAsync(generator.Request("textDocument/completion", JObject.FromObject(new { textDocument = new { uri }, position = new { line = 2, character = 5 } })), AnswerWithin, $"a completion after message #{sent}");
        await WriteAsync(FuzzMessages.Encode(JObject.FromObject(new { jsonrpc = "2.0", method = "textDocument/didClose", @params = new { textDocument = new { uri } } })));
        if (completion["error"] is { } error && (int?)error["code"] != -32802)
        {
            throw new InvalidOperationException($"a completion failed after message #{sent}: {error}");
        }
    }

    private async Task<JObject> RequestAsync(JObject request, TimeSpan within, string? what = null)
    {
        var waiter = _waiting.GetOrAdd((string)request["id"]!, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        await WriteAsync(FuzzMessages.Encode(request));
        try
        {
            return await waiter.Task.WaitAsync(within);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no answer to {what ?? (string?)request["method"]} within {within.TotalSeconds:0} s");
        }
    }

    /// <summary>Queues bytes for the one writer; waits (at most 5 s) until the server took them.</summary>
    private async Task WriteAsync(byte[] bytes)
    {
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _outgoing.Writer.TryWrite((bytes, written));
        try
        {
            await written.Task.WaitAsync(AnswerWithin);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("the server stopped reading its input for 5 s");
        }
    }

    /// <summary>
    /// One writer, so that answers to the server's own requests (queued by the reader, which must
    /// never block) and the fuzzed messages never interleave on stdin.
    /// </summary>
    private async Task WriteLoopAsync()
    {
        var stdin = _server.StandardInput.BaseStream;
        await foreach (var (bytes, written) in _outgoing.Reader.ReadAllAsync())
        {
            try
            {
                await stdin.WriteAsync(bytes);
                await stdin.FlushAsync();
                written?.TrySetResult();
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                written?.TrySetException(ex);
            }
        }
    }

    /// <summary>Reads every message; answers the server's own requests (sometimes twice, as a buggy client would).</summary>
    private async Task ReadLoopAsync()
    {
        var stdout = _server.StandardOutput.BaseStream;
        var buffer = new List<byte>();
        var chunk = new byte[64 * 1024];
        while (true)
        {
            int n;
            try
            {
                n = await stdout.ReadAsync(chunk);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                break;
            }

            if (n == 0)
            {
                break;
            }

            buffer.AddRange(chunk.AsSpan(0, n).ToArray());
            while (TryTakeFrame(buffer) is { } json)
            {
                OnMessage(JObject.Parse(json));
            }
        }

        foreach (var waiter in _waiting.Values)
        {
            waiter.TrySetException(new IOException("the server closed its output"));
        }
    }

    private void OnMessage(JObject message)
    {
        if (message["method"] is not null)
        {
            if (message["id"] is { } id)
            {
                var answer = (string?)message["method"] == "workspace/configuration"
                    ? new JObject { ["jsonrpc"] = "2.0", ["id"] = id, ["result"] = new JArray(JValue.CreateNull()) }
                    : new JObject { ["jsonrpc"] = "2.0", ["id"] = id, ["result"] = null };
                var times = _answers.Next(4) == 0 ? 2 : 1; // sometimes a late duplicate answer
                for (var i = 0; i < times; i++)
                {
                    _outgoing.Writer.TryWrite((FuzzMessages.Encode(answer), null));
                }
            }

            return;
        }

        if ((int?)message["error"]?["code"] == -32603)
        {
            _internalErrors.Enqueue(Shorten(message.ToString(Formatting.None)));
        }

        if (message["id"]?.Type == JTokenType.String && _waiting.TryRemove((string)message["id"]!, out var waiter))
        {
            waiter.TrySetResult(message);
        }
    }

    private static string? TryTakeFrame(List<byte> buffer)
    {
        var separator = "\r\n\r\n"u8;
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(buffer);
        var end = span.IndexOf(separator);
        if (end < 0)
        {
            return null;
        }

        var header = Encoding.ASCII.GetString(span[..end]);
        var length = int.Parse(header.Split("\r\n").First(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        if (buffer.Count < end + 4 + length)
        {
            return null;
        }

        var json = Encoding.UTF8.GetString(span.Slice(end + 4, length));
        buffer.RemoveRange(0, end + 4 + length);
        return json;
    }

    private static Process StartServer(string modelFolder)
    {
        // The same binary as this verb, started the way it was started itself (apphost or `dotnet x.dll`).
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(FuzzRun).Assembly.Location);
        }

        foreach (var arg in new[] { "--stdio", "--model", modelFolder, "--log", Path.Combine(Path.GetTempPath(), $"assistant-lsp-fuzz-{Environment.ProcessId}.log"), "--log-level", "warning" })
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start the server");
    }

    private double RssMb()
    {
        _server.Refresh();
        return Math.Round(_server.WorkingSet64 / (1024.0 * 1024.0), 1);
    }

    private static string Preview(byte[] bytes) => Shorten(Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 300)).ReplaceLineEndings("\\n"));

    private static string Shorten(string text) => Protocol.LogText.Shorten(text, 300);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_server.HasExited)
            {
                await WriteAsync(FuzzMessages.Encode(JObject.Parse("""{"jsonrpc":"2.0","id":"end","method":"shutdown"}""")));
                await WriteAsync(FuzzMessages.Encode(JObject.Parse("""{"jsonrpc":"2.0","method":"exit"}""")));
                await _server.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception ex) when (ex is IOException or TimeoutException or ObjectDisposedException)
        {
        }
        finally
        {
            if (!_server.HasExited)
            {
                _server.Kill(entireProcessTree: true);
            }

            _outgoing.Writer.TryComplete();
            await Task.WhenAll(_reader, _writer).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
            _server.Dispose();
        }
    }
}
