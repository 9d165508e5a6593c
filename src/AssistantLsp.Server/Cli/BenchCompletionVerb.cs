using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using AssistantLsp.Features.Documents;
using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Hosting;
using AssistantLsp.Protocol;
using AssistantLsp.Server.Hosting;
using Nerdbank.Streams;
using Newtonsoft.Json.Linq;
using Serilog;

namespace AssistantLsp.Server.Cli;

/// <summary>
/// `bench completion`: replays typing through a real source file over the real LSP transport (the
/// server in-process over a duplex stream), one inline request per keystroke, cancelling the
/// superseded one, then prints latency percentiles, cache and type-ahead hit rates, KV tokens
/// reused, and end-to-end time against raw engine time for the same prompts.
/// </summary>
internal static class BenchCompletionVerb
{
    private const string Uri = "file:///bench/typed-file";

    public static Command Create(TextWriter stdout)
    {
        var model = new Option<string>("--model") { Description = "Model folder.", Required = true };
        var file = new Option<string>("--file") { Description = "Source file whose text is typed.", Required = true };
        var keysPerSecond = new Option<double>("--keys-per-second") { Description = "Typing speed.", DefaultValueFactory = _ => 10 };
        keysPerSecond.AddRange(k => k is > 0 and <= 1000, "--keys-per-second must be above 0 and at most 1000.");
        var keys = new Option<int>("--keys") { Description = "Keystrokes to replay (from the middle of the file).", DefaultValueFactory = _ => 200 };
        keys.AddRange(k => k >= 1, "--keys must be at least 1.");

        var completion = new Command("completion", "Replay typing through a file and measure inline completion.") { model, file, keysPerSecond, keys };
        completion.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"assistant-lsp: --file {path} does not exist.");
                return 2;
            }

            var text = (await File.ReadAllTextAsync(path, cancellationToken)).ReplaceLineEndings("\n");
            try
            {
                var report = await RunAsync(parse.GetValue(model)!, text, parse.GetValue(keysPerSecond), parse.GetValue(keys), cancellationToken);
                report.Print(stdout);
                return 0;
            }
            catch (BenchFailedException ex)
            {
                Console.Error.WriteLine($"assistant-lsp: {ex.Message}");
                return 1;
            }
        });

        return new Command("bench", "Print benchmark figures.") { completion };
    }

    private static async Task<BenchReport> RunAsync(string modelPath, string fileText, double keysPerSecond, int keyCount, CancellationToken cancellationToken)
    {
        var (serverStream, clientStream) = FullDuplexStream.CreatePair();
        using var host = new LanguageServerHost(serverStream, serverStream, new ServerOptions { ModelPath = modelPath }, new LoggerConfiguration().CreateLogger());
        var serverRun = Task.Run(host.RunAsync, cancellationToken);
        using var rpc = LspConnection.Create(clientStream, clientStream);
        rpc.AddLocalRpcMethod("assistant/statusChanged", new Action<JToken>(_ => { }));
        rpc.AddLocalRpcMethod("window/showMessage", new Action<JToken>(_ => { }));
        rpc.AddLocalRpcMethod("window/logMessage", new Action<JToken>(_ => { }));
        rpc.AddLocalRpcMethod("$/progress", new Action<JToken, JToken>((_, _) => { }));
        rpc.AddLocalRpcMethod("window/workDoneProgress/create", new Action<JToken>(_ => { }));
        rpc.AddLocalRpcMethod("workspace/configuration", new Func<JToken, JArray>(_ => new JArray(JValue.CreateNull())));
        rpc.StartListening();

        await rpc.InvokeWithParameterObjectAsync<JToken>("initialize", new { processId = Environment.ProcessId, capabilities = new { } }, cancellationToken);
        await rpc.NotifyWithParameterObjectAsync("initialized", new { });
        await WaitReadyAsync(rpc, cancellationToken);

        // Type keyCount characters starting at a line start near the middle of the file.
        var start = fileText.Length == 0 ? 0 : fileText.LastIndexOf('\n', Math.Max(0, fileText.Length / 2 - 1)) + 1;
        var typed = fileText.Substring(start, Math.Min(keyCount, fileText.Length - start));
        var document = fileText.Remove(start, typed.Length);
        await rpc.NotifyWithParameterObjectAsync("textDocument/didOpen", new { textDocument = new { uri = Uri, languageId = "plaintext", version = 1, text = document } });

        var interval = TimeSpan.FromSeconds(1 / keysPerSecond);
        var samples = new List<Task<Sample>>();
        CancellationTokenSource? previous = null;
        var mirror = new TextDocument(Uri, "plaintext", 1, document);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < typed.Length; i++)
        {
            var due = interval * i;
            if (clock.Elapsed < due)
            {
                await Task.Delay(due - clock.Elapsed, cancellationToken);
            }

            previous?.Cancel(); // the editor cancels the superseded request ($/cancelRequest)
            var at = mirror.PositionAt(start + i);
            var change = new { range = new { start = new { line = at.Line, character = at.Character }, end = new { line = at.Line, character = at.Character } }, text = typed[i].ToString() };
            mirror = mirror.WithChanges([new DocumentChange(new LineRange(at, at), typed[i].ToString())], i + 2);
            await rpc.NotifyWithParameterObjectAsync("textDocument/didChange", new { textDocument = new { uri = Uri, version = i + 2 }, contentChanges = new[] { change } });
            var cursor = mirror.PositionAt(start + i + 1);
            var cts = previous = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            samples.Add(RequestAsync(rpc, mirror, start + i + 1, cursor, cts.Token));
        }

        var results = await Task.WhenAll(samples);
        previous?.Dispose();
        var stats = host.Completion.Stats;
        var model = await host.Models.ForCompletion.AcquireAsync(TimeSpan.FromSeconds(5), cancellationToken);
        var raw = await RawEngineTimeAsync(host, model, results, host.Settings.Current, cancellationToken);

        await rpc.InvokeWithParameterObjectAsync<JToken>("shutdown", null, cancellationToken);
        await rpc.NotifyWithParameterObjectAsync("exit", null);
        await serverRun.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        return new BenchReport(typed.Length, keysPerSecond, results, stats, raw);
    }

    private static async Task WaitReadyAsync(StreamJsonRpc.JsonRpc rpc, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var status = await rpc.InvokeWithParameterObjectAsync<JObject>("assistant/status", null, cancellationToken);
            switch ((string?)status["state"])
            {
                case "ready":
                    return;
                case "error" or "none":
                    throw new BenchFailedException($"the model did not load: {(string?)status["message"]}");
            }

            if (deadline.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new BenchFailedException("the model did not load within 5 minutes.");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    private static async Task<Sample> RequestAsync(StreamJsonRpc.JsonRpc rpc, TextDocument document, int cursorOffset, LinePosition cursor, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await rpc.InvokeWithParameterObjectAsync<JObject>(
                "textDocument/inlineCompletion",
                new { textDocument = new { uri = Uri }, position = new { line = cursor.Line, character = cursor.Character }, context = new { triggerKind = 2 } },
                cancellationToken);
            var source = (string?)result.SelectToken("items[0].command.arguments[1]");
            return new Sample(source is null ? Outcome.Empty : Outcome.Answered, source, clock.Elapsed, document, cursorOffset);
        }
        catch (OperationCanceledException)
        {
            return new Sample(Outcome.Cancelled, null, clock.Elapsed, document, cursorOffset);
        }
        catch (StreamJsonRpc.RemoteInvocationException ex) when (ex.ErrorCode == Protocol.LspErrorCodes.ServerCancelled)
        {
            return new Sample(Outcome.Cancelled, null, clock.Elapsed, document, cursorOffset); // superseded by the next keystroke
        }
        catch (StreamJsonRpc.RemoteInvocationException ex)
        {
            throw new BenchFailedException($"inline completion failed: {ex.Message}");
        }
    }

    /// <summary>Runs the prompts of the model-answered requests straight on the engine, in the same order.</summary>
    private static async Task<TimeSpan> RawEngineTimeAsync(
        LanguageServerHost host, LoadedModel model, IReadOnlyList<Sample> samples, Features.Settings.AssistantSettings settings, CancellationToken cancellationToken)
    {
        var total = TimeSpan.Zero;
        foreach (var sample in samples.Where(s => s.Source == "Model"))
        {
            var prompt = host.Completion.BuildPrompt(sample.Document, sample.CursorOffset, settings, model.Engine);
            var options = new GenerationOptions { MaxNewTokens = settings.CompletionMaxTokens, StopStrings = prompt.StopTexts };
            var clock = Stopwatch.StartNew();
            await model.Scheduler.RunAsync(
                Inference.Scheduling.GenerationPriority.InlineCompletion,
                null,
                (engine, ct) => engine.GenerateAsync(new GenerationRequest(engine.Encode(prompt.Text), options), null, ct),
                cancellationToken);
            total += clock.Elapsed;
        }

        return total;
    }

    private enum Outcome
    {
        Answered,
        Empty,
        Cancelled,
    }

    private sealed record Sample(Outcome Outcome, string? Source, TimeSpan Latency, TextDocument Document, int CursorOffset);

    private sealed record BenchReport(int Keys, double KeysPerSecond, IReadOnlyList<Sample> Samples, Features.Completion.InlineCompletionStats Stats, TimeSpan RawEngine)
    {
        public void Print(TextWriter stdout)
        {
            var done = Samples.Where(s => s.Outcome != Outcome.Cancelled).Select(s => s.Latency.TotalMilliseconds).Order().ToList();
            var modelAnswered = Samples.Where(s => s.Source == "Model").Sum(s => s.Latency.TotalMilliseconds);
            var answered = Samples.Count(s => s.Outcome == Outcome.Answered);
            var empty = Samples.Count(s => s.Outcome == Outcome.Empty);
            var cancelled = Samples.Count(s => s.Outcome == Outcome.Cancelled);
            var c = CultureInfo.InvariantCulture;
            stdout.WriteLine(string.Create(c, $"keystrokes: {Keys} at {KeysPerSecond:0.#}/s; requests answered: {answered}, empty: {empty}, cancelled/superseded: {cancelled}"));
            stdout.WriteLine(string.Create(c, $"latency (answered or empty): p50 {Percentile(done, 0.50):0.0} ms, p95 {Percentile(done, 0.95):0.0} ms"));
            stdout.WriteLine(string.Create(c, $"cache hits: {Rate(Stats.CacheHits, Stats.Requests)}, type-ahead hits: {Rate(Stats.TypeAheadHits, Stats.Requests)}, model calls: {Stats.ModelCalls} of {Stats.Requests} requests, dropped outputs: {Stats.Dropped}"));
            stdout.WriteLine(string.Create(c, $"prompt tokens: {Stats.PromptTokens}, reused from KV cache: {Stats.ReusedPromptTokens} ({Rate(Stats.ReusedPromptTokens, Stats.PromptTokens)})"));
            var ratio = RawEngine.TotalMilliseconds > 0 ? modelAnswered / RawEngine.TotalMilliseconds : double.NaN;
            stdout.WriteLine(string.Create(c, $"end-to-end / raw engine time (same prompts): {modelAnswered:0.0} ms / {RawEngine.TotalMilliseconds:0.0} ms = {ratio:0.00}"));
            stdout.Flush();
        }

        private static double Percentile(List<double> sorted, double p) =>
            sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

        private static string Rate(long part, long whole) =>
            whole == 0 ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * part / whole:0.0}%");
    }

    private sealed class BenchFailedException(string message) : Exception(message);
}
