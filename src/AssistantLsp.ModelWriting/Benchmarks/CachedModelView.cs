using AssistantLsp.ModelWriting.Contrib;

namespace AssistantLsp.ModelWriting.Benchmarks;

/// <summary>
/// Uses a benchmark model pair someone else keeps in the cache without touching it: when the
/// cache folder is whole, the ONNX model is opened through a private folder of links to its
/// files with its own genai_config.json (the thread count lives there), so concurrent benchmark
/// runs never rewrite each other's files. A folder that is not whole is written as usual.
/// </summary>
public static class CachedModelView
{
    public static CachedModelPair Open(QwenShape shape, string root, int threads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var directory = Path.Combine(root, $"{shape.Name}-{BenchmarkModelCache.WriterVersion}-seed{new QwenPairOptions().Seed}");
        var gguf = Path.Combine(directory, QwenModelPairWriter.GgufFile);
        var onnx = Path.Combine(directory, QwenModelPairWriter.OnnxFolder);
        if (!File.Exists(Path.Combine(directory, "complete")) || !File.Exists(gguf) || !Directory.Exists(onnx))
        {
            return BenchmarkModelCache.Ensure(shape, root, threads, cancellationToken);
        }

        var view = Path.Combine(Path.GetTempPath(), $"assistant-lsp-bench-view-{Environment.ProcessId}-{shape.Name}");
        if (Directory.Exists(view))
        {
            Directory.Delete(view, recursive: true);
        }

        Directory.CreateDirectory(view);
        foreach (var file in Directory.EnumerateFiles(onnx))
        {
            var name = Path.GetFileName(file);
            if (name.StartsWith("model", StringComparison.Ordinal))
            {
                File.CreateSymbolicLink(Path.Combine(view, name), file);
            }
        }

        QwenOnnxFiles.Write(view, shape, threads);
        return new CachedModelPair(new QwenModelPair(view, gguf), directory, Reused: true, TimeSpan.Zero);
    }
}
