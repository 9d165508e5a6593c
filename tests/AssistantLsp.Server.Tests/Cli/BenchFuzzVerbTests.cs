using AssistantLsp.Server.Tests.TestSupport;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Tests.Cli;

/// <summary>
/// `bench fuzz`: a bounded, seeded run of hostile traffic against the real binary over real stdio
/// (issue #15). Any crash, hang (no answer within 5 s) or -32603 answer fails the test.
/// </summary>
public class BenchFuzzVerbTests
{
    [Fact]
    public void Three_thousand_hostile_messages_cause_no_crash_hang_or_internal_error()
    {
        // Every family, the features' ones included (surrogate positions, bad diagnostics, huge documents).
        var (code, stdout, stderr) = ServerProcess.RunToEnd(TimeSpan.FromMinutes(5), "bench", "fuzz", "--messages", "3000", "--seed", "20261130", "--json");
        Assert.True(stdout.Trim().Length > 0, $"no report (exit {code}); stderr:\n{stderr}");
        var report = JObject.Parse(stdout.Trim().Split('\n')[^1]);
        var problems = string.Join("\n", report["problems"]!.Values<string>()) + "\nstderr:\n" + stderr;
        Assert.Equal(3000, (int)report["messages"]!);
        Assert.True((int)report["crashes"]! == 0, problems);
        Assert.True((int)report["hangs"]! == 0, problems);
        Assert.True((int)report["internalErrors"]! == 0, problems);
        Assert.True(code == 0, problems);
        Assert.True((double)report["rssStartMb"]! > 0 && (double)report["rssEndMb"]! > 0);
        foreach (var family in new[] { "stray-response", "deep-json", "invalid-utf8", "wrong-content-length", "missing-separator", "binary-garbage", "duplicate-id", "valid-request" })
        {
            Assert.True((int?)report["families"]![family] > 0, $"family {family} was never sent");
        }
    }

    [Fact]
    public void The_same_seed_sends_the_same_families()
    {
        var first = JObject.Parse(ServerProcess.RunToEnd(TimeSpan.FromMinutes(2), "bench", "fuzz", "--messages", "200", "--seed", "7", "--json", "--skip", "huge-document", "huge-string").Stdout.Trim().Split('\n')[^1]);
        var second = JObject.Parse(ServerProcess.RunToEnd(TimeSpan.FromMinutes(2), "bench", "fuzz", "--messages", "200", "--seed", "7", "--json", "--skip", "huge-document", "huge-string").Stdout.Trim().Split('\n')[^1]);
        Assert.True(JToken.DeepEquals(first["families"], second["families"]));
    }

    [Fact]
    public void An_unknown_family_is_a_usage_error()
    {
        var (code, _, stderr) = ServerProcess.RunToEnd("bench", "fuzz", "--skip", "no-such-family");
        Assert.Equal(2, code);
        Assert.Contains("no-such-family", stderr, StringComparison.Ordinal);
    }
}
