using System.Diagnostics;
using AssistantLsp.ModelWriting.Contrib;

namespace AssistantLsp.ModelWriting.Benchmarks;

/// <summary>A model pair ready in the cache, and whether it was written now.</summary>
public sealed record CachedModelPair(QwenModelPair Pair, string Directory, bool Reused, TimeSpan WriteTime);

/// <summary>
/// Keeps the benchmark's random model pairs in a per-user cache folder (never in the repository):
/// one subfolder per shape and writer version, reused when its completion marker says it is whole.
/// Only genai_config.json is rewritten each time (it carries the thread count).
/// </summary>
public static class BenchmarkModelCache
{
    /// <summary>Bump when the written models change, so stale caches are rewritten.</summary>
    public const string WriterVersion = "contrib-v3";

    private const string MarkerFile = "complete";

    /// <summary>$XDG_CACHE_HOME/assistant-lsp/bench, else ~/.cache/assistant-lsp/bench (the local application data folder on Windows).</summary>
    public static string DefaultRoot()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var baseDirectory = !string.IsNullOrEmpty(xdg) ? xdg
            : OperatingSystem.IsWindows() ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(baseDirectory, "assistant-lsp", "bench");
    }

    /// <summary>
    /// The pair of <paramref name="shape"/> when the cache holds it whole (its marker matches), else
    /// null; reads only, so it is safe while another process writes the cache.
    /// </summary>
    public static QwenModelPair? TryFind(QwenShape shape, string root)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var options = new QwenPairOptions();
        var directory = Path.Combine(root, $"{shape.Name}-{WriterVersion}-seed{options.Seed}");
        var marker = Path.Combine(directory, MarkerFile);
        var pair = new QwenModelPair(Path.Combine(directory, QwenModelPairWriter.OnnxFolder), Path.Combine(directory, QwenModelPairWriter.GgufFile));
        var expected = $"{WriterVersion} {shape} {options.Seed} {options.AccuracyLevel}";
        return File.Exists(marker) && File.ReadAllText(marker) == expected && File.Exists(pair.GgufPath) ? pair : null;
    }

    public static CachedModelPair Ensure(QwenShape shape, string root, int threads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var options = new QwenPairOptions { Threads = threads };
        var directory = Path.Combine(root, $"{shape.Name}-{WriterVersion}-seed{options.Seed}");
        var marker = Path.Combine(directory, MarkerFile);
        var expected = $"{WriterVersion} {shape} {options.Seed} {options.AccuracyLevel}";
        var pair = new QwenModelPair(Path.Combine(directory, QwenModelPairWriter.OnnxFolder), Path.Combine(directory, QwenModelPairWriter.GgufFile));
        if (File.Exists(marker) && File.ReadAllText(marker) == expected && File.Exists(pair.GgufPath))
        {
            QwenOnnxFiles.Write(pair.OnnxDirectory, shape, threads);
            return new CachedModelPair(pair, directory, Reused: true, TimeSpan.Zero);
        }

        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        var clock = Stopwatch.StartNew();
        pair = QwenModelPairWriter.Write(shape, directory, options, cancellationToken);
        File.WriteAllText(marker, expected);
        return new CachedModelPair(pair, directory, Reused: false, clock.Elapsed);
    }
}
