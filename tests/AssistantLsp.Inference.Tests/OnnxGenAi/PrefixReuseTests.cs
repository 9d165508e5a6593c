using AssistantLsp.Inference.OnnxGenAi;

namespace AssistantLsp.Inference.Tests.OnnxGenAi;

public sealed class PrefixReuseTests
{
    [Theory]
    [InlineData("", "1 2 3", 0)] // nothing cached
    [InlineData("1 2 3", "1 2 3 4 5", 3)] // prompt extends the whole cache: append only
    [InlineData("1 2 3 4 5", "1 2 3", 2)] // strict prefix: one prompt token must still be appended
    [InlineData("1 2 3 4 5", "1 2 3 4 5", 3)] // same prompt: the last token is re-appended, and cached.Count - 1 is refused
    [InlineData("1 2 3 4 5 6 7", "1 2 3 4 9 9", 4)] // diverges: keep the common prefix
    [InlineData("1 2 3 4 5", "1 2 3 4 9", 3)] // common = cached.Count - 1 is refused by GenAI: one less
    [InlineData("1 2 3", "9 2 3", 0)] // diverges at the start
    [InlineData("1 2 3", "1", 0)] // a one-token prompt keeps nothing
    public void Keeps_the_common_prefix_within_GenAIs_rewind_rules(string cached, string prompt, int expected)
    {
        Assert.Equal(expected, PrefixReuse.KeepLength(Ids(cached), Ids(prompt)));
    }

    private static int[] Ids(string text) =>
        [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture))];
}
