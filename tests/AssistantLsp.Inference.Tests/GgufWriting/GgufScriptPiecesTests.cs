using AssistantLsp.Inference.ModelWriting.Gguf;

namespace AssistantLsp.Inference.Tests.GgufWriting;

public sealed class GgufScriptPiecesTests
{
    private static readonly HashSet<string> _taken = ["a", "b", "c", " ", "\n", "ab", "<think>"];

    public static TheoryData<string> Scripts() =>
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
    [MemberData(nameof(Scripts))]
    public void Pieces_spell_the_script_and_are_distinct_and_new(string script)
    {
        var pieces = GgufScriptPieces.Split(script, _taken.Contains);

        Assert.Equal(script, string.Concat(pieces));
        Assert.Equal(pieces.Count, pieces.Distinct(StringComparer.Ordinal).Count());
        Assert.All(pieces, p => Assert.DoesNotContain(p, _taken));
        Assert.All(pieces, p => Assert.NotEqual(string.Empty, p));
    }

    [Fact]
    public void Each_piece_is_the_shortest_new_prefix()
    {
        Assert.Equal(["x", "y", "xy", "xx", "yy"], GgufScriptPieces.Split("xyxyxxyy", _ => false));
    }

    [Fact]
    public void Never_splits_a_surrogate_pair()
    {
        var pieces = GgufScriptPieces.Split("😀😀😀😀", _ => false);

        // The last "😀" was seen already, so it joins the piece before it.
        Assert.Equal(["😀", "😀😀😀"], pieces);
    }

    [Fact]
    public void A_script_that_is_one_existing_token_is_that_one_piece()
    {
        Assert.Equal(["ab"], GgufScriptPieces.Split("ab", t => t is "a" or "ab"));
    }
}
