namespace AssistantLsp.Inference.Engine.Speculative;

/// <summary>
/// How many tokens to draft next: grows while drafts are accepted whole, shrinks to what was
/// accepted on a rejection, and after a draft with nothing accepted pauses drafting for a number
/// of steps that doubles with every further failure (so text that never repeats costs almost
/// nothing over plain decoding). Any accepted token ends the pause streak. After
/// <see cref="StepsBeforeGivingUp"/> steps in a row without an accepted draft token (drafted or
/// not), <see cref="GaveUp"/> says to finish the generation with the engine's plain steps.
/// </summary>
internal sealed class AdaptiveDraftLength
{
    public const int Initial = 4;
    public const int Max = 16;
    public const int Growth = 2;
    public const int FirstPause = 1;
    public const int LongestPause = 64;
    public const int StepsBeforeGivingUp = 64;

    private int _pause;
    private int _pauseLeft;
    private int _fruitlessSteps;

    public int Length { get; private set; } = Initial;

    /// <summary>True once drafting has stopped paying for this generation.</summary>
    public bool GaveUp => _fruitlessSteps >= StepsBeforeGivingUp;

    /// <summary>True when this step should draft (counts the step when paused).</summary>
    public bool TryStartStep()
    {
        if (_pauseLeft > 0)
        {
            _pauseLeft--;
            return false;
        }

        return true;
    }

    /// <summary>Records how many of <paramref name="drafted"/> tokens were accepted.</summary>
    public void Record(int drafted, int accepted)
    {
        _fruitlessSteps = accepted > 0 ? 0 : _fruitlessSteps + 1;
        if (drafted <= 0)
        {
            return;
        }

        if (accepted == drafted)
        {
            Length = Math.Min(Max, Length + Growth);
            _pause = 0;
        }
        else if (accepted > 0)
        {
            Length = Math.Max(1, accepted);
            _pause = 0;
        }
        else
        {
            Length = 1;
            _pause = _pause == 0 ? FirstPause : Math.Min(LongestPause, _pause * 2);
            _pauseLeft = _pause;
        }
    }
}
