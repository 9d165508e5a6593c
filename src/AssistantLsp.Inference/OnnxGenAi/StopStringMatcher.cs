namespace AssistantLsp.Inference.OnnxGenAi;

/// <summary>Finds the earliest stop string in generated text as it grows.</summary>
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

            int from = Math.Max(0, previousLength - stop.Length + 1);
            int index = text.IndexOf(stop, from, StringComparison.Ordinal);
            if (index >= 0 && (best < 0 || index < best))
            {
                best = index;
            }
        }

        return best;
    }
}
