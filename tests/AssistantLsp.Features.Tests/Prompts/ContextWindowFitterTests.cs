using AssistantLsp.Features.Prompts;

namespace AssistantLsp.Features.Tests.Prompts;

public class ContextWindowFitterTests
{
    // Markup: the document with a caret; expected: the kept stretch with the caret.
    // Counter: one token per code unit.
    [Theory]
    [InlineData("ab\ncd|ef\ngh\n", 100, 0.75, "ab\ncd|ef\ngh\n")]
    [InlineData("aaa\nbbb\nccc|\nddd\neee\n", 10, 0.75, "bbb\nccc|\n")]
    [InlineData("aaa\nbbb\nccc|", 8, 0.75, "bbb\nccc|")] // unused suffix share goes to the prefix
    [InlineData("|aaa\nbbb\nccc\n", 8, 0.75, "|aaa\nbbb\n")] // unused prefix share goes to the suffix
    [InlineData("xxxxxxxxxx|yyyyyyyyyy", 8, 0.75, "xxxxxx|yy")] // one long line: cut nearest the cursor
    [InlineData("aaa\r\nbbb\r\nccc|\r\nddd\r\n", 10, 0.75, "bbb\r\nccc|\r\n")]
    [InlineData("aa\rbb\rcc|\rdd", 6, 0.5, "cc|\rdd")] // lone CR line breaks
    [InlineData("😀😀😀|", 3, 1.0, "😀|")] // never splits a surrogate pair
    [InlineData("|😀😀😀", 3, 0.0, "|😀")]
    [InlineData("a😀\nb😀|\nc😀\n", 7, 0.75, "b😀|\n")]
    [InlineData("a😀\nb😀|\nc😀\n", 8, 0.75, "a😀\nb😀|\n")]
    [InlineData("aaa\nbbb|", 0, 0.75, "|")]
    [InlineData("|", 10, 0.75, "|")]
    public void Keeps_whole_lines_nearest_the_cursor(string markup, int budget, double share, string expected)
    {
        var (text, cursor) = Markup.Parse(markup);

        var window = ContextWindowFitter.Fit(text, cursor, cursor, budget, share, TestTokenCounters.PerChar);

        var kept = text[window.BeforeStart..cursor] + "|" + text[cursor..window.AfterEnd];
        Assert.Equal(expected, kept);
        Assert.True(window.BeforeTokens + window.AfterTokens <= budget);
        Assert.Equal(cursor - window.BeforeStart, window.BeforeTokens);
        Assert.Equal(window.AfterEnd - cursor, window.AfterTokens);
    }

    [Fact]
    public void A_line_of_megabytes_is_never_counted_whole_and_still_cut_nearest_the_cursor()
    {
        // A minified or hostile 1 MB line: counting it whole cost seconds and native memory per keystroke.
        var text = new string('x', 1_000_000) + "|" + new string('y', 1_000_000);
        var (document, cursor) = Markup.Parse(text);
        var longest = 0;
        int Count(string s)
        {
            longest = Math.Max(longest, s.Length);
            return TestTokenCounters.PerChar(s);
        }

        var window = ContextWindowFitter.Fit(document, cursor, cursor, 100, 0.75, Count);

        Assert.Equal(cursor - 75, window.BeforeStart);
        Assert.Equal(cursor + 25, window.AfterEnd);
        Assert.InRange(longest, 1, 100 * ContextWindowFitter.MaxCharsPerToken);
    }

    [Fact]
    public void Selection_anchor_keeps_text_on_both_sides_of_it()
    {
        var (text, start, end) = Markup.ParseRange("l1\nl2\nx[sel\nected]y\nl3\nl4\n");

        var window = ContextWindowFitter.Fit(text, start, end, 9, 0.5, TestTokenCounters.PerChar);

        Assert.Equal("l2\nx", text[window.BeforeStart..start]);
        Assert.Equal("y\nl3\n", text[end..window.AfterEnd]);
    }
}
