using AssistantLsp.Features.Prompts;

namespace AssistantLsp.Features.Completion;

/// <summary>
/// Turns raw model output into the text of an inline suggestion, or drops it with a reason. Pure:
/// the same input always gives the same result. Rules, in order: reasoning, special tokens and a
/// markdown fence are stripped; one line when code follows the cursor on its line, else up to
/// maxLines ending where the cursor's block ends; trailing whitespace goes; text that repeats what
/// follows the cursor is cut, and a suggestion that only repeats it is dropped.
/// </summary>
public static class CompletionPostProcessor
{
    public static ProcessedCompletion Process(
        string rawText,
        string documentText,
        int cursorOffset,
        int maxLines,
        CompletionPostProcessOptions options,
        SelectedCompletion? selected = null)
    {
        ArgumentNullException.ThrowIfNull(rawText);
        ArgumentNullException.ThrowIfNull(documentText);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLines, 1);
        TextLines.RequireOffset(documentText, cursorOffset, nameof(cursorOffset));

        var text = ModelOutputText.StripReasoning(rawText, options.ThinkStart, options.ThinkEnd, out var onlyReasoning);
        if (onlyReasoning)
        {
            return ProcessedCompletion.Dropped(CompletionDropReason.OnlyReasoning, cursorOffset);
        }

        text = ModelOutputText.CutAtSpecialTokens(text, options.SpecialTokenTexts);
        if (!string.Equals(options.LanguageId, "markdown", StringComparison.OrdinalIgnoreCase))
        {
            text = ModelOutputText.StripFence(text);
        }

        var lineBreak = TextLines.DetectLineBreak(documentText);
        var lineStart = TextLines.LineStart(documentText, cursorOffset);
        var lineEnd = TextLines.LineContentEnd(documentText, cursorOffset);
        var beforeOnLine = documentText[lineStart..cursorOffset];
        var afterOnLine = documentText[cursorOffset..lineEnd];
        var singleLine = !string.IsNullOrWhiteSpace(afterOnLine);

        var lines = TextLines.SplitContents(text).ToList();
        if (singleLine)
        {
            lines = [lines[0].TrimEnd()];
        }
        else
        {
            lines = KeepBlock(lines, beforeOnLine, maxLines, options.TabSize);
            for (var i = 0; i < lines.Count; i++)
            {
                lines[i] = lines[i].TrimEnd();
            }

            while (lines.Count > 1 && lines[^1].Length == 0)
            {
                lines.RemoveAt(lines.Count - 1);
            }
        }

        var suggestion = string.Join(lineBreak, lines);
        if (string.IsNullOrWhiteSpace(suggestion))
        {
            return ProcessedCompletion.Dropped(CompletionDropReason.Empty, cursorOffset);
        }

        var suffix = documentText[cursorOffset..];
        if (RepeatsFollowingText(suggestion, singleLine ? afterOnLine : suffix))
        {
            return ProcessedCompletion.Dropped(CompletionDropReason.RepeatsDocument, cursorOffset);
        }

        suggestion = CutSuffixOverlap(suggestion, singleLine ? afterOnLine : suffix);
        if (!singleLine)
        {
            suggestion = CutTrailingRepeatedLines(suggestion, suffix, lineBreak);
        }

        if (string.IsNullOrWhiteSpace(suggestion))
        {
            return ProcessedCompletion.Dropped(CompletionDropReason.RepeatsDocument, cursorOffset);
        }

        if (selected is null)
        {
            return new ProcessedCompletion(suggestion, cursorOffset, null);
        }

        return ExtendSelected(selected, documentText, cursorOffset, suggestion);
    }

    /// <summary>
    /// Lines up to <paramref name="maxLines"/>, stopping before the first later line indented less
    /// than the cursor's block. The block's indentation is the cursor line's when it has code before
    /// the cursor; on a blank line it is where the suggestion's first line of code starts. When the
    /// cursor line opens a block (the suggestion goes on below it, indented deeper), the block is the
    /// new body, and a closing-bracket line back at the cursor line's indentation ends it, kept.
    /// </summary>
    private static List<string> KeepBlock(List<string> lines, string beforeOnLine, int maxLines, int tabSize)
    {
        var firstCode = lines.FindIndex(l => !TextLines.IsBlank(l));
        if (firstCode < 0)
        {
            return lines.Take(maxLines).ToList();
        }

        int blockIndent;
        int? closerIndent = null;
        if (TextLines.IsBlank(beforeOnLine))
        {
            blockIndent = firstCode == 0
                ? TextLines.IndentWidth(beforeOnLine + lines[0], tabSize)
                : TextLines.IndentWidth(lines[firstCode], tabSize);
        }
        else
        {
            blockIndent = TextLines.IndentWidth(beforeOnLine, tabSize);
            var bodyIndent = TextLines.IndentWidth(lines[firstCode], tabSize);
            if (firstCode > 0 && bodyIndent > blockIndent)
            {
                closerIndent = blockIndent;
                blockIndent = bodyIndent;
            }
        }

        var kept = new List<string> { lines[0] };
        for (var i = 1; i < lines.Count && kept.Count < maxLines; i++)
        {
            var indent = TextLines.IndentWidth(lines[i], tabSize);
            if (TextLines.IsBlank(lines[i]) || indent >= blockIndent)
            {
                kept.Add(lines[i]);
                continue;
            }

            if (closerIndent is { } opener && indent >= opener && IsCloser(lines[i]))
            {
                kept.Add(lines[i]);
            }

            break;
        }

        return kept;
    }

    private static bool IsCloser(string line)
    {
        var t = line.TrimStart();
        return t.Length > 0 && t[0] is '}' or ')' or ']';
    }

    /// <summary>True when every line of code in the suggestion equals, in order, the next lines of code after the cursor.</summary>
    private static bool RepeatsFollowingText(string suggestion, string following)
    {
        var mine = CodeLines(suggestion);
        var theirs = CodeLines(following);
        return mine.Count > 0 && mine.Count <= theirs.Count && mine.SequenceEqual(theirs.Take(mine.Count), StringComparer.Ordinal);
    }

    /// <summary>Removes the longest end of the suggestion that equals the start of the following text.</summary>
    private static string CutSuffixOverlap(string suggestion, string following)
    {
        for (var k = Math.Min(suggestion.Length, following.Length); k > 0; k--)
        {
            if (suggestion.AsSpan().EndsWith(following.AsSpan(0, k), StringComparison.Ordinal))
            {
                return suggestion[..^k].TrimEnd(' ', '\t');
            }
        }

        return suggestion;
    }

    /// <summary>Drops trailing suggestion lines that equal (ignoring indentation) the next lines of code after the cursor.</summary>
    private static string CutTrailingRepeatedLines(string suggestion, string suffix, string lineBreak)
    {
        var lines = TextLines.SplitContents(suggestion).ToList();
        var following = CodeLines(suffix);
        for (var k = Math.Min(lines.Count - 1, following.Count); k > 0; k--)
        {
            var tail = lines.Skip(lines.Count - k).Select(l => l.Trim()).ToList();
            if (tail.All(l => l.Length > 0) && tail.SequenceEqual(following.Take(k), StringComparer.Ordinal))
            {
                return string.Join(lineBreak, lines.Take(lines.Count - k)).TrimEnd();
            }
        }

        return suggestion;
    }

    private static List<string> CodeLines(string text) =>
        TextLines.SplitContents(text).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    private static ProcessedCompletion ExtendSelected(SelectedCompletion selected, string documentText, int cursorOffset, string suggestion)
    {
        if (selected.RangeStartOffset < 0 || selected.RangeStartOffset > cursorOffset)
        {
            return ProcessedCompletion.Dropped(CompletionDropReason.SelectedCompletionMismatch, cursorOffset);
        }

        var full = documentText[selected.RangeStartOffset..cursorOffset] + suggestion;
        if (!full.StartsWith(selected.Text, StringComparison.Ordinal))
        {
            return ProcessedCompletion.Dropped(CompletionDropReason.SelectedCompletionMismatch, cursorOffset);
        }

        return full.Length == selected.Text.Length
            ? ProcessedCompletion.Dropped(CompletionDropReason.Empty, cursorOffset)
            : new ProcessedCompletion(full, selected.RangeStartOffset, null);
    }
}
