using System.CommandLine;
using System.Globalization;
using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.LlamaCpp;
using AssistantLsp.Inference.Loading;
using AssistantLsp.Inference.OnnxGenAi;
using AssistantLsp.ModelWriting.Benchmarks;
using AssistantLsp.ModelWriting.Contrib;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Cli;

/// <summary>
/// `bench speculative`: plain versus speculative (prompt-lookup) decode rates on the `bench
/// engines` models, per engine and share of copyable output (see <see cref="SpeculativeBenchmark"/>).
/// </summary>
internal static class BenchSpeculativeVerb
{
    public static Command Create(TextWriter stdout)
    {
        var shape = BenchModelOptions.Shape();
        var threads = BenchModelOptions.Threads();
        var runs = new Option<int>("--runs") { Description = "Measured plain/speculative run pairs per row.", DefaultValueFactory = _ => 1 };
        runs.AddRange(r => r is >= 1 and <= 50, "--runs must be from 1 to 50.");
        var tokens = new Option<int>("--tokens") { Description = "Tokens decoded per run.", DefaultValueFactory = _ => 128 };
        tokens.AddRange(t => t is >= 8 and <= 512, "--tokens must be from 8 to 512.");
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the rows instead of the table." };
        var cache = BenchModelOptions.Cache();

        var command = new Command("speculative", "Plain versus speculative decoding at 100, 75, 50 and 0 % copyable output, on both engines.")
        {
            shape, threads, runs, tokens, json, cache,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = QwenShape.Find(parse.GetValue(shape)!)!;
            var root = parse.GetValue(cache) is { Length: > 0 } folder ? Path.GetFullPath(folder) : BenchmarkModelCache.DefaultRoot();
            try
            {
                await RunAsync(stdout, chosen, parse.GetValue(threads), parse.GetValue(runs), parse.GetValue(tokens), parse.GetValue(json), root, cancellationToken);
                return 0;
            }
            catch (Exception ex) when (ex is ModelLoadException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                Console.Error.WriteLine($"assistant-lsp: bench speculative failed: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    private static async Task RunAsync(TextWriter stdout, QwenShape shape, int threads, int runs, int tokens, bool json, string root, CancellationToken cancellationToken)
    {
        var c = CultureInfo.InvariantCulture;
        Console.Error.WriteLine($"assistant-lsp: preparing models in {root} ...");
        var models = await Task.Run(() => CachedModelView.Open(shape, root, threads, cancellationToken), cancellationToken);
        using var onnx = OnnxGenAiEngine.Load(models.Pair.OnnxDirectory);
        using var llama = LlamaCppEngine.Load(models.Pair.GgufPath, new LlamaCppEngineOptions { Threads = threads, ContextSize = shape.Context });
        var promptTokens = Math.Min(256, shape.Context / 4);
        if (!json)
        {
            stdout.WriteLine(string.Create(c, $"bench speculative: shape {shape.Name}, threads {threads}, prompt {promptTokens} tokens, {tokens} decoded tokens, runs {runs}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
            stdout.WriteLine(string.Create(c, $"{"engine",-12} {"copyable",9} {"plain tok/s",12} {"spec tok/s",12} {"speedup",8} {"accepted",9} {"loops",6}  identical"));
            stdout.Flush();
        }

        var rows = await SpeculativeBenchmark.RunAsync(
            [("onnx-genai", (IInferenceEngine)onnx), ("llama.cpp", llama)],
            promptTokens,
            tokens,
            runs,
            row =>
            {
                if (!json)
                {
                    stdout.WriteLine(string.Create(c, $"{row.Engine,-12} {row.Acceptance,8}% {row.PlainTokPerSec,12:0.0} {row.SpeculativeTokPerSec,12:0.0} {row.Speedup,7:0.00}x {row.DraftAcceptanceRate * 100,8:0}% {row.ContinuationSelfRepetition * 100,5:0}%  {(row.Identical ? "yes" : string.Create(c, $"NO (first {row.MatchingPrefix} of {row.GeneratedTokens} equal)"))}"));
                    stdout.Flush();
                }
            },
            cancellationToken);

        if (json)
        {
            var result = new JObject
            {
                ["shape"] = shape.Name,
                ["threads"] = threads,
                ["rows"] = new JArray(rows.Select(r => new JObject
                {
                    ["engine"] = r.Engine,
                    ["acceptance"] = r.Acceptance,
                    ["plainTokPerSec"] = Finite(r.PlainTokPerSec, 2),
                    ["speculativeTokPerSec"] = Finite(r.SpeculativeTokPerSec, 2),
                    ["speedup"] = Finite(r.Speedup, 3),
                    ["identical"] = r.Identical,
                    ["draftAcceptanceRate"] = Math.Round(r.DraftAcceptanceRate, 3),
                    ["generatedTokens"] = r.GeneratedTokens,
                    ["continuationSelfRepetition"] = Math.Round(r.ContinuationSelfRepetition, 3),
                    ["matchingPrefixTokens"] = r.MatchingPrefix,
                })),
            };
            stdout.WriteLine(result.ToString(Newtonsoft.Json.Formatting.None));
            stdout.Flush();
        }
    }

    /// <summary>JSON has no NaN: a figure that could not be measured is null.</summary>
    private static JToken Finite(double value, int digits) => double.IsFinite(value) ? Math.Round(value, digits) : JValue.CreateNull();
}
