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
}
