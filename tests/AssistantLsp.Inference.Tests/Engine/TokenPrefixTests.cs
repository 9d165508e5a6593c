using AssistantLsp.Inference.Engine;

namespace AssistantLsp.Inference.Tests.Engine;

public sealed class TokenPrefixTests
{
    [Theory]
    [InlineData(new int[0], new[] { 1, 2 }, 0)]
    [InlineData(new[] { 1, 2, 3 }, new[] { 1, 2, 3 }, 3)]
    [InlineData(new[] { 1, 2, 3 }, new[] { 1, 2 }, 2)] // the prompt is shorter
    [InlineData(new[] { 1, 2 }, new[] { 1, 2, 3, 4 }, 2)] // the prompt extends the cache
    [InlineData(new[] { 1, 9, 3 }, new[] { 1, 2, 3 }, 1)] // stops at the first difference
    [InlineData(new[] { 5 }, new[] { 1 }, 0)]
    public void Counts_the_leading_tokens_in_common(int[] cached, int[] prompt, int expected)
    {
        Assert.Equal(expected, TokenPrefix.CommonLength(cached, prompt));
    }
}
