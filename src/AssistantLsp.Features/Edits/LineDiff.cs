namespace AssistantLsp.Features.Edits;

/// <summary>One stretch of change: <see cref="OldCount"/> old lines from <see cref="OldStart"/> become <see cref="NewCount"/> new lines from <see cref="NewStart"/>.</summary>
internal readonly record struct LineHunk(int OldStart, int OldCount, int NewStart, int NewCount);

/// <summary>
/// Line diff by longest common subsequence after trimming common leading and trailing lines. The
/// table is quadratic, so past a size limit the untrimmed middle becomes one hunk: edits stay
/// correct, only less fine-grained.
/// </summary>
internal static class LineDiff
{
    private const long MaxTableCells = 4_000_000;

    public static List<LineHunk> Compare(IReadOnlyList<string> oldLines, IReadOnlyList<string> newLines)
    {
        var prefix = 0;
        while (prefix < oldLines.Count && prefix < newLines.Count && oldLines[prefix] == newLines[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < oldLines.Count - prefix && suffix < newLines.Count - prefix
            && oldLines[oldLines.Count - 1 - suffix] == newLines[newLines.Count - 1 - suffix])
        {
            suffix++;
        }

        var n = oldLines.Count - prefix - suffix;
        var m = newLines.Count - prefix - suffix;
        if (n == 0 && m == 0)
        {
            return [];
        }

        if (n == 0 || m == 0 || (long)n * m > MaxTableCells)
        {
            return [new LineHunk(prefix, n, prefix, m)];
        }

        // lcs[i, j]: length of the longest common subsequence of old[i..] and new[j..] (middle part).
        var lcs = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                lcs[i, j] = oldLines[prefix + i] == newLines[prefix + j]
                    ? lcs[i + 1, j + 1] + 1
                    : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var hunks = new List<LineHunk>();
        int oi = 0, ni = 0, hunkOld = -1, hunkNew = -1;
        void Flush()
        {
            if (hunkOld >= 0)
            {
                hunks.Add(new LineHunk(prefix + hunkOld, oi - hunkOld, prefix + hunkNew, ni - hunkNew));
                hunkOld = hunkNew = -1;
            }
        }

        while (oi < n || ni < m)
        {
            if (oi < n && ni < m && oldLines[prefix + oi] == newLines[prefix + ni])
            {
                Flush();
                oi++;
                ni++;
                continue;
            }

            if (hunkOld < 0)
            {
                hunkOld = oi;
                hunkNew = ni;
            }

            if (ni < m && (oi == n || lcs[oi, ni + 1] >= lcs[oi + 1, ni]))
            {
                ni++;
            }
            else
            {
                oi++;
            }
        }

        Flush();
        return hunks;
    }
}
