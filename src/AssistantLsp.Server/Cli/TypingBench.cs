using System.Diagnostics;
using System.Globalization;
using AssistantLsp.Features.Completion;
using AssistantLsp.Features.Documents;
using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Scheduling;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Cli;

/// <summary>
/// `bench completion` with the realistic typing model (<see cref="TypingModel"/>): text of a real file
/// is typed in bursts over the LSP transport, one inline request per key (the previous one cancelled,
/// as an editor does), optionally with an explain started every few seconds. What counts is the
/// pauses: a pause is answered when the request sent at its last key returns a non-empty suggestion
/// before the next key. An unanswered pause counts with its whole length in the percentiles (a lower
/// bound of what the user waited).
/// </summary>
internal static class TypingBench
{
    private const string Uri = "file:///bench/typed-file";

    public static async Task<JObject> RunAsync(
        BenchLspSession session, string fileText, int keyCount, int seed, double? explainEverySeconds, CancellationToken cancellationToken)
    {
        var rpc = session.Rpc;
        var start = fileText.Length == 0 ? 0 : fileText.LastIndexOf('\n', Math.Max(0, fileText.Length / 2 - 1)) + 1;
        var typed = fileText.Substring(start, Math.Min(keyCount, fileText.Length - start));
        var mirror = new TextDocument(Uri, "csharp", 1, fileText.Remove(start, typed.Length));
        await rpc.NotifyWithParameterObjectAsync("textDocument/didOpen", new { textDocument = new { uri = Uri, languageId = mirror.LanguageId, version = 1, text = mirror.Text } });

        // The cold prompt first (computed in full whatever the pipeline does): ask until it is answered.
        var warmUp = Stopwatch.StartNew();
        while ((await RequestAsync(session, mirror.PositionAt(start), cancellationToken)).Source is null && session.Host.Completion.Stats.ModelCalls == 0)
        {
            if (warmUp.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new BenchFailedException("the first completion was not answered within 5 minutes.");
            }
        }

        var coldPromptMs = warmUp.Elapsed.TotalMilliseconds;
        var statsBefore = session.Host.Completion.Stats;

        using var explainStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var explains = new ExplainLoad(rpc, Uri, mirror.PositionAt(Math.Max(0, start - 1)).Line);
        var explainLoop = explainEverySeconds is { } every ? explains.RunAsync(TimeSpan.FromSeconds(every), explainStop.Token) : Task.CompletedTask;

        var script = TypingModel.Script(typed.Length, seed);
        var pauses = new List<PauseSample>();
        var clock = Stopwatch.StartNew();
        var due = TimeSpan.Zero;
        CancellationTokenSource? previous = null;
        for (var i = 0; i < typed.Length; i++)
        {
            due += script[i].Delay;
            if (clock.Elapsed < due)
            {
                await Task.Delay(due - clock.Elapsed, cancellationToken);
            }

            previous?.Cancel(); // the editor cancels the superseded request ($/cancelRequest)
            previous?.Dispose();
            var at = mirror.PositionAt(start + i);
            var change = new { range = new { start = new { line = at.Line, character = at.Character }, end = new { line = at.Line, character = at.Character } }, text = typed[i].ToString() };
            mirror = mirror.WithChanges([new DocumentChange(new LineRange(at, at), typed[i].ToString())], i + 2);
            await rpc.NotifyWithParameterObjectAsync("textDocument/didChange", new { textDocument = new { uri = Uri, version = i + 2 }, contentChanges = new[] { change } });
            previous = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var request = RequestAsync(session, mirror.PositionAt(start + i + 1), previous.Token);
            if (script[i].EndsBurst)
            {
                pauses.Add(new PauseSample(request, script[i].PauseAfter, explains.Running, mirror, start + i + 1));
            }
        }

        // The last pause lasts as long as its own draw says.
        await Task.Delay(script[^1].PauseAfter, cancellationToken);
        previous?.Cancel();
        previous?.Dispose();
        await explainStop.CancelAsync();
        await explainLoop;
        var statsAfter = session.Host.Completion.Stats;

        var results = new List<(PauseSample Pause, RequestOutcome Outcome)>();
        foreach (var pause in pauses)
        {
            results.Add((pause, await pause.Request));
        }

        var raw = await RawEngineRatioAsync(session, results.Where(r => r.Outcome.Answered(r.Pause.Length) && r.Outcome.Source == "Model").ToList(), cancellationToken);
        var report = Report(results, statsBefore, statsAfter, raw, typed.Length, seed, explains.Started);
        report["coldFirstMs"] = Math.Round(coldPromptMs);
        return report;
    }

    private static JObject Report(
        List<(PauseSample Pause, RequestOutcome Outcome)> results, InlineCompletionStats before, InlineCompletionStats after, double endToEndOverRaw, int keys, int seed, int explains)
    {
        static double Waited((PauseSample Pause, RequestOutcome Outcome) r) =>
            r.Outcome.Answered(r.Pause.Length) ? r.Outcome.Latency.TotalMilliseconds : r.Pause.Length.TotalMilliseconds;

        // With random weights the post-processor rejects most outputs: the time to the model's output,
        // shown or not, is the latency a real model's suggestion would have had.
        static double WaitedForOutput((PauseSample Pause, RequestOutcome Outcome) r) =>
            r.Outcome.ModelAnsweredWithin(r.Pause.Length) ? r.Outcome.Latency.TotalMilliseconds : r.Pause.Length.TotalMilliseconds;

        var all = results.Select(Waited).Order().ToList();
        var output = results.Select(WaitedForOutput).Order().ToList();
        var during = results.Where(r => r.Pause.DuringExplain).Select(Waited).Order().ToList();
        var idle = results.Where(r => !r.Pause.DuringExplain).Select(Waited).Order().ToList();
        var prompt = after.PromptTokens - before.PromptTokens;
        var reused = after.ReusedPromptTokens - before.ReusedPromptTokens;
        return new JObject
        {
            ["keys"] = keys,
            ["seed"] = seed,
            ["pauses"] = results.Count,
            ["pausesAnswered"] = results.Count(r => r.Outcome.Answered(r.Pause.Length)),
            ["pauseToGhostP50Ms"] = Round(Percentile(all, 0.50)),
            ["pauseToGhostP95Ms"] = Round(Percentile(all, 0.95)),
            ["pausesWithModelOutput"] = results.Count(r => r.Outcome.ModelAnsweredWithin(r.Pause.Length)),
            ["pauseToOutputP50Ms"] = Round(Percentile(output, 0.50)),
            ["pauseToOutputP95Ms"] = Round(Percentile(output, 0.95)),
            ["reusedPromptTokensPct"] = prompt == 0 ? null : Math.Round(100.0 * reused / prompt, 1),
            ["duringExplainP95Ms"] = Round(Percentile(during, 0.95)),
            ["idleP95Ms"] = Round(Percentile(idle, 0.95)),
            ["endToEndOverRaw"] = double.IsNaN(endToEndOverRaw) ? null : Math.Round(endToEndOverRaw, 2),
            ["pausesDuringExplain"] = during.Count,
            ["explainsStarted"] = explains,
            ["requests"] = after.Requests - before.Requests,
            ["modelCalls"] = after.ModelCalls - before.ModelCalls,
            ["cacheHits"] = after.CacheHits - before.CacheHits,
            ["dropped"] = after.Dropped - before.Dropped,
            ["outOfTime"] = after.OutOfTime - before.OutOfTime,
            ["dropReasons"] = new JObject((after.DropReasons ?? new Dictionary<CompletionDropReason, long>())
                .Select(r => new JProperty(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(r.Key.ToString()), r.Value - (before.DropReasons?.GetValueOrDefault(r.Key) ?? 0)))),
            ["typeAheadHits"] = after.TypeAheadHits - before.TypeAheadHits,
            ["promptTokens"] = prompt,
            ["reusedPromptTokens"] = reused,
            // Per pause: how long it was, and when (if at all) the answer came; "late" answers came after the next key.
            ["pauseDetails"] = new JArray(results.Select(r => new JObject
            {
                ["lengthMs"] = Math.Round(r.Pause.Length.TotalMilliseconds),
                ["latencyMs"] = Math.Round(r.Outcome.Latency.TotalMilliseconds),
                ["outcome"] = r.Outcome.Answered(r.Pause.Length) ? "shown"
                    : r.Outcome.ModelAnsweredWithin(r.Pause.Length) ? "dropped"
                    : r.Outcome.Cancelled || r.Outcome.Latency >= r.Pause.Length ? "late" : "empty",
            })),
        };
    }

    /// <summary>Prints the figures of <see cref="Report"/> as lines a person reads.</summary>
    public static void PrintText(JObject report, TextWriter stdout)
    {
        var c = CultureInfo.InvariantCulture;
        stdout.WriteLine(string.Create(c, $"cold first completion: {report["coldFirstMs"]} ms"));
        stdout.WriteLine(string.Create(c, $"keys: {report["keys"]} (seed {report["seed"]}); pauses answered: {report["pausesAnswered"]} of {report["pauses"]}"));
        stdout.WriteLine(string.Create(c, $"pause -> ghost: p50 {report["pauseToGhostP50Ms"]} ms, p95 {report["pauseToGhostP95Ms"]} ms; idle p95 {report["idleP95Ms"]} ms, during explain p95 {report["duringExplainP95Ms"]} ms ({report["pausesDuringExplain"]} pauses, {report["explainsStarted"]} explains)"));
        stdout.WriteLine(string.Create(c, $"pause -> model output (shown or dropped by the post-processor): {report["pausesWithModelOutput"]} of {report["pauses"]}; p50 {report["pauseToOutputP50Ms"]} ms, p95 {report["pauseToOutputP95Ms"]} ms"));
        stdout.WriteLine(string.Create(c, $"requests: {report["requests"]}, model calls: {report["modelCalls"]}, out of time (no first token within completion.maxPromptMs): {report["outOfTime"]}, dropped by the post-processor: {report["dropped"]} {report["dropReasons"]?.ToString(Newtonsoft.Json.Formatting.None)}, cache hits: {report["cacheHits"]}, type-ahead hits: {report["typeAheadHits"]}"));
        stdout.WriteLine(string.Create(c, $"prompt tokens: {report["promptTokens"]}, reused from KV cache: {report["reusedPromptTokens"]} ({report["reusedPromptTokensPct"]}%); end-to-end / raw engine: {report["endToEndOverRaw"]}"));
        stdout.Flush();
    }

    public static void PrintJson(JObject report, TextWriter stdout)
    {
        stdout.WriteLine(report.ToString(Formatting.None));
        stdout.Flush();
    }

    private static async Task<RequestOutcome> RequestAsync(BenchLspSession session, LinePosition cursor, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var droppedBefore = session.Host.Completion.Stats.Dropped;
        try
        {
            var result = await session.Rpc.InvokeWithParameterObjectAsync<JObject>(
                "textDocument/inlineCompletion",
                new { textDocument = new { uri = Uri }, position = new { line = cursor.Line, character = cursor.Character }, context = new { triggerKind = 2 } },
                cancellationToken);
            // An empty answer after the post-processor dropped an output still had the model's answer in time.
            var modelAnswered = result is not null || session.Host.Completion.Stats.Dropped > droppedBefore;
            return new RequestOutcome((string?)result?.SelectToken("items[0].command.arguments[1]"), clock.Elapsed) { ModelAnswered = modelAnswered };
        }
        catch (OperationCanceledException)
        {
            return new RequestOutcome(null, clock.Elapsed) { Cancelled = true };
        }
        catch (StreamJsonRpc.RemoteInvocationException ex) when (ex.ErrorCode == Protocol.LspErrorCodes.ServerCancelled)
        {
            return new RequestOutcome(null, clock.Elapsed) { Cancelled = true }; // the server found it stale (an edit came first)
        }
        catch (StreamJsonRpc.RemoteInvocationException ex)
        {
            throw new BenchFailedException($"inline completion failed: {ex.Message}");
        }
    }

    /// <summary>End-to-end time of the model-answered pauses over the engine's own time for the same prompts, run again in order.</summary>
    private static async Task<double> RawEngineRatioAsync(BenchLspSession session, List<(PauseSample Pause, RequestOutcome Outcome)> answered, CancellationToken cancellationToken)
    {
        if (answered.Count == 0)
        {
            return double.NaN;
        }

        var host = session.Host;
        var model = await host.Models.ForCompletion.AcquireAsync(TimeSpan.FromSeconds(5), cancellationToken);
        var settings = host.Settings.Current.Features;
        var raw = TimeSpan.Zero;
        foreach (var (pause, _) in answered)
        {
            var prompt = host.Completion.BuildPrompt(pause.Document, pause.CursorOffset, settings, model.Engine);
            var options = new GenerationOptions { MaxNewTokens = settings.CompletionMaxTokens, StopStrings = prompt.StopTexts };
            var clock = Stopwatch.StartNew();
            await model.Scheduler.RunAsync(
                GenerationPriority.InlineCompletion,
                null,
                (engine, ct) => engine.GenerateAsync(new GenerationRequest(engine.Encode(prompt.Text), options), null, ct),
                cancellationToken);
            raw += clock.Elapsed;
        }

        return answered.Sum(a => a.Outcome.Latency.TotalMilliseconds) / raw.TotalMilliseconds;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static double? Round(double value) => double.IsNaN(value) ? null : Math.Round(value);

    private sealed record PauseSample(Task<RequestOutcome> Request, TimeSpan Length, bool DuringExplain, TextDocument Document, int CursorOffset);

    private sealed record RequestOutcome(string? Source, TimeSpan Latency)
    {
        /// <summary>The model's output came back (shown, or dropped by the post-processor), not cancelled or out of time.</summary>
        public bool ModelAnswered { get; init; }

        /// <summary>Cancelled before it was answered (by the next key, or found stale by the server).</summary>
        public bool Cancelled { get; init; }

        public bool Answered(TimeSpan within) => Source is not null && Latency <= within;

        public bool ModelAnsweredWithin(TimeSpan within) => ModelAnswered && Latency <= within;
    }

    /// <summary>Starts an explain of the lines above the typing every so often, one at a time.</summary>
    private sealed class ExplainLoad(StreamJsonRpc.JsonRpc rpc, string uri, int lastLine)
    {
        private int _running;

        public bool Running => Volatile.Read(ref _running) == 1;

        public int Started { get; private set; }

        public async Task RunAsync(TimeSpan every, CancellationToken cancellationToken)
        {
            try
            {
                while (true)
                {
                    await Task.Delay(every, cancellationToken);
                    Started++;
                    Volatile.Write(ref _running, 1);
                    try
                    {
                        var range = new { start = new { line = Math.Max(0, lastLine - 12), character = 0 }, end = new { line = lastLine, character = 0 } };
                        await rpc.InvokeWithParameterObjectAsync<JToken>("assistant/explain", new { textDocument = new { uri }, range }, cancellationToken);
                    }
                    catch (StreamJsonRpc.RemoteInvocationException)
                    {
                        // An explain the server refused still loaded nothing; the next one tries again.
                    }
                    finally
                    {
                        Volatile.Write(ref _running, 0);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The typing ended.
            }
        }
    }
}
