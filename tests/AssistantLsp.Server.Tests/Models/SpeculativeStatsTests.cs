using AssistantLsp.ModelWriting.Gguf;
using AssistantLsp.Server.Tests.TestSupport;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Tests.Models;

/// <summary>
/// Speculative decoding seen from the client: explain's stats and assistant/status carry the
/// draft counts, acceptance and effective rate; `generation.speculative: off` drafts nothing.
/// </summary>
public class SpeculativeStatsTests
{
    private const string Uri = "file:///workspace/calc.py";

    /// <summary>Random weights fall into loops, so prompt lookup finds drafts in the output so far.</summary>
    private static string RandomGguf() => TestModels.WriteGguf(GgufTestModelSpec.Random(seed: 5) with { ContextLength = 300 });

    [Theory]
    [InlineData("auto")]
    [InlineData("off")]
    public async Task Explain_and_status_report_speculative_decoding(string speculative)
    {
        await using var client = await ReadyServer.StartAsync(RandomGguf(), new { reasoning = new { temperature = 0, maxThinkingTokens = 48 }, generation = new { speculative } });
        await client.OpenAsync(Uri, "def add(a, b):\n    return a + b\n", "python");

        var result = await client.RequestAsync<JObject>("assistant/explain", new
        {
            textDocument = new { uri = Uri },
            range = new { start = new { line = 0, character = 0 }, end = new { line = 1, character = 16 } },
        });
        var status = await client.RequestAsync<JObject>("assistant/status", null);

        var stats = (JObject)result["stats"]!;
        var drafted = (int)stats["draftedTokens"]!;
        var accepted = (int)stats["acceptedDraftTokens"]!;
        Assert.True((double)stats["effectiveTokensPerSecond"]! > 0);
        Assert.Equal(drafted, (int)status.SelectToken("stats.draftedTokens")!);
        Assert.Equal(accepted, (int)status.SelectToken("stats.acceptedDraftTokens")!);
        Assert.NotNull(status.SelectToken("stats.draftAcceptanceRate"));
        Assert.NotNull(status.SelectToken("stats.effectiveTokensPerSecond"));
        if (speculative == "off")
        {
            Assert.Equal(0, drafted);
        }
        else
        {
            Assert.True(accepted > 0, $"accepted {accepted} of {drafted}");
            Assert.InRange((double)stats["draftAcceptanceRate"]!, 0.01, 1);
        }
    }
}
