using AssistantLsp.ModelWriting;

namespace AssistantLsp.ModelWriting.Tests;

public sealed class PreTokenBoundaryTests
{
    [Theory]
    [InlineData("the", false)] // a whole word
    [InlineData(" the", false)] // a word with its leading space
    [InlineData("(the", false)] // Qwen's pattern glues one leading symbol to a word
    [InlineData(" ☕", false)]
    [InlineData("  ", false)]
    [InlineData("!\n", false)] // Qwen's pattern lets newlines follow symbols
    [InlineData("123", false)]
    [InlineData("lo ", true)] // letter, then space
    [InlineData("d!", true)] // letter, then symbol
    [InlineData("a1", true)]
    [InlineData("1a", true)]
    [InlineData("\nthe", true)]
    [InlineData("☕ ", true)]
    [InlineData("café!", true)]
    public void Detects_texts_that_cannot_be_one_pre_token(string text, bool spans)
    {
        Assert.Equal(spans, PreTokenBoundary.Spans(text));
    }
}
