using AssistantLsp.Inference.LlamaCpp;

namespace AssistantLsp.Inference.Tests.LlamaCpp;

public sealed class StopTextFinderTests
{
    [Theory]
    [InlineData("hello STOP there", 0, new[] { "STOP" }, 6)]
    [InlineData("hello STOP there", 8, new[] { "STOP" }, 6)] // the stop ends in the new text
    [InlineData("hello STOP there", 10, new[] { "STOP" }, -1)] // already searched
    [InlineData("abcabc", 0, new[] { "c", "b" }, 1)] // the earliest wins
    [InlineData("abc", 0, new[] { "", "x" }, -1)]
    [InlineData("", 0, new[] { "x" }, -1)]
    [InlineData("a\n\nb", 2, new[] { "\n\n" }, 1)] // split across tokens
    public void Finds_the_earliest_stop_ending_in_new_text(string text, int searched, string[] stops, int expected)
    {
        Assert.Equal(expected, StopTextFinder.Find(text, searched, stops));
    }
}
