using System.Text.RegularExpressions;
using AssistantLsp.Server.Tests.TestSupport;

namespace AssistantLsp.Server.Tests.Cli;

/// <summary>`bench engines` smoke run on the tiny shape (the real binary; the full shapes are not run in CI).</summary>
public sealed class BenchEnginesVerbTests : IDisposable
{
    private readonly string _cache = Path.Combine(TestTemp.Root, $"bench-engines-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_cache))
        {
            Directory.Delete(_cache, recursive: true);
        }
    }

    [Fact]
    public void Tiny_shape_prints_both_engines_figures_and_their_ratio_and_reuses_the_cached_models()
    {
        var (code, stdout, stderr) = ServerProcess.RunToEnd("bench", "engines", "--shape", "tiny", "--runs", "1", "--threads", "1", "--cache", _cache);

        Assert.True(code == 0, stderr);
        Assert.Matches(new Regex(@"shape tiny \(2 layers, hidden 64"), stdout);
        Assert.Matches(new Regex(@"machine: .*\d+ logical cores, .*; threads 1; runs 1; \d{4}-\d\d-\d\d"), stdout);
        Assert.Matches(new Regex(@"models: .*written in"), stdout);
        Assert.Matches(new Regex(@"\nonnx-genai +\d+\.\d +\d+\.\d +\d+\.\d/\d+\.\d\r?\n"), stdout);
        Assert.Matches(new Regex(@"\nllama\.cpp +\d+\.\d +\d+\.\d +\d+\.\d/\d+\.\d\r?\n"), stdout);
        Assert.Matches(new Regex(@"ratio onnx-genai / llama\.cpp \(medians\): prefill \d+\.\d\d, decode \d+\.\d\d"), stdout);

        var (again, secondOut, secondErr) = ServerProcess.RunToEnd("bench", "engines", "--shape", "tiny", "--runs", "1", "--cache", _cache);
        Assert.True(again == 0, secondErr);
        Assert.Contains("(reused;", secondOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--shape", "7b")]
    [InlineData("--threads", "0")]
    [InlineData("--runs", "0")]
    public void Bad_options_are_usage_errors(string option, string value)
    {
        var (code, _, stderr) = ServerProcess.RunToEnd("bench", "engines", option, value, "--cache", _cache);

        Assert.Equal(2, code);
        Assert.Contains(option, stderr, StringComparison.Ordinal);
    }
}
