using AssistantLsp.Features.Context;

namespace AssistantLsp.Features.Tests.Context;

public class ContextChunkRingTests
{
    private static string Lines(int from, int count) =>
        string.Join("\n", Enumerable.Range(from, count).Select(i => $"line {i}"));

    [Fact]
    public void Keeps_at_most_capacity_chunks_dropping_the_oldest()
    {
        var ring = new ContextChunkRing(capacity: 3);
        for (var i = 0; i < 5; i++)
        {
            ring.Add(new ContextChunk($"f{i}.cs", Lines(i * 100, 5)));
        }

        Assert.Equal(["f4.cs", "f3.cs", "f2.cs"], ring.Snapshot().Select(c => c.Path));
    }

    // Lines shared out of 20 each: Dice = shared / 20. Above 0.9 the older chunk goes.
    [Theory]
    [InlineData(20, 1)] // identical
    [InlineData(19, 1)] // 0.95: near-duplicate
    [InlineData(18, 2)] // 0.90: not above the threshold
    [InlineData(5, 2)]
    public void Evicts_near_duplicates_of_a_new_chunk(int sharedLines, int expectedCount)
    {
        var ring = new ContextChunkRing();
        ring.Add(new ContextChunk("a.cs", Lines(0, 20)));

        ring.Add(new ContextChunk("a.cs", Lines(20 - sharedLines, 20)));

        Assert.Equal(expectedCount, ring.Count);
        Assert.Equal(Lines(20 - sharedLines, 20), ring.Snapshot()[0].Text);
    }

    [Fact]
    public void Similarity_ignores_indentation_and_blank_lines()
    {
        var a = ContextChunkRing.LineSet("  x = 1\n\n\ty = 2\r\n");
        var b = ContextChunkRing.LineSet("x = 1\ny = 2");

        Assert.Equal(1.0, ContextChunkRing.Similarity(a, b));
    }

    [Fact]
    public void Blank_chunks_are_ignored()
    {
        var ring = new ContextChunkRing();

        ring.Add(new ContextChunk("a.cs", " \r\n\n"));

        Assert.Equal(0, ring.Count);
    }

    [Theory]
    [InlineData(1000, new[] { "c.cs", "b.cs", "a.cs" })]
    [InlineData(30, new[] { "c.cs", "a.cs" })] // b is too big for what c leaves; older a still fits
    [InlineData(12, new[] { "c.cs" })]
    [InlineData(5, new string[0])]
    public void Pick_returns_the_most_recent_chunks_that_fit(int budget, string[] expected)
    {
        var ring = new ContextChunkRing();
        ring.Add(new ContextChunk("a.cs", "aaaaaaaaaaaa")); // 4 + 12 tokens
        ring.Add(new ContextChunk("b.cs", new string('b', 40))); // 4 + 40
        ring.Add(new ContextChunk("c.cs", "cccccccc")); // 4 + 8

        var picked = ring.Pick(budget, TestTokenCounters.PerChar);

        Assert.Equal(expected, picked.Select(c => c.Path));
    }

    [Fact]
    public void Pick_leaves_out_the_excluded_document_and_remove_forgets_a_path()
    {
        var ring = new ContextChunkRing();
        ring.Add(new ContextChunk("a.cs", "alpha"));
        ring.Add(new ContextChunk("b.cs", "beta"));
        ring.Add(new ContextChunk("c.cs", "gamma"));

        ring.Remove("c.cs");

        Assert.Equal(["a.cs"], ring.Pick(100, TestTokenCounters.PerChar, excludePath: "b.cs").Select(c => c.Path));
    }

    [Fact]
    public void AddAround_takes_the_lines_around_the_edit()
    {
        var ring = new ContextChunkRing();
        var text = Lines(0, 100);

        ring.AddAround("big.cs", text, text.IndexOf("line 50", StringComparison.Ordinal), lineCount: 4);

        Assert.Equal("line 48\nline 49\nline 50\nline 51", ring.Snapshot()[0].Text);
    }

    [Fact]
    public async Task Concurrent_adds_and_picks_keep_the_bound()
    {
        var ring = new ContextChunkRing(capacity: 8);
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                ring.Add(new ContextChunk($"w{w}.cs", Lines((w * 1000) + (i * 10), 10)));
                _ = ring.Pick(100, TestTokenCounters.PerChar);
            }
        }));

        await Task.WhenAll(writers);

        Assert.Equal(8, ring.Count);
    }

    [Fact]
    public void Chunks_added_by_uri_show_the_path_and_are_removed_and_excluded_by_the_uri()
    {
        var ring = new ContextChunkRing();
        ring.AddAround("src/a.cs", "alpha", 0, documentUri: "file:///w/src/a.cs");
        ring.AddAround("src/b.cs", "beta", 0, documentUri: "file:///w/src/b.cs");
        ring.AddAround("src/c.cs", "gamma", 0, documentUri: "file:///w/src/c.cs");

        ring.Remove("file:///w/src/c.cs");

        var picked = ring.Pick(100, TestTokenCounters.PerChar, excludePath: "file:///w/src/b.cs");
        Assert.Equal(["src/a.cs"], picked.Select(c => c.Path));
    }
}
