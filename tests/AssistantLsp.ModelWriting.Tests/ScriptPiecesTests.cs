using AssistantLsp.ModelWriting;

namespace AssistantLsp.ModelWriting.Tests;

public sealed class ScriptPiecesTests
{
    private static readonly HashSet<string> s_taken = ["a", "b", " ", "\n", "ab", "é"];
    private static readonly HashSet<string> s_takenGguf = ["a", "b", "c", " ", "\n", "ab", "<think>"];

    public static TheoryData<string> DistinctScripts() =>
    [
        "",
        "abcabcabc",
        "aaaaaaaaaaaaaaaa",
        "the the the the",
        "<think>\nwhy\n</think>\n\nbecause",
        "😀😀😀 日本語日本語 ∑∑",
        "abab", // the tail joins an earlier piece
    ];

    [Theory]
    [InlineData("abababab")]
    [InlineData("a a a a a a a a")]
    [InlineData("hello hello hello\nhello")]
    [InlineData("😀😀😀 é é")]
    [InlineData("abx")]
    [InlineData("xx")]
    public void Pieces_spell_the_script_and_are_all_new(string script)
    {
        var pieces = ScriptPieces.Split(script, s_taken.Contains);

        Assert.Equal(script, string.Concat(pieces));
        Assert.Equal(pieces.Count, pieces.Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain(pieces, s_taken.Contains);
    }

    [Theory]
    [InlineData("Hello hello world! the end\nthe end")]
    [InlineData("ab ab ab")]
    public void Pieces_span_word_boundaries_when_the_script_has_them(string script)
    {
        var pieces = ScriptPieces.Split(script, s_taken.Contains);

        Assert.Equal(script, string.Concat(pieces));
        Assert.All(pieces, p => Assert.True(PreTokenBoundary.Spans(p), $"'{p}' could be a whole word"));
    }

    [Fact]
    public void Pieces_never_split_a_surrogate_pair()
    {
        var pieces = ScriptPieces.Split("😀a😀b😀", _ => false);

        Assert.All(pieces, p => Assert.False(char.IsHighSurrogate(p[^1]) || char.IsLowSurrogate(p[0])));
    }

    [Fact]
    public void Without_word_boundaries_each_piece_is_the_shortest_new_prefix()
    {
        Assert.Equal(["x", "xy", "y", "yx"], ScriptPieces.Split("xxyyyx", _ => false));
    }

    [Fact]
    public void Empty_script_has_no_pieces()
    {
        Assert.Empty(ScriptPieces.Split(string.Empty, s_taken.Contains));
    }

    [Fact]
    public void A_script_that_is_already_a_vocabulary_entry_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => ScriptPieces.Split("ab", s => s is "a" or "b" or "ab"));

        Assert.Contains("too short", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DistinctScripts))]
    public void Distinct_pieces_spell_the_script_and_are_distinct_and_new(string script)
    {
        var pieces = ScriptPieces.SplitDistinct(script, s_takenGguf.Contains);

        Assert.Equal(script, string.Concat(pieces));
        Assert.Equal(pieces.Count, pieces.Distinct(StringComparer.Ordinal).Count());
        Assert.All(pieces, p => Assert.DoesNotContain(p, s_takenGguf));
        Assert.All(pieces, p => Assert.NotEqual(string.Empty, p));
    }

    [Fact]
    public void Each_distinct_piece_is_the_shortest_new_prefix()
    {
        Assert.Equal(["x", "y", "xy", "xx", "yy"], ScriptPieces.SplitDistinct("xyxyxxyy", _ => false));
    }

    [Fact]
    public void Distinct_pieces_never_split_a_surrogate_pair()
    {
        var pieces = ScriptPieces.SplitDistinct("😀😀😀😀", _ => false);

        // The last "😀" was seen already, so it joins the piece before it.
        Assert.Equal(["😀", "😀😀😀"], pieces);
    }

    [Fact]
    public void A_script_that_is_one_existing_token_is_that_one_distinct_piece()
    {
        Assert.Equal(["ab"], ScriptPieces.SplitDistinct("ab", t => t is "a" or "ab"));
    }
}
