using AssistantLsp.Features.Edits;

namespace AssistantLsp.Features.Tests.Edits;

public class MinimalEditBuilderTests
{
    // document with [range], new code, expected document after the edits, expected number of edits.
    public static TheoryData<string, string, string, int> Cases => new()
    {
        // Only the changed line is replaced.
        { "[a\nb\nc\n]", "a\nB\nc\n", "a\nB\nc\n", 1 },
        // Two separate changes give two edits.
        { "[a\nb\nc\nd\ne\n]", "A\nb\nc\nd\nE\n", "A\nb\nc\nd\nE\n", 2 },
        // Insertion and deletion.
        { "[a\nc\n]", "a\nb\nc\n", "a\nb\nc\n", 1 },
        { "[a\nb\nc\n]", "a\nc\n", "a\nc\n", 1 },
        // Text outside the range is never touched.
        { "keep\n[x = 1\n]keep too\n", "x = 2\n", "keep\nx = 2\nkeep too\n", 1 },
        // The model dropped the indentation: the range's indentation is restored.
        { "class C\n{\n[    void F()\n    {\n        G();\n    }\n]}\n", "void F()\n{\n    H();\n}", "class C\n{\n    void F()\n    {\n        H();\n    }\n}\n", 1 },
        // Tabs.
        { "[\tif x:\n\t\tpass\n]", "if x:\n\treturn", "\tif x:\n\t\treturn\n", 1 },
        // Indentation kept when the model kept it.
        { "[    a()\n    b()\n]", "    a()\n        b()\n", "    a()\n        b()\n", 1 },
        // Range starting mid-line after indentation: the first line's indentation lies outside it.
        { "    [return a;\n    x();]\n", "return b;\nx();", "    return b;\n    x();\n", 1 },
        { "    [return a;\n    x();]\n", "    return a;\n    y();", "    return a;\n    y();\n", 1 },
        // Range inside a line.
        { "var x = [Foo(1)];\n", "Foo(2)", "var x = Foo(2);\n", 1 },
        { "var x = [Foo(1)];\n", "Foo(\n    2)", "var x = Foo(\n    2);\n", 1 },
        // CRLF documents keep CRLF.
        { "[a\r\nb\r\nc\r\n]", "a\nB\nc", "a\r\nB\r\nc\r\n", 1 },
        { "x\r\n[a\r\nb]\r\n", "a\r\nb\r\nc\r\n", "x\r\na\r\nb\r\nc\r\n", 1 },
        // Surrogate pairs before and inside the range.
        { "😀\n[s = \"😀\"\nt = 1\n]", "s = \"🎉\"\nt = 1\n", "😀\ns = \"🎉\"\nt = 1\n", 1 },
        // Empty range: an insertion.
        { "a\n[]b\n", "x\n", "a\nx\nb\n", 1 },
        // Whole range deleted.
        { "a\n[b\n]c\n", "", "a\nc\n", 1 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Produces_minimal_edits_inside_the_range(string markup, string newCode, string expected, int editCount)
    {
        var (text, start, end) = Markup.ParseRange(markup);

        var edits = MinimalEditBuilder.Build(text, start, end - start, newCode);

        Assert.Equal(expected, MinimalEditBuilder.Apply(text, edits));
        Assert.Equal(editCount, edits.Count);
        Assert.All(edits, e => Assert.True(e.Offset >= start && e.Offset + e.Length <= end, $"edit {e} leaves [{start}, {end})"));
        for (var i = 1; i < edits.Count; i++)
        {
            Assert.True(edits[i - 1].Offset + edits[i - 1].Length <= edits[i].Offset, "edits overlap or are out of order");
        }
    }

    [Theory]
    [InlineData("[a\nb\n]", "a\nb\n")]
    [InlineData("[a\nb\n]", "a\nb")] // the trailing line break follows the range's
    [InlineData("x\r\n[a\r\nb\r\n]", "a\nb\n")] // line breaks follow the document's
    [InlineData("  [foo();]\n", "  foo();")]
    [InlineData("class C {\n[    int X;\n]}", "int X;")] // dropped indentation is restored
    public void Identical_code_gives_no_edits(string markup, string newCode)
    {
        var (text, start, end) = Markup.ParseRange(markup);

        Assert.Empty(MinimalEditBuilder.Build(text, start, end - start, newCode));
    }

    [Fact]
    public void Only_the_changed_line_of_a_long_range_is_edited()
    {
        var lines = Enumerable.Range(0, 500).Select(i => $"line {i}\n").ToList();
        var text = string.Concat(lines);
        lines[250] = "changed\n";

        var edits = MinimalEditBuilder.Build(text, 0, text.Length, string.Concat(lines));

        var edit = Assert.Single(edits);
        Assert.Equal(new TextReplacement(text.IndexOf("line 250\n", StringComparison.Ordinal), "line 250\n".Length, "changed\n"), edit);
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(0, 10)]
    [InlineData(2, 0)] // splits the surrogate pair
    public void Range_outside_the_document_is_rejected(int start, int length)
    {
        Assert.ThrowsAny<ArgumentException>(() => MinimalEditBuilder.Build("a😀b", start, length, "x"));
    }
}
