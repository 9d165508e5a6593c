namespace AssistantLsp.Inference.Engine;

/// <summary>Prefix arithmetic for KV cache reuse, shared by the engines.</summary>
internal static class TokenPrefix
{
    /// <summary>How many leading tokens <paramref name="cached"/> and <paramref name="prompt"/> have in common.</summary>
    public static int CommonLength(IReadOnlyList<int> cached, IReadOnlyList<int> prompt)
    {
        var limit = Math.Min(cached.Count, prompt.Count);
        var common = 0;
        while (common < limit && cached[common] == prompt[common])
        {
            common++;
        }

        return common;
    }
}
