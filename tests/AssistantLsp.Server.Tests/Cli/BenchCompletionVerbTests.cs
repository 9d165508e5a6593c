using System.Text.RegularExpressions;
using AssistantLsp.Server.Tests.TestSupport;

namespace AssistantLsp.Server.Tests.Cli;

/// <summary>`bench completion` on the tiny random model and a small file (the real binary).</summary>
public class BenchCompletionVerbTests
{
    [Fact]
    public void Prints_latency_percentiles_hit_rates_reused_tokens_and_the_engine_ratio()
    {
        var file = Path.Combine(TestTemp.Root, $"bench-{Guid.NewGuid():N}.cs");
        File.WriteAllText(file, string.Join('\n', Enumerable.Range(0, 20).Select(i => $"int f{i}(int x) => x * {i};")) + "\n");
        var (code, stdout, stderr) = ServerProcess.RunToEnd("bench", "completion", "--model", TestModels.Random.Directory, "--file", file, "--keys-per-second", "100", "--keys", "30");
        Assert.True(code == 0, stderr);
        Assert.Matches(new Regex(@"keystrokes: 30 at 100/s; requests answered: \d+, empty: \d+, cancelled/superseded: \d+"), stdout);
        Assert.Matches(new Regex(@"latency \(answered or empty\): p50 \d+\.\d ms, p95 \d+\.\d ms"), stdout);
        Assert.Matches(new Regex(@"cache hits: [\d.]+%, type-ahead hits: [\d.]+%, model calls: [1-9]\d* of \d+ requests"), stdout);
        Assert.Matches(new Regex(@"prompt tokens: [1-9]\d*, reused from KV cache: \d+"), stdout);
        Assert.Matches(new Regex(@"end-to-end / raw engine time \(same prompts\): [\d.]+ ms / [\d.]+ ms = (\d+\.\d\d|n/a \(no request was answered by the model\))$", RegexOptions.Multiline), stdout);
    }

    [Fact]
    public void The_typing_model_prints_one_json_object_with_pause_figures_and_why_outputs_were_not_shown()
    {
        var file = Path.Combine(TestTemp.Root, $"bench-{Guid.NewGuid():N}.cs");
        File.WriteAllText(file, string.Join('\n', Enumerable.Range(0, 20).Select(i => $"int f{i}(int x) => x * {i};")) + "\n");
        var (code, stdout, stderr) = ServerProcess.RunToEnd("bench", "completion", "--model", TestModels.Random.Directory, "--file", file, "--keys", "24", "--seed", "3", "--json");
        Assert.True(code == 0, stderr);
        var report = Newtonsoft.Json.Linq.JObject.Parse(stdout.Trim().Split('\n')[^1]);
        var pauses = (int)report["pauses"]!;
        var answered = (int)report["pausesAnswered"]!;
        var withOutput = (int)report["pausesWithModelOutput"]!;
        Assert.True(pauses > 0);
        Assert.InRange(answered, 0, withOutput); // a shown suggestion is a model output
        Assert.InRange(withOutput, 0, pauses);
        Assert.True((double)report["pauseToOutputP50Ms"]! <= (double)report["pauseToGhostP50Ms"]!);
        var dropped = (long)report["dropped"]!;
        Assert.Equal(dropped, ((Newtonsoft.Json.Linq.JObject)report["dropReasons"]!).Properties().Sum(p => (long)p.Value));
        Assert.NotNull(report["outOfTime"]);
        var details = (Newtonsoft.Json.Linq.JArray)report["pauseDetails"]!;
        Assert.Equal(pauses, details.Count);
        Assert.All(details, d => Assert.Contains((string?)d["outcome"], new[] { "shown", "dropped", "late", "empty" }));
        Assert.Equal(answered, details.Count(d => (string?)d["outcome"] == "shown"));
        Assert.NotNull(report["reusedPromptTokensPct"]);
    }

    [Fact]
    public void Missing_file_is_a_usage_error()
    {
        var (code, _, stderr) = ServerProcess.RunToEnd("bench", "completion", "--model", TestModels.Random.Directory, "--file", "/no/such/file.cs");
        Assert.Equal(2, code);
        Assert.Contains("does not exist", stderr, StringComparison.Ordinal);
    }
}
