using System.Text;

namespace AssistantLsp.Inference.Engine;

/// <summary>Finds the earliest stop string in generated text as it grows, one token at a time.</summary>
internal static class StopStringMatcher
{
    /// <summary>
    /// Index of the earliest occurrence of any non-empty stop string that ends after
    /// <paramref name="previousLength"/> (the text before the newest token, already searched), or -1.
    /// </summary>
    public static int Find(string text, int previousLength, IReadOnlyList<string> stopStrings)
    {
        int best = -1;
        foreach (var stop in stopStrings)
        {
            if (string.IsNullOrEmpty(stop))
            {
                continue;
            }

            int from = Math.Clamp(previousLength - stop.Length + 1, 0, text.Length);
            int index = text.IndexOf(stop, from, StringComparison.Ordinal);
            if (index >= 0 && (best < 0 || index < best))
            {
                best = index;
            }
        }

        return best;
    }

    /// <summary>
    /// <see cref="Find"/> on the text generated so far, searching only the tail that can hold a
    /// stop string ending in the newest token (so long generations stay linear).
    /// </summary>
    public static int FindInTail(StringBuilder text, int previousLength, IReadOnlyList<string> stopStrings)
    {
        int longest = 0;
        foreach (var stop in stopStrings)
        {
            longest = Math.Max(longest, stop?.Length ?? 0);
        }

        if (longest == 0)
        {
            return -1;
        }

        int tailStart = Math.Max(0, previousLength - longest + 1);
        int index = Find(text.ToString(tailStart, text.Length - tailStart), previousLength - tailStart, stopStrings);
        return index < 0 ? -1 : tailStart + index;
    }
}
