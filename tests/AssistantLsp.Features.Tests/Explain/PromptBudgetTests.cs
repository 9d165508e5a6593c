using AssistantLsp.Features.Explain;
using AssistantLsp.Inference.Reasoning;

namespace AssistantLsp.Features.Tests.Explain;

public class PromptBudgetTests
{
    [Theory]
    [InlineData(32768, 1024, 6144)]
    [InlineData(8192, 1024, 6144)]
    [InlineData(4096, 512, 3072)]
    [InlineData(512, 1024, 256)]
    public void Leaves_room_for_thinking_and_answer(int context, int thinking, int expected) =>
        Assert.Equal(expected, PromptBudget.For(context, new ReasoningOptions { MaxThinkingTokens = thinking, MaxAnswerTokens = 512 }));
}
