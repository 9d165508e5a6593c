using System.Text;

namespace AssistantLsp.ModelWriting;

/// <summary>
/// The byte-level BPE alphabet (GPT-2 convention): every byte maps to one printable character,
/// printable Latin-1 bytes to themselves and the rest to code points from U+0100 upward.
/// </summary>
internal static class ByteLevelAlphabet
{
    private static readonly char[] s_byteToChar = BuildTable();

    public static char CharOf(byte value) => s_byteToChar[value];

    /// <summary>Vocabulary key of a text: its UTF-8 bytes, each written as its alphabet character.</summary>
    public static string Encode(string text) => Encode(Encoding.UTF8.GetBytes(text));

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            builder.Append(s_byteToChar[b]);
        }

        return builder.ToString();
    }

    private static char[] BuildTable()
    {
        var table = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            table[b] = printable ? (char)b : (char)next++;
        }

        return table;
    }
}
