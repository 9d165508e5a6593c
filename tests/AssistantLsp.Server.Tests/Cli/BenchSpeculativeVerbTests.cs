using System.Text.RegularExpressions;
using AssistantLsp.Server.Tests.TestSupport;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Tests.Cli;

/// <summary>`bench speculative` smoke run on the tiny shape (the real binary; the full shapes are not run in CI).</summary>
public sealed class BenchSpeculativeVerbTests : IDisposable
{
    private readonly string _cache = Path.Combine(TestTemp.Root, $"bench-speculative-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_cache))
        {
            Directory.Delete(_cache, recursive: true);
        }
    }

    [Fact]
    public void Tiny_shape_prints_a_row_per_engine_and_acceptance_level_as_table_and_json()
    {
        var (code, stdout, stderr) = ServerProcess.RunToEnd("bench", "speculative", "--shape", "tiny", "--threads", "1", "--tokens", "32", "--cache", _cache);

        Assert.True(code == 0, stderr);
        Assert.Matches(new Regex(@"shape tiny, threads 1, prompt \d+ tokens, 32 decoded tokens"), stdout);
        foreach (var engine in new[] { "onnx-genai", "llama\\.cpp" })
        {
            foreach (var level in new[] { 100, 75, 50, 0 })
            {
                Assert.Matches(new Regex($@"\n{engine} +{level}% +\d+\.\d +\d+\.\d +\d+\.\d\dx +\d+% +\d+% +(yes|NO \(first \d+ of \d+ equal\))\r?\n"), stdout);
            }
        }

        var (again, json, secondErr) = ServerProcess.RunToEnd("bench", "speculative", "--shape", "tiny", "--threads", "1", "--tokens", "32", "--json", "--cache", _cache);
        Assert.True(again == 0, secondErr);
        var rows = (JArray)JObject.Parse(json.Trim())["rows"]!;
        Assert.Equal(8, rows.Count);
        foreach (var row in rows.Cast<JObject>())
        {
            Assert.Contains((string?)row["engine"], new[] { "onnx-genai", "llama.cpp" });
            Assert.Contains((int)row["acceptance"]!, new[] { 100, 75, 50, 0 });
            Assert.True((double)row["plainTokPerSec"]! > 0);
            Assert.True((double)row["speculativeTokPerSec"]! > 0);
            Assert.True((double)row["speedup"]! > 0);
            Assert.Equal(JTokenType.Boolean, row["identical"]!.Type);
        }
    }

    [Theory]
    [InlineData("--shape", "7b")]
    [InlineData("--tokens", "2")]
    [InlineData("--runs", "0")]
    public void Bad_options_are_usage_errors(string option, string value)
    {
        var (code, _, stderr) = ServerProcess.RunToEnd("bench", "speculative", option, value, "--cache", _cache);

        Assert.Equal(2, code);
        Assert.Contains(option, stderr, StringComparison.Ordinal);
    }
}
