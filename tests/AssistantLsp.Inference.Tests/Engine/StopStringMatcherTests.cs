using System.Text;
using AssistantLsp.Inference.Engine;

namespace AssistantLsp.Inference.Tests.Engine;

public sealed class StopStringMatcherTests
{
    [Theory]
    [InlineData("hello\n\nworld", 0, new[] { "\n\n" }, 5)]
    [InlineData("abc</think>", 8, new[] { "</think>" }, 3)] // stop spans the previous text and the new token
    [InlineData("abcdef", 3, new[] { "xyz" }, -1)]
    [InlineData("a;b\nc", 0, new[] { "\n", ";" }, 1)] // earliest occurrence wins, whatever the list order
    [InlineData("abc", 0, new[] { "" }, -1)] // empty stop strings are ignored
    [InlineData("stop here stop", 10, new[] { "stop" }, 10)] // text searched before is not searched again
    [InlineData("hello STOP there", 0, new[] { "STOP" }, 6)]
    [InlineData("hello STOP there", 8, new[] { "STOP" }, 6)] // the stop ends in the new text
    [InlineData("hello STOP there", 10, new[] { "STOP" }, -1)] // already searched
    [InlineData("abcabc", 0, new[] { "c", "b" }, 1)] // the earliest wins
    [InlineData("abc", 0, new[] { "", "x" }, -1)]
    [InlineData("", 0, new[] { "x" }, -1)]
    [InlineData("a\n\nb", 2, new[] { "\n\n" }, 1)] // split across tokens
    public void Finds_the_earliest_stop_string_ending_in_new_text(string text, int previousLength, string[] stops, int expected)
    {
        Assert.Equal(expected, StopStringMatcher.Find(text, previousLength, stops));
    }

    [Theory]
    [InlineData("a long text before</think>", 20, new[] { "</think>" }, 18)] // index in the whole text, not the tail
    [InlineData("a long text before</think>", 26, new[] { "</think>" }, -1)] // nothing new
    [InlineData("STOP and more text", 10, new[] { "STOP" }, -1)] // before the tail: searched already
    [InlineData("text", 0, new string[0], -1)] // no stop strings
    [InlineData("text", 0, new[] { "" }, -1)]
    [InlineData("xx\n\n", 3, new[] { "\n\n", "x\n" }, 2)] // "x\n" ended in searched text
    public void Searches_only_the_tail_that_can_end_in_the_newest_token(string text, int previousLength, string[] stops, int expected)
    {
        Assert.Equal(expected, StopStringMatcher.FindInTail(new StringBuilder(text), previousLength, stops));
    }
}
