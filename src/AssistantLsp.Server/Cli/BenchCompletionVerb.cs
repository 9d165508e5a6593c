using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using AssistantLsp.Features.Documents;
using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Slots;
using AssistantLsp.ModelWriting.Benchmarks;
using AssistantLsp.ModelWriting.Contrib;
using AssistantLsp.Server.Hosting;
using Newtonsoft.Json.Linq;

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
        var model = new Option<string?>("--model") { Description = "Model folder or .gguf file (or use --shape)." };
        var shape = new Option<string?>("--shape") { Description = "r1-1.5b or qwen-0.5b: the cached `bench engines` model of that shape." };
        shape.AddRange(s => s is null || QwenShape.Find(s) is not null, "--shape must be r1-1.5b or qwen-0.5b.");
        var format = new Option<string>("--format") { Description = "With --shape: onnx (ONNX Runtime GenAI) or gguf (llama.cpp).", DefaultValueFactory = _ => "onnx" };
        format.AcceptOnlyFromAmong("onnx", "gguf");
        var file = new Option<string>("--file") { Description = "Source file whose text is typed.", Required = true };
        var keysPerSecond = new Option<double?>("--keys-per-second") { Description = "Type at this fixed speed instead of the realistic typing model." };
        keysPerSecond.AddRange(k => k is null or > 0 and <= 1000, "--keys-per-second must be above 0 and at most 1000.");
        var keys = new Option<int>("--keys") { Description = "Keystrokes to replay (from the middle of the file).", DefaultValueFactory = _ => 200 };
        keys.AddRange(k => k >= 1, "--keys must be at least 1.");
        var seed = new Option<int>("--seed") { Description = "Seed of the typing model.", DefaultValueFactory = _ => 1 };
        var explainEvery = new Option<double?>("--explain-every") { Description = "Start an explain every S seconds while typing (typing model only)." };
        explainEvery.AddRange(e => e is null or > 0, "--explain-every must be above 0.");
        var json = new Option<bool>("--json") { Description = "Print one JSON object (typing model only)." };

        var completion = new Command("completion", "Replay typing through a file and measure inline completion.")
        {
            model, shape, format, file, keysPerSecond, keys, seed, explainEvery, json,
        };
        completion.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"assistant-lsp: --file {path} does not exist.");
                return 2;
            }

            var modelPath = ModelPath(parse.GetValue(model), parse.GetValue(shape), parse.GetValue(format)!);
            if (modelPath is null)
            {
                return 2;
            }

            var text = (await File.ReadAllTextAsync(path, cancellationToken)).ReplaceLineEndings("\n");
            try
            {
                await using var session = await BenchLspSession.StartAsync(modelPath, null, cancellationToken);
                if (parse.GetValue(keysPerSecond) is { } fixedSpeed)
                {
                    var report = await RunAsync(session, text, fixedSpeed, parse.GetValue(keys), cancellationToken);
                    report.Print(stdout);
                    return 0;
                }

                var typing = await TypingBench.RunAsync(session, text, parse.GetValue(keys), parse.GetValue(seed), parse.GetValue(explainEvery), cancellationToken);
                if (parse.GetValue(json))
                {
                    TypingBench.PrintJson(typing, stdout);
                }
                else
                {
                    TypingBench.PrintText(typing, stdout);
                }

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

    private static string? ModelPath(string? model, string? shapeName, string format)
    {
        if ((model is null) == (shapeName is null))
        {
            Console.Error.WriteLine("assistant-lsp: give either --model or --shape.");
            return null;
        }

        if (model is not null)
        {
            return model;
        }

        var root = BenchmarkModelCache.DefaultRoot();
        if (BenchmarkModelCache.TryFind(QwenShape.Find(shapeName!)!, root) is not { } pair)
        {
            Console.Error.WriteLine($"assistant-lsp: no whole {shapeName} model in {root}; run `assistant-lsp bench engines --shape {shapeName}` first.");
            return null;
        }

        return format == "gguf" ? pair.GgufPath : pair.OnnxDirectory;
    }

    private static async Task<BenchReport> RunAsync(BenchLspSession session, string fileText, double keysPerSecond, int keyCount, CancellationToken cancellationToken)
    {
        var host = session.Host;
        var rpc = session.Rpc;

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
        var raw = await RawEngineTimeAsync(host, model, results, host.Settings.Current.Features, cancellationToken);
        return new BenchReport(typed.Length, keysPerSecond, results, stats, raw);
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
        LanguageServerHost host, LoadedModel model, IReadOnlyList<Sample> samples, Features.Settings.FeatureSettings settings, CancellationToken cancellationToken)
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
            // Under load every answer may come from the cache or type-ahead: then there is no model time to compare.
            var ratio = RawEngine.TotalMilliseconds > 0 && modelAnswered > 0
                ? string.Create(c, $"{modelAnswered / RawEngine.TotalMilliseconds:0.00}")
                : "n/a (no request was answered by the model)";
            stdout.WriteLine(string.Create(c, $"end-to-end / raw engine time (same prompts): {modelAnswered:0.0} ms / {RawEngine.TotalMilliseconds:0.0} ms = {ratio}"));
            stdout.Flush();
        }

        private static double Percentile(List<double> sorted, double p) =>
            sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

        private static string Rate(long part, long whole) =>
            whole == 0 ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * part / whole:0.0}%");
    }

}
