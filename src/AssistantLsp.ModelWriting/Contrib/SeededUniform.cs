namespace AssistantLsp.ModelWriting.Contrib;

/// <summary>
/// A fast seeded generator (xorshift64*) of uniform floats in [−1, 1): billions of random weights
/// in seconds, and the same stream whatever the chunking, so a matrix can be regenerated.
/// </summary>
internal sealed class SeededUniform
{
    private ulong _state;

    public SeededUniform(int seed, int stream)
    {
        _state = (((ulong)(uint)seed << 32) | (uint)stream) * 0x9E3779B97F4A7C15UL;
        _state ^= 0xD1B54A32D192ED03UL;
        if (_state == 0)
        {
            _state = 1;
        }
    }

    public float Next()
    {
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        ulong bits = _state * 0x2545F4914F6CDD1DUL;
        // 24 random bits → [0, 1), then to [−1, 1).
        return ((bits >> 40) * (1f / (1 << 24)) * 2f) - 1f;
    }

    public void Fill(Span<float> values, float scale, float offset = 0f)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = offset + (Next() * scale);
        }
    }
}
