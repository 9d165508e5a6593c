using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.LlamaCpp;
using AssistantLsp.Inference.Loading;
using AssistantLsp.Inference.OnnxGenAi;
using AssistantLsp.ModelWriting.Benchmarks;
using AssistantLsp.ModelWriting.Contrib;

namespace AssistantLsp.Server.Cli;

/// <summary>
/// `bench engines`: writes one random-weight model of a real shape in both formats with the same
/// int4 weights (ONNX with the GenAI model builder's contrib ops, GGUF Q4_0) into a cache folder,
/// then measures prefill and decode rates of ONNX Runtime GenAI and llama.cpp on the same thread
/// count, alternating runs, and prints the medians and their ratio.
/// </summary>
internal static class BenchEnginesVerb
{
    private const int PromptTokens = 512;
    private const int DecodeTokens = 128;

    public static Command Create(TextWriter stdout)
    {
        var shape = BenchModelOptions.Shape();
        var threads = BenchModelOptions.Threads();
        var runs = new Option<int>("--runs") { Description = "Measured runs per engine.", DefaultValueFactory = _ => 3 };
        runs.AddRange(r => r is >= 1 and <= 200, "--runs must be from 1 to 200.");
        var cache = BenchModelOptions.Cache();

        var engines = new Command("engines", "Compare ONNX Runtime GenAI and llama.cpp on random int4 models of a real shape.") { shape, threads, runs, cache };
        engines.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = QwenShape.Find(parse.GetValue(shape)!)!;
            int threadCount = parse.GetValue(threads), runCount = parse.GetValue(runs);
            var root = parse.GetValue(cache) is { Length: > 0 } folder ? Path.GetFullPath(folder) : BenchmarkModelCache.DefaultRoot();
            try
            {
                await RunAsync(stdout, chosen, threadCount, runCount, root, cancellationToken);
                return 0;
            }
            catch (Exception ex) when (ex is ModelLoadException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                Console.Error.WriteLine($"assistant-lsp: bench engines failed: {ex.Message}");
                return 1;
            }
        });
        return engines;
    }

    private static async Task RunAsync(TextWriter stdout, QwenShape shape, int threads, int runs, string root, CancellationToken cancellationToken)
    {
        var c = CultureInfo.InvariantCulture;
        stdout.WriteLine(string.Create(c, $"bench engines: shape {shape.Name} ({shape.Layers} layers, hidden {shape.Hidden}, {shape.Heads} heads / {shape.KvHeads} KV heads x {shape.HeadSize}, MLP {shape.Mlp}, vocab {shape.Vocab}, {shape.Parameters / 1e9:0.00}B int4 block-32 parameters{(shape.TiedEmbeddings ? ", tied head" : string.Empty)})"));
        stdout.WriteLine(string.Create(c, $"machine: {CpuName()}{Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription.Trim()} {RuntimeInformation.OSArchitecture}; threads {threads}; runs {runs}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        stdout.Flush();
        Console.Error.WriteLine($"assistant-lsp: preparing models in {root} ...");
        var models = await Task.Run(() => BenchmarkModelCache.Ensure(shape, root, threads, cancellationToken), cancellationToken);
        stdout.WriteLine(string.Create(c, $"models: {models.Directory} ({(models.Reused ? "reused" : $"written in {models.WriteTime.TotalSeconds:0.0} s")}; ONNX {Megabytes(models.Pair.OnnxDirectory)} MB: MatMulNBits/GroupQueryAttention/SkipSimplifiedLayerNormalization; GGUF Q4_0 {Megabytes(models.Pair.GgufPath)} MB)"));

        var clock = Stopwatch.StartNew();
        using var onnx = OnnxGenAiEngine.Load(models.Pair.OnnxDirectory);
        var onnxLoad = clock.Elapsed;
        clock.Restart();
        using var llama = LlamaCppEngine.Load(models.Pair.GgufPath, new LlamaCppEngineOptions { Threads = threads, ContextSize = shape.Context });
        var llamaLoad = clock.Elapsed;
        stdout.WriteLine(string.Create(c, $"load: onnx-genai {onnxLoad.TotalSeconds:0.00} s, llama.cpp {llamaLoad.TotalSeconds:0.00} s"));
        stdout.Flush();

        var loadBefore = LoadAverage();
        var figures = await EngineBenchmark.RunAsync([("onnx-genai", (IInferenceEngine)onnx), ("llama.cpp", llama)], runs, PromptTokens, DecodeTokens, cancellationToken);
        stdout.WriteLine(string.Create(c, $"{"engine",-12} {$"prefill tok/s ({PromptTokens})",22} {$"decode tok/s ({DecodeTokens})",22}   runs (prefill/decode)"));
        foreach (var engine in figures)
        {
            var each = string.Join(", ", engine.Runs.Select(r => string.Create(c, $"{r.PrefillTokensPerSecond:0.0}/{r.DecodeTokensPerSecond:0.0}{(r.GeneratedTokens < DecodeTokens ? $" ({r.GeneratedTokens} tokens)" : string.Empty)}")));
            stdout.WriteLine(string.Create(c, $"{engine.Engine,-12} {engine.MedianPrefill,22:0.0} {engine.MedianDecode,22:0.0}   {each}"));
        }

        if (loadBefore is not null)
        {
            // Other processes competing for the cores skew every figure: say how busy the machine was.
            stdout.WriteLine($"load average (1 min) before / after the runs: {loadBefore} / {LoadAverage()}");
        }

        var (o, l) = (figures[0], figures[1]);
        stdout.WriteLine(string.Create(c, $"ratio onnx-genai / llama.cpp (medians): prefill {o.MedianPrefill / l.MedianPrefill:0.00}, decode {o.MedianDecode / l.MedianDecode:0.00}"));
        stdout.Flush();
    }

    private static long Megabytes(string path) =>
        (File.Exists(path) ? new FileInfo(path).Length : new DirectoryInfo(path).EnumerateFiles().Sum(f => f.Length)) / 1_000_000;

    /// <summary>The CPU's model name and a comma on Linux (from /proc/cpuinfo); empty elsewhere or when unreadable.</summary>
    private static string CpuName()
    {
        try
        {
            var line = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
            return line is null ? string.Empty : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim() + ", ";
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    /// <summary>The 1-minute load average on Linux (/proc/loadavg); null elsewhere.</summary>
    private static string? LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
