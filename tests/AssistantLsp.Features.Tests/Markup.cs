namespace AssistantLsp.Features.Tests;

/// <summary>Caret markup for tests: "ab|c" is the text "abc" with the cursor at offset 2.</summary>
internal static class Markup
{
    public const char Caret = '|';

    public static (string Text, int Offset) Parse(string markup)
    {
        var offset = markup.IndexOf(Caret, StringComparison.Ordinal);
        Assert.True(offset >= 0, $"markup has no caret: {markup}");
        Assert.Equal(-1, markup.IndexOf(Caret, offset + 1));
        return (markup.Remove(offset, 1), offset);
    }

    /// <summary>"[a|b]" style: the selection between brackets, used for ranges.</summary>
    public static (string Text, int Start, int End) ParseRange(string markup)
    {
        var start = markup.IndexOf('[', StringComparison.Ordinal);
        var end = markup.IndexOf(']', StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"markup has no [range]: {markup}");
        var text = markup.Remove(end, 1).Remove(start, 1);
        return (text, start, end - 1);
    }
}

/// <summary>Deterministic stand-ins for a tokenizer: the builders only need a count.</summary>
internal static class TestTokenCounters
{
    /// <summary>One token per UTF-16 code unit: makes budgets easy to reason about.</summary>
    public static int PerChar(string text) => text.Length;

    /// <summary>One token per started group of 4 code units: not additive over parts, like real tokenizers.</summary>
    public static int PerFourChars(string text) => (text.Length + 3) / 4;

    /// <summary>One token per whitespace-separated word plus one per line break.</summary>
    public static int PerWord(string text) =>
        text.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Length + text.Count(c => c == '\n');
}
