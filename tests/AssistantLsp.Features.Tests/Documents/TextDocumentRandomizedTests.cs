using System.Text;
using AssistantLsp.Features.Documents;

namespace AssistantLsp.Features.Tests.Documents;

/// <summary>
/// Long random edit sequences against a deliberately naive reference: split the text into lines
/// character by character, walk to the position, splice.
/// </summary>
public class TextDocumentRandomizedTests
{
    private static readonly string[] Pieces = ["a", "bc", "\n", "\r\n", "\r", "😀", "é", " ", "xyz\n", "\r\n\r\n", ""];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Random_edits_match_the_reference(int seed)
    {
        var random = new Random(seed);
        var reference = "start\r\nline two\nthree\r";
        var doc = new TextDocument("file:///r.txt", "plaintext", 0, reference);
        for (var step = 0; step < 400; step++)
        {
            var a = RandomPosition(random, reference);
            var b = RandomPosition(random, reference);
            var insert = RandomText(random);
            var expectedStart = ReferenceOffset(reference, a);
            var expectedEnd = ReferenceOffset(reference, b);
            if (expectedStart > expectedEnd)
            {
                (expectedStart, expectedEnd) = (expectedEnd, expectedStart);
            }

            reference = reference[..expectedStart] + insert + reference[expectedEnd..];
            doc = doc.WithChanges([new DocumentChange(new LineRange(a, b), insert)], step + 1);
            Assert.Equal(reference, doc.Text);

            var probe = RandomPosition(random, reference);
            var offset = ReferenceOffset(reference, probe);
            Assert.Equal(offset, doc.OffsetAt(probe));
            Assert.Equal(offset, doc.OffsetAt(doc.PositionAt(offset)));
        }
    }

    private static LinePosition RandomPosition(Random random, string text)
    {
        var lines = ReferenceLines(text);
        // Mostly valid positions, sometimes beyond the line or the document to exercise clamping.
        var line = random.Next(lines.Count + 1);
        var length = line < lines.Count ? lines[line].Length : 0;
        return new LinePosition(line, random.Next(length + 2));
    }

    private static string RandomText(Random random)
    {
        var sb = new StringBuilder();
        for (var i = random.Next(3); i >= 0; i--)
        {
            sb.Append(Pieces[random.Next(Pieces.Length)]);
        }

        return sb.ToString();
    }

    /// <summary>Lines' contents without terminators, by a direct scan.</summary>
    private static List<string> ReferenceLines(string text)
    {
        var lines = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r' || text[i] == '\n')
            {
                if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                lines.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(text[i]);
            }
        }

        lines.Add(current.ToString());
        return lines;
    }

    private static int ReferenceOffset(string text, LinePosition position)
    {
        var lines = ReferenceLines(text);
        if (position.Line >= lines.Count)
        {
            return text.Length;
        }

        var offset = 0;
        var line = 0;
        var i = 0;
        while (line < position.Line)
        {
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i += 2;
                line++;
            }
            else if (text[i] is '\r' or '\n')
            {
                i++;
                line++;
            }
            else
            {
                i++;
            }
        }

        offset = i + Math.Min(position.Character, lines[position.Line].Length);

        // A position between the halves of a surrogate pair means the pair's start.
        if (offset > 0 && offset < text.Length && char.IsHighSurrogate(text[offset - 1]) && char.IsLowSurrogate(text[offset]))
        {
            offset--;
        }

        return offset;
    }
}
