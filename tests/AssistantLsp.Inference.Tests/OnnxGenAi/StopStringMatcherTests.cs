using AssistantLsp.Inference.OnnxGenAi;

namespace AssistantLsp.Inference.Tests.OnnxGenAi;

public sealed class StopStringMatcherTests
{
    [Theory]
    [InlineData("hello\n\nworld", 0, new[] { "\n\n" }, 5)]
    [InlineData("abc</think>", 8, new[] { "</think>" }, 3)] // stop spans the previous text and the new token
    [InlineData("abcdef", 3, new[] { "xyz" }, -1)]
    [InlineData("a;b\nc", 0, new[] { "\n", ";" }, 1)] // earliest occurrence wins, whatever the list order
    [InlineData("abc", 0, new[] { "" }, -1)] // empty stop strings are ignored
    [InlineData("stop here stop", 10, new[] { "stop" }, 10)] // text searched before is not searched again
    public void Finds_the_earliest_stop_string_ending_in_new_text(string text, int previousLength, string[] stops, int expected)
    {
        Assert.Equal(expected, StopStringMatcher.Find(text, previousLength, stops));
    }
}
