using AssistantLsp.Inference.Engine.Speculative;

namespace AssistantLsp.Inference.Tests.Engine.Speculative;

public sealed class AdaptiveDraftLengthTests
{
    [Fact]
    public void Grows_on_whole_acceptance_up_to_the_maximum()
    {
        var length = new AdaptiveDraftLength();
        var seen = new List<int>();
        for (var i = 0; i < 10; i++)
        {
            Assert.True(length.TryStartStep());
            length.Record(length.Length, length.Length);
            seen.Add(length.Length);
        }

        Assert.Equal([6, 8, 10, 12, 14, 16, 16, 16, 16, 16], seen);
    }

    [Theory]
    [InlineData(8, 3, 3)]
    [InlineData(8, 1, 1)]
    [InlineData(8, 7, 7)]
    public void Shrinks_to_what_was_accepted_on_a_partial_rejection(int drafted, int accepted, int expected)
    {
        var length = new AdaptiveDraftLength();
        length.Record(drafted, accepted);

        Assert.Equal(expected, length.Length);
        Assert.True(length.TryStartStep());
    }

    [Fact]
    public void Failed_drafts_pause_drafting_for_doubling_numbers_of_steps()
    {
        var length = new AdaptiveDraftLength();
        var pauses = new List<int>();
        for (var failure = 0; failure < 9; failure++)
        {
            length.Record(length.Length, 0);
            var skipped = 0;
            while (!length.TryStartStep())
            {
                skipped++;
            }

            pauses.Add(skipped);
            Assert.Equal(1, length.Length);
        }

        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 64, 64], pauses);
    }

    [Fact]
    public void Any_accepted_token_ends_the_pause_streak()
    {
        var length = new AdaptiveDraftLength();
        length.Record(4, 0);
        length.Record(1, 0);
        length.Record(1, 0);
        while (!length.TryStartStep())
        {
        }

        length.Record(1, 1);
        length.Record(3, 0);

        Assert.False(length.TryStartStep());
        Assert.True(length.TryStartStep());
    }

    [Fact]
    public void Gives_up_after_a_run_of_steps_without_an_accepted_token()
    {
        var length = new AdaptiveDraftLength();
        for (var step = 1; step < AdaptiveDraftLength.StepsBeforeGivingUp; step++)
        {
            length.Record(step % 3 == 0 ? 2 : 0, 0);
            Assert.False(length.GaveUp);
        }

        length.Record(0, 0);

        Assert.True(length.GaveUp);
    }

    [Fact]
    public void An_accepted_token_restarts_the_count_towards_giving_up()
    {
        var length = new AdaptiveDraftLength();
        for (var step = 1; step < AdaptiveDraftLength.StepsBeforeGivingUp; step++)
        {
            length.Record(0, 0);
        }

        length.Record(3, 1);
        length.Record(0, 0);

        Assert.False(length.GaveUp);
    }

    [Fact]
    public void Steps_without_a_draft_change_nothing()
    {
        var length = new AdaptiveDraftLength();
        length.Record(0, 0);

        Assert.Equal(AdaptiveDraftLength.Initial, length.Length);
        Assert.True(length.TryStartStep());
    }
}
