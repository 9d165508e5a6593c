using AssistantLsp.Protocol;

namespace AssistantLsp.Server.Tests.Protocol;

public class LargeMessageReclaimTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task Small_messages_never_trigger_a_collection()
    {
        using var reclaim = new LargeMessageReclaim(Quiet);
        for (var i = 0; i < 50; i++)
        {
            reclaim.NoteMessage(LargeMessageReclaim.LargeMessageBytes - 1);
        }

        await Task.Delay(Quiet * 5);
        Assert.Equal(0, reclaim.Collections);
    }

    [Fact]
    public async Task A_burst_of_large_messages_costs_one_collection_once_traffic_is_quiet()
    {
        using var reclaim = new LargeMessageReclaim(Quiet);
        // Back to back: far inside one quiet period even on a loaded machine.
        for (var i = 0; i < 5; i++)
        {
            reclaim.NoteMessage(LargeMessageReclaim.LargeMessageBytes);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (reclaim.Collections == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await Task.Delay(Quiet * 3);
        Assert.Equal(1, reclaim.Collections);
    }
}
