using AssistantLsp.Inference.Engine;

namespace AssistantLsp.Inference.OnnxGenAi;

/// <summary>How much of a cached token sequence a new prompt can keep in the KV cache.</summary>
internal static class PrefixReuse
{
    /// <summary>
    /// Number of leading tokens to keep: the common prefix of <paramref name="cached"/> and
    /// <paramref name="prompt"/>, leaving at least one prompt token to append (GenAI skips a token
    /// when generating straight after a rewind). Equal to <c>cached.Count</c> when the prompt
    /// extends the whole cache (append only, no rewind). Never <c>cached.Count − 1</c>: after a
    /// generation GenAI 0.19 refuses that rewind (the last sampled token is not in the KV cache
    /// yet), so one more token is dropped instead.
    /// </summary>
    public static int KeepLength(IReadOnlyList<int> cached, IReadOnlyList<int> prompt)
    {
        int common = Math.Max(0, Math.Min(TokenPrefix.CommonLength(cached, prompt), prompt.Count - 1));
        if (common == cached.Count)
        {
            return common;
        }

        return Math.Max(0, common == cached.Count - 1 ? common - 1 : common);
    }
}
