using AssistantLsp.Features.Documents;

namespace AssistantLsp.Features.Tests.Documents;

public class TextDocumentTests
{
    private static TextDocument Doc(string text) => new("file:///a.cs", "csharp", 1, text);

    [Theory]
    [InlineData("ab\ncd", 1, 1, 4)]
    [InlineData("ab\r\ncd", 1, 0, 4)]
    [InlineData("ab\rcd", 1, 2, 5)]
    [InlineData("ab\ncd", 0, 99, 2)] // past the line's end: the line's end, never into the terminator
    [InlineData("ab\r\ncd", 0, 3, 2)]
    [InlineData("ab\ncd", 7, 0, 5)] // past the last line: the end of the document
    [InlineData("ab\n", 1, 0, 3)]
    [InlineData("", 0, 5, 0)]
    [InlineData("a😀b", 0, 3, 3)] // surrogate pair counts as two UTF-16 units
    [InlineData("a😀b", 0, 4, 4)]
    [InlineData("a😀b", 0, 2, 1)] // inside the pair: snapped back to its start, never splitting the character
    [InlineData("x = '😀😀'", 0, 6, 5)]
    [InlineData("x = '😀😀'", 0, 8, 7)]
    public void OffsetAt_maps_utf16_positions_and_clamps(string text, int line, int character, int expected) =>
        Assert.Equal(expected, Doc(text).OffsetAt(new LinePosition(line, character)));

    [Theory]
    [InlineData("ab\ncd", 4, 1, 1)]
    [InlineData("ab\r\ncd", 3, 0, 2)] // between \r and \n: the end of line 0
    [InlineData("ab\r\ncd", 4, 1, 0)]
    [InlineData("a\r\rb", 2, 1, 0)]
    [InlineData("ab", 99, 0, 2)]
    [InlineData("a😀b", 2, 0, 1)] // inside a surrogate pair: the pair's start
    public void PositionAt_maps_offsets_back(string text, int offset, int line, int character) =>
        Assert.Equal(new LinePosition(line, character), Doc(text).PositionAt(offset));

    [Fact]
    public void Line_count_follows_every_kind_of_line_end()
    {
        Assert.Equal(4, Doc("a\nb\r\nc\rd").LineCount);
        Assert.Equal("c", Doc("a\nb\r\nc\rd").LineText(2));
        Assert.Equal(2, Doc("a\r\n").LineCount);
    }

    [Fact]
    public void Changes_apply_in_order_each_against_the_previous_result()
    {
        var doc = Doc("hello world");
        var changed = doc.WithChanges(
            [
                new DocumentChange(new LineRange(new(0, 0), new(0, 5)), "goodbye"),
                new DocumentChange(new LineRange(new(0, 7), new(0, 7)), ",\ncruel"),
                new DocumentChange(new LineRange(new(1, 5), new(1, 5)), "!"),
            ],
            version: 2);
        Assert.Equal("goodbye,\ncruel! world", changed.Text);
        Assert.Equal(2, changed.Version);
        Assert.Equal("hello world", doc.Text); // snapshots never change
    }

    [Fact]
    public void Full_change_replaces_the_text()
    {
        var changed = Doc("abc").WithChanges([new DocumentChange(null, "xyz\n")], 5);
        Assert.Equal("xyz\n", changed.Text);
    }

    [Fact]
    public void Reversed_range_is_normalized()
    {
        var changed = Doc("abcdef").WithChanges([new DocumentChange(new LineRange(new(0, 4), new(0, 1)), "-")], 2);
        Assert.Equal("a-ef", changed.Text);
    }

    [Fact]
    public void Edit_inside_emoji_neighbourhood_keeps_surrogates_intact()
    {
        var changed = Doc("x😀y").WithChanges([new DocumentChange(new LineRange(new(0, 3), new(0, 3)), "!")], 2);
        Assert.Equal("x😀!y", changed.Text);
    }

    [Fact]
    public void Out_of_range_edit_is_clamped_not_thrown()
    {
        var changed = Doc("ab\ncd").WithChanges([new DocumentChange(new LineRange(new(5, 0), new(9, 9)), "!")], 2);
        Assert.Equal("ab\ncd!", changed.Text);
    }
}
