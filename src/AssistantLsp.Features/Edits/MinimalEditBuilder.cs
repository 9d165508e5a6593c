using System.Text;
using AssistantLsp.Features.Prompts;

namespace AssistantLsp.Features.Edits;

/// <summary>Replace <see cref="Length"/> UTF-16 code units at document <see cref="Offset"/> with <see cref="NewText"/>.</summary>
public sealed record TextReplacement(int Offset, int Length, string NewText);

/// <summary>
/// Turns "replace this range with that code" into the fewest line edits, so the editor's undo and
/// diff views show only what changed. Edits never reach outside the range, do not overlap, and come
/// in document order (all offsets refer to the original document). Before diffing, the new code is
/// fitted to the range: the document's line breaks, the range's indentation when the model dropped
/// it, the first line's indentation when the range starts mid-line, and a final line break only
/// where the range had one.
/// </summary>
public static class MinimalEditBuilder
{
    /// <summary>Edits that turn the range into <paramref name="newCode"/>; empty when nothing would change.</summary>
    public static IReadOnlyList<TextReplacement> Build(string documentText, int rangeStart, int rangeLength, string newCode, int tabSize = 4)
    {
        ArgumentNullException.ThrowIfNull(documentText);
        ArgumentNullException.ThrowIfNull(newCode);
        TextLines.RequireOffset(documentText, rangeStart, nameof(rangeStart));
        ArgumentOutOfRangeException.ThrowIfNegative(rangeLength);
        TextLines.RequireOffset(documentText, rangeStart + rangeLength, nameof(rangeLength));

        var original = documentText.Substring(rangeStart, rangeLength);
        var adapted = FitToRange(documentText, rangeStart, original, newCode, tabSize);
        if (adapted == original)
        {
            return [];
        }

        var oldLines = TextLines.SplitKeepingBreaks(original);
        var newLines = TextLines.SplitKeepingBreaks(adapted);
        var oldOffsets = LineOffsets(oldLines, rangeStart);
        var edits = new List<TextReplacement>();
        foreach (var hunk in LineDiff.Compare(oldLines, newLines))
        {
            var offset = oldOffsets[hunk.OldStart];
            var length = oldOffsets[hunk.OldStart + hunk.OldCount] - offset;
            edits.Add(new TextReplacement(offset, length, string.Concat(newLines.Skip(hunk.NewStart).Take(hunk.NewCount))));
        }

        return edits;
    }

    /// <summary>Applies edits built by <see cref="Build"/> (document order, non-overlapping) to a text.</summary>
    public static string Apply(string documentText, IReadOnlyList<TextReplacement> edits)
    {
        ArgumentNullException.ThrowIfNull(documentText);
        ArgumentNullException.ThrowIfNull(edits);
        var sb = new StringBuilder();
        var position = 0;
        foreach (var edit in edits.OrderBy(e => e.Offset))
        {
            if (edit.Offset < position || edit.Offset + edit.Length > documentText.Length)
            {
                throw new ArgumentException("Edits overlap or reach past the end of the text.", nameof(edits));
            }

            sb.Append(documentText, position, edit.Offset - position).Append(edit.NewText);
            position = edit.Offset + edit.Length;
        }

        return sb.Append(documentText, position, documentText.Length - position).ToString();
    }

    internal static string FitToRange(string documentText, int rangeStart, string original, string newCode, int tabSize)
    {
        var lineBreak = TextLines.DetectLineBreak(documentText);
        var lines = TextLines.SplitContents(newCode).ToList();
        var oldLines = TextLines.SplitContents(original);
        var lineStart = TextLines.LineStart(documentText, rangeStart);
        var startsMidLine = rangeStart > lineStart;

        // Indentation the range's code sits at. A first line that starts mid-line has its
        // indentation outside the range: counted from the document, but never re-indented.
        var oldIndents = oldLines.Select((l, i) => i == 0 && startsMidLine
                ? (TextLines.IsBlank(documentText[lineStart..rangeStart]) && !TextLines.IsBlank(l) ? documentText[lineStart..rangeStart] : null)
                : TextLines.IsBlank(l) ? null : TextLines.LeadingWhitespace(l))
            .OfType<string>()
            .ToList();
        var newIndents = lines.Select((l, i) => (i == 0 && startsMidLine) || TextLines.IsBlank(l) ? null : TextLines.LeadingWhitespace(l))
            .OfType<string>()
            .ToList();
        if (oldIndents.Count > 0 && newIndents.Count > 0)
        {
            var oldMin = oldIndents.MinBy(s => TextLines.IndentWidth(s, tabSize))!;
            var newMin = newIndents.MinBy(s => TextLines.IndentWidth(s, tabSize))!;
            if (TextLines.IndentWidth(newMin, tabSize) < TextLines.IndentWidth(oldMin, tabSize))
            {
                for (var i = startsMidLine ? 1 : 0; i < lines.Count; i++)
                {
                    if (!TextLines.IsBlank(lines[i]))
                    {
                        var body = lines[i].StartsWith(newMin, StringComparison.Ordinal) ? lines[i][newMin.Length..] : lines[i].TrimStart(' ', '\t');
                        lines[i] = oldMin + body;
                    }
                }
            }
        }

        if (startsMidLine && lines.Count > 0)
        {
            lines[0] = TextLines.LeadingWhitespace(oldLines[0]) + lines[0].TrimStart(' ', '\t');
        }

        var fitted = string.Join(lineBreak, lines);
        if (original.Length == 0 || fitted.Length == 0)
        {
            // An insertion keeps the code's own ending; empty code deletes the range.
            return fitted;
        }

        var originalEndsWithBreak = original.EndsWith('\n') || original.EndsWith('\r');
        var fittedEndsWithBreak = fitted.EndsWith('\n') || fitted.EndsWith('\r');
        if (originalEndsWithBreak && !fittedEndsWithBreak)
        {
            fitted += lineBreak;
        }
        else if (!originalEndsWithBreak && fittedEndsWithBreak)
        {
            fitted = fitted.TrimEnd('\r', '\n');
        }

        return fitted;
    }

    private static int[] LineOffsets(List<string> lines, int start)
    {
        var offsets = new int[lines.Count + 1];
        offsets[0] = start;
        for (var i = 0; i < lines.Count; i++)
        {
            offsets[i + 1] = offsets[i] + lines[i].Length;
        }

        return offsets;
    }
}
