using AssistantLsp.Features.Context;

namespace AssistantLsp.Features.Tests.Context;

public class ContextChunkTests
{
    [Theory]
    [InlineData("l0\nl1\nl2\n|l3\nl4\nl5\nl6\n", 3, "l2\nl3\nl4")]
    [InlineData("l0\nl1\nl2\nl|3\nl4\nl5\nl6\n", 4, "l1\nl2\nl3\nl4")]
    [InlineData("|l0\nl1\nl2\nl3\n", 3, "l0\nl1\nl2")] // near the start: the window slides down
    [InlineData("l0\nl1\nl2\nl3|", 3, "l1\nl2\nl3")] // near the end: the window slides up
    [InlineData("l0\r\nl1\r\n😀|l2\r\nl3\r\n", 3, "l1\r\n😀l2\r\nl3")]
    [InlineData("only|", 10, "only")]
    [InlineData("|", 3, "")]
    [InlineData("a\nb\nc\nd\n|", 3, "b\nc\nd")] // after the last line break
    [InlineData("a\rb\rc|\rd", 2, "b\rc")] // lone CR breaks
    public void Takes_whole_lines_centred_on_the_offset(string markup, int lines, string expected)
    {
        var (text, offset) = Markup.Parse(markup);

        var chunk = ContextChunk.Around("a.cs", text, offset, lines);

        Assert.Equal(new ContextChunk("a.cs", expected), chunk);
    }

    [Fact]
    public void A_huge_single_line_keeps_only_the_characters_around_the_offset()
    {
        var text = new string('a', 3_000_000) + "MARK" + new string('b', 3_000_000);

        var chunk = ContextChunk.Around("min.js", text, 3_000_000, 32, maxCharacters: 100);

        Assert.Equal(100, chunk.Text.Length);
        Assert.Contains("MARK", chunk.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_lines_are_cut_to_whole_lines_when_the_window_holds_any()
    {
        var text = string.Concat(Enumerable.Range(0, 40).Select(i => $"{i:D2}{new string('x', 48)}\n"));

        var chunk = ContextChunk.Around("a.cs", text, text.IndexOf("20", StringComparison.Ordinal), 32, maxCharacters: 160);

        Assert.True(chunk.Text.Length <= 160);
        Assert.All(chunk.Text.Split('\n'), l => Assert.Equal(50, l.Length));
        Assert.Contains("20xxx", chunk.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 1000));

        for (var max = 1; max < 12; max++)
        {
            var chunk = ContextChunk.Around("e.txt", text, 1001, 4, maxCharacters: max);
            Assert.False(chunk.Text.Length > 0 && char.IsLowSurrogate(chunk.Text[0]), $"max {max}: starts inside a pair");
            Assert.False(chunk.Text.Length > 0 && char.IsHighSurrogate(chunk.Text[^1]), $"max {max}: ends inside a pair");
        }
    }
}
