using System.Globalization;
using System.Text;

namespace AssistantLsp.ModelWriting;

/// <summary>
/// Whether a text spans a place where every common byte-level pre-tokenizer (GPT-2's and
/// Qwen2/Llama-3's split patterns) starts a new word. Such a text can never be a whole
/// pre-token, so a tokenizer that emits whole words found in the vocabulary (ONNX Runtime
/// Extensions does) can never emit it either.
/// </summary>
internal static class PreTokenBoundary
{
    public static bool Spans(string text)
    {
        Rune? previous = null;
        foreach (var rune in text.EnumerateRunes())
        {
            if (previous is { } left && IsBoundary(left, rune))
            {
                return true;
            }

            previous = rune;
        }

        return false;
    }

    private static bool IsBoundary(Rune left, Rune right)
    {
        var l = Classify(left);
        var r = Classify(right);
        return (l, r) switch
        {
            (CharClass.Letter, not CharClass.Letter) => true,
            (CharClass.Digit, not CharClass.Digit) => true,
            (CharClass.Symbol, CharClass.Space) => true, // a symbol run may absorb newlines (Qwen), never spaces
            (CharClass.Newline, CharClass.Letter or CharClass.Digit or CharClass.Symbol) => true,
            _ => false,
        };
    }

    private static CharClass Classify(Rune rune)
    {
        if (rune.Value is '\n' or '\r')
        {
            return CharClass.Newline;
        }

        if (Rune.IsWhiteSpace(rune))
        {
            return CharClass.Space;
        }

        if (Rune.IsLetter(rune))
        {
            return CharClass.Letter;
        }

        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
            ? CharClass.Digit
            : CharClass.Symbol;
    }

    private enum CharClass
    {
        Letter,
        Digit,
        Symbol,
        Space,
        Newline,
    }
}
