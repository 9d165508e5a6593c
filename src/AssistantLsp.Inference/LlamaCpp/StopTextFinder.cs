namespace AssistantLsp.Inference.LlamaCpp;

/// <summary>Finds the earliest stop string in generated text as it grows, one token at a time.</summary>
internal static class StopTextFinder
{
    /// <summary>
    /// Index of the earliest occurrence of a non-empty stop string that ends after
    /// <paramref name="searchedLength"/> characters (the text before the newest token, already
    /// searched), or -1.
    /// </summary>
    public static int Find(string text, int searchedLength, IReadOnlyList<string> stopStrings)
    {
        var best = -1;
        foreach (var stop in stopStrings)
        {
            if (string.IsNullOrEmpty(stop))
            {
                continue;
            }

            var from = Math.Clamp(searchedLength - stop.Length + 1, 0, text.Length);
            var index = text.IndexOf(stop, from, StringComparison.Ordinal);
            if (index >= 0 && (best < 0 || index < best))
            {
                best = index;
            }
        }

        return best;
    }
}
