using System.Text.RegularExpressions;

namespace AssistantLsp.Features.Completion;

/// <summary>
/// Cleaning of raw model output shared by completion and code actions: the model's reasoning and
/// any special-token text must never reach the editor.
/// </summary>
internal static partial class ModelOutputText
{
    /// <summary>
    /// Removes reasoning: everything up to the last <paramref name="thinkEnd"/> (R1 often omits the
    /// opening tag), and anything from an opening <paramref name="thinkStart"/> that never closes.
    /// <paramref name="onlyReasoning"/> is set when reasoning was found and nothing else is left.
    /// </summary>
    public static string StripReasoning(string text, string thinkStart, string thinkEnd, out bool onlyReasoning)
    {
        var hadReasoning = false;
        var end = text.LastIndexOf(thinkEnd, StringComparison.Ordinal);
        if (end >= 0)
        {
            // The answer follows the reasoning after a blank line or two; those are not part of it.
            text = text[(end + thinkEnd.Length)..].TrimStart('\r', '\n');
            hadReasoning = true;
        }

        var start = text.IndexOf(thinkStart, StringComparison.Ordinal);
        if (start >= 0)
        {
            text = text[..start];
            hadReasoning = true;
        }

        onlyReasoning = hadReasoning && string.IsNullOrWhiteSpace(text);
        return text;
    }

    /// <summary>
    /// Drops special-token text: tokens at the very start are removed, and the text is cut at the first
    /// later one (what follows an end-of-text or FIM token is not part of the answer). Besides the
    /// model's own token texts, anything shaped like &lt;|name|&gt; or &lt;｜name｜&gt; counts.
    /// </summary>
    public static string CutAtSpecialTokens(string text, IReadOnlyList<string> specialTexts)
    {
        while (true)
        {
            var trimmed = text.TrimStart();
            var leading = specialTexts.FirstOrDefault(s => s.Length > 0 && trimmed.StartsWith(s, StringComparison.Ordinal))
                ?? (SpecialTokenShape().Match(trimmed) is { Success: true, Index: 0 } m ? m.Value : null);
            if (leading is null)
            {
                break;
            }

            text = trimmed[leading.Length..];
        }

        var cut = text.Length;
        foreach (var special in specialTexts)
        {
            if (special.Length == 0)
            {
                continue;
            }

            var i = text.IndexOf(special, StringComparison.Ordinal);
            if (i >= 0 && i < cut)
            {
                cut = i;
            }
        }

        var shaped = SpecialTokenShape().Match(text);
        if (shaped.Success && shaped.Index < cut)
        {
            cut = shaped.Index;
        }

        return text[..cut];
    }

    /// <summary>
    /// Unwraps code the model fenced: an opening fence line at the start is dropped, and the text is
    /// cut at the first line that is only a fence (which also catches a model that continues the fenced
    /// code of the prompt and then closes the fence).
    /// </summary>
    public static string StripFence(string text)
    {
        var lines = text.Split('\n');
        var first = 0;
        while (first < lines.Length && string.IsNullOrWhiteSpace(lines[first]))
        {
            first++;
        }

        var body = lines.ToList();
        if (first < lines.Length && IsFenceLine(lines[first], allowInfo: true))
        {
            body = lines.Skip(first + 1).ToList();
        }

        var close = body.FindIndex(l => IsFenceLine(l, allowInfo: false));
        if (close < 0)
        {
            return string.Join('\n', body);
        }

        // The line break before the closing fence belongs to the fence.
        return string.Join('\n', body.Take(close)).TrimEnd('\r');
    }

    private static bool IsFenceLine(string line, bool allowInfo)
    {
        var t = line.Trim();
        if (t.Length < 3 || (t[0] != '`' && t[0] != '~'))
        {
            return false;
        }

        var run = 0;
        while (run < t.Length && t[run] == t[0])
        {
            run++;
        }

        if (run < 3)
        {
            return false;
        }

        return run == t.Length || (allowInfo && !t[run..].Contains('`', StringComparison.Ordinal) && !t[run..].Contains(' ', StringComparison.Ordinal));
    }

    [GeneratedRegex(@"<\|[A-Za-z_][A-Za-z0-9_]*\|>|<｜[^｜\s]{1,40}｜>", RegexOptions.CultureInvariant)]
    private static partial Regex SpecialTokenShape();
}
