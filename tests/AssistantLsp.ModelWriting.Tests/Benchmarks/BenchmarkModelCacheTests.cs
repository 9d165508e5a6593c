using AssistantLsp.ModelWriting.Benchmarks;
using AssistantLsp.ModelWriting.Contrib;

namespace AssistantLsp.ModelWriting.Tests.Benchmarks;

public sealed class BenchmarkModelCacheTests : IDisposable
{
    private readonly string _root = Path.Combine(TestTemp.Root, "bench-cache-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Whole_pair_is_reused_and_only_the_thread_count_is_rewritten()
    {
        var first = BenchmarkModelCache.Ensure(QwenShape.Tiny, _root, threads: 1, CancellationToken.None);
        var gguf = File.GetLastWriteTimeUtc(first.Pair.GgufPath);

        var second = BenchmarkModelCache.Ensure(QwenShape.Tiny, _root, threads: 3, CancellationToken.None);

        Assert.False(first.Reused);
        Assert.True(second.Reused);
        Assert.Equal(gguf, File.GetLastWriteTimeUtc(second.Pair.GgufPath));
        Assert.Contains("\"intra_op_num_threads\": 3", File.ReadAllText(Path.Combine(second.Pair.OnnxDirectory, QwenOnnxFiles.ConfigFile)), StringComparison.Ordinal);
    }

    [Fact]
    public void Pair_without_its_completion_marker_is_written_again()
    {
        var first = BenchmarkModelCache.Ensure(QwenShape.Tiny, _root, threads: 1, CancellationToken.None);
        File.Delete(Path.Combine(first.Directory, "complete"));
        File.WriteAllText(first.Pair.GgufPath, "truncated");

        var second = BenchmarkModelCache.Ensure(QwenShape.Tiny, _root, threads: 1, CancellationToken.None);

        Assert.False(second.Reused);
        Assert.True(new FileInfo(second.Pair.GgufPath).Length > 1000);
    }

    [Fact]
    public void Default_root_is_outside_the_working_directory() =>
        Assert.EndsWith(Path.Combine("assistant-lsp", "bench"), BenchmarkModelCache.DefaultRoot(), StringComparison.Ordinal);
}
