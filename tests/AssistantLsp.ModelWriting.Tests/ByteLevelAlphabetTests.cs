using AssistantLsp.ModelWriting;

namespace AssistantLsp.ModelWriting.Tests;

public sealed class ByteLevelAlphabetTests
{
    [Fact]
    public void Every_byte_gets_its_own_character()
    {
        var characters = Enumerable.Range(0, 256).Select(b => ByteLevelAlphabet.CharOf((byte)b)).ToHashSet();

        Assert.Equal(256, characters.Count);
    }

    [Theory]
    [InlineData("A", "A")]
    [InlineData(" x", "\u0120x")] // space is Ġ
    [InlineData("\n", "\u010A")] // newline is Ċ
    [InlineData("é", "\u00C3\u00A9")] // two UTF-8 bytes, both printable Latin-1
    [InlineData("abc", "abc")]
    [InlineData(" the", "\u0120the")]
    [InlineData("\t", "\u0109")]
    public void Encodes_utf8_bytes_as_the_gpt2_alphabet(string text, string expected)
    {
        Assert.Equal(expected, ByteLevelAlphabet.Encode(text));
    }
}
