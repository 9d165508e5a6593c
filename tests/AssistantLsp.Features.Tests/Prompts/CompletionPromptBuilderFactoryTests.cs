using AssistantLsp.Features.Prompts;

namespace AssistantLsp.Features.Tests.Prompts;

public class CompletionPromptBuilderFactoryTests
{
    [Fact]
    public void Model_with_fim_tokens_gets_the_fim_layout()
    {
        var builder = CompletionPromptBuilderFactory.Create(TestModels.Describe(TestModels.QwenCoder), TestTokenCounters.PerChar);

        Assert.IsType<FimPromptBuilder>(builder);
        Assert.Equal(CompletionPromptKind.Fim, builder.Kind);
    }

    [Fact]
    public void Model_without_fim_tokens_gets_the_r1_chat_layout()
    {
        var builder = CompletionPromptBuilderFactory.Create(TestModels.Describe(TestModels.R1), TestTokenCounters.PerChar);

        Assert.IsType<R1CompletionPromptBuilder>(builder);
        Assert.Equal(CompletionPromptKind.Chat, builder.Kind);
    }
}
