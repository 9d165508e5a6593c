using AssistantLsp.Inference.ModelWriting;

namespace AssistantLsp.Inference.Tests.ModelWriting;

public sealed class ScriptPiecesTests
{
    private static readonly HashSet<string> s_taken = ["a", "b", " ", "\n", "ab", "é"];

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
}
