using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Reasoning;
using AssistantLsp.Inference.Tests.Scheduling;

namespace AssistantLsp.Inference.Tests.Reasoning;

public sealed class R1PromptBuilderTests
{
    private const string Bos = "<｜begin▁of▁sentence｜>";
    private const string User = "<｜User｜>";
    private const string Assistant = "<｜Assistant｜>";

    private static readonly SpecialTokens s_r1 = new(Bos, [1], User, Assistant, "<think>", "</think>", null, null);
    private static readonly SpecialTokens s_bare = new(null, [1], null, null, null, null, null, null);
    private static readonly SpecialTokens s_customTags = new(Bos, [1], User, Assistant, "<reason>", "</reason>", null, null);

    public static TheoryData<string?, SpecialTokens, R1ThinkingMode, string> Cases => new()
    {
        // No template: the R1 format from the model's tokens.
        { null, s_r1, R1ThinkingMode.Think, $"{Bos}{User}Q{Assistant}<think>\n" },
        { "  ", s_r1, R1ThinkingMode.Think, $"{Bos}{User}Q{Assistant}<think>\n" },
        { null, s_bare, R1ThinkingMode.Think, $"{User}Q{Assistant}<think>\n" },
        { null, s_r1, R1ThinkingMode.SkipThinking, $"{Bos}{User}Q{Assistant}<think>\n\n</think>\n\n" },
        { null, s_customTags, R1ThinkingMode.Think, $"{Bos}{User}Q{Assistant}<reason>\n" },
        { null, s_customTags, R1ThinkingMode.SkipThinking, $"{Bos}{User}Q{Assistant}<reason>\n\n</reason>\n\n" },

        // Template output is taken as rendered, then opened up to "<think>\n".
        { $"{Bos}{User}T{Assistant}<think>\n", s_r1, R1ThinkingMode.Think, $"{Bos}{User}T{Assistant}<think>\n" },
        { $"{Bos}{User}T{Assistant}<think>", s_r1, R1ThinkingMode.Think, $"{Bos}{User}T{Assistant}<think>\n" },
        { $"{Bos}{User}T{Assistant}", s_r1, R1ThinkingMode.Think, $"{Bos}{User}T{Assistant}<think>\n" },
        { $"{Bos}{User}T{Assistant}<think>\n", s_r1, R1ThinkingMode.SkipThinking, $"{Bos}{User}T{Assistant}<think>\n\n</think>\n\n" },
        { $"{Bos}{User}T{Assistant}", s_r1, R1ThinkingMode.SkipThinking, $"{Bos}{User}T{Assistant}<think>\n\n</think>\n\n" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Builds_the_prompt(string? templated, SpecialTokens tokens, R1ThinkingMode mode, string expected)
    {
        var prompt = R1PromptBuilder.Build(templated, tokens, "Q", mode);

        Assert.Equal(expected, prompt.Text);
        Assert.Equal(mode == R1ThinkingMode.Think ? ThinkStreamStart.Reasoning : ThinkStreamStart.Answer, prompt.OutputStartsIn);
    }

    [Fact]
    public void Asks_the_engine_template_for_one_user_turn_with_the_generation_prompt()
    {
        using var engine = new ScriptedFakeEngine();
        IReadOnlyList<ChatMessage>? messages = null;
        bool? generationPrompt = null;
        engine.ChatTemplate = (m, g) =>
        {
            messages = m;
            generationPrompt = g;
            return $"[rendered:{m[0].Content}]";
        };

        var prompt = R1PromptBuilder.Build(engine, "Explain this.", R1ThinkingMode.Think);

        Assert.Equal([new ChatMessage("user", "Explain this.")], messages);
        Assert.True(generationPrompt);
        Assert.Equal("[rendered:Explain this.]<think>\n", prompt.Text);
    }

    [Fact]
    public void Falls_back_to_the_r1_format_when_the_engine_has_no_template()
    {
        using var engine = new ScriptedFakeEngine();

        var prompt = R1PromptBuilder.Build(engine, "Why?", R1ThinkingMode.Think);

        Assert.Equal($"{Bos}{User}Why?{Assistant}<think>\n", prompt.Text);
    }

    [Fact]
    public void The_forced_end_closes_a_think_block_from_outside() =>
        Assert.Equal("\n</think>\n\n", R1PromptBuilder.ForcedThinkEnd(s_r1));
}
