namespace AssistantLsp.Server.Cli;

/// <summary>One keystroke of a typing script: wait <see cref="Delay"/>, type the character; a burst's last key is followed by a pause.</summary>
internal readonly record struct TypedKey(TimeSpan Delay, bool EndsBurst, TimeSpan PauseAfter);

/// <summary>
/// A seeded model of how people type code: bursts of 3–12 keys at 8–15 keys/s separated by pauses of
/// 0.6–3 s (the moments a ghost suggestion can be read). The same seed gives the same script.
/// </summary>
internal static class TypingModel
{
    public static IReadOnlyList<TypedKey> Script(int keyCount, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keyCount);
        var random = new Random(seed);
        var keys = new List<TypedKey>(keyCount);
        var pause = TimeSpan.Zero;
        while (keys.Count < keyCount)
        {
            var burst = Math.Min(random.Next(3, 13), keyCount - keys.Count);
            var keysPerSecond = 8 + 7 * random.NextDouble();
            var nextPause = TimeSpan.FromSeconds(0.6 + 2.4 * random.NextDouble());
            for (var i = 0; i < burst; i++)
            {
                var delay = i == 0 ? pause : TimeSpan.FromSeconds(1 / keysPerSecond);
                var last = i == burst - 1;
                keys.Add(new TypedKey(delay, last, last ? nextPause : TimeSpan.Zero));
            }

            pause = nextPause;
        }

        return keys;
    }
}
