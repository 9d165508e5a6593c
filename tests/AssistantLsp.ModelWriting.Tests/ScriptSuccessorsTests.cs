using AssistantLsp.ModelWriting;

namespace AssistantLsp.ModelWriting.Tests;

public sealed class ScriptSuccessorsTests
{
    [Fact]
    public void Each_piece_leads_to_the_next_and_the_last_to_end_of_sequence()
    {
        var table = ScriptSuccessors.Build([7, 3, 5], endOfSequenceId: 9, vocabSize: 10);

        Assert.Equal(4, table.StateCount);
        Assert.Equal(3, table.Followers[table.StateOf[7]]);
        Assert.Equal(5, table.Followers[table.StateOf[3]]);
        Assert.Equal(9, table.Followers[table.StateOf[5]]);
    }

    [Fact]
    public void Every_token_outside_the_script_starts_it()
    {
        var table = ScriptSuccessors.Build([7, 3], endOfSequenceId: 9, vocabSize: 10);

        Assert.All(new[] { 0, 1, 2, 4, 5, 6, 8, 9 }, token => Assert.Equal(7, table.Followers[table.StateOf[token]]));
    }

    [Fact]
    public void An_empty_script_ends_at_once()
    {
        var table = ScriptSuccessors.Build([], endOfSequenceId: 2, vocabSize: 4);

        Assert.Equal([2], table.Followers);
        Assert.All(table.StateOf, state => Assert.Equal(0, state));
    }
}
