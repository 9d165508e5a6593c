using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Reasoning;
using AssistantLsp.ModelWriting.Gguf;

namespace AssistantLsp.Inference.Tests.LlamaCpp;

/// <summary>Tokenization, special tokens and chat templates of the real llama.cpp engine on generated GGUF models.</summary>
public sealed class LlamaCppEngineTokenizationTests : IDisposable
{
    private static readonly string _longScript = string.Concat(Enumerable.Range(0, 400).Select(i => $"w{i} "));

    private readonly GgufModelFolder _models = new();

    public void Dispose() => _models.Dispose();

    [Fact]
    public void Describes_the_special_tokens_from_the_vocabulary()
    {
        using var engine = _models.Load(GgufTestModelSpec.Random());
        var tokens = engine.Model.Tokens;

        Assert.Equal("<｜begin▁of▁sentence｜>", tokens.BeginOfSentence);
        Assert.Equal("<｜User｜>", tokens.User);
        Assert.Equal("<｜Assistant｜>", tokens.Assistant);
        Assert.Equal("<think>", tokens.ThinkStart);
        Assert.Equal("</think>", tokens.ThinkEnd);
        Assert.Contains(engine.Encode("<｜end▁of▁sentence｜>").Single(), tokens.EndOfSequenceIds);
        Assert.Equal(GgufTestModelWriter.ChatTemplate, tokens.ChatTemplate);
        var fim = Assert.IsType<FimTokens>(tokens.Fim);
        Assert.Equal(FimStyle.QwenCoder, fim.Style);
        Assert.Equal(("<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>"), (fim.Prefix, fim.Suffix, fim.Middle));
        Assert.Contains("<|endoftext|>", fim.StopTexts);
        Assert.DoesNotContain("<|im_end|>", fim.StopTexts);
        Assert.InRange(engine.Model.VocabSize, 300, 1000);
        Assert.Equal("cpu", engine.Model.ExecutionProvider);
        Assert.Equal(512, engine.Model.ContextLength);
    }

    [Fact]
    public void Without_fim_tokens_no_fim_is_reported()
    {
        using var engine = _models.Load(GgufTestModelSpec.Random() with { WithFimTokens = false });

        Assert.Null(engine.Model.Tokens.Fim);
        Assert.Equal("<think>", engine.Model.Tokens.ThinkStart);
    }

    [Theory]
    [InlineData("plain text")]
    [InlineData("héllo 😀 日本語\n\tdef f():\n    return 1")]
    [InlineData("<｜begin▁of▁sentence｜><｜User｜>hi<｜Assistant｜><think>\nok</think>")]
    public void Encode_and_decode_round_trip_without_adding_bos(string text)
    {
        using var engine = _models.Load(GgufTestModelSpec.Random());

        var ids = engine.Encode(text);

        Assert.Equal(text, engine.Decode(ids));
        Assert.Equal(text.StartsWith("<｜begin", StringComparison.Ordinal), ids[0] == engine.Encode("<｜begin▁of▁sentence｜>").Single());
    }

    [Fact]
    public void Special_token_text_is_one_token_each()
    {
        using var engine = _models.Load(GgufTestModelSpec.Random());

        var ids = engine.Encode("<｜User｜>hi<｜Assistant｜><think>\n");

        Assert.Equal(engine.Encode("<｜User｜>").Single(), ids[0]);
        Assert.Equal(engine.Encode("<think>").Single(), ids[^2]);
        Assert.Equal(6, ids.Count); // User, "h", "i", Assistant, <think>, "\n"
    }

    [Fact]
    public void Chat_template_renders_the_r1_format_and_the_prompt_builder_opens_a_think_block()
    {
        using var engine = _models.Load(GgufTestModelSpec.Random());

        var rendered = engine.ApplyChatTemplate([new ChatMessage("user", "Explain x.")], addGenerationPrompt: true);
        var prompt = R1PromptBuilder.Build(engine, "Explain x.", R1ThinkingMode.Think);

        Assert.Equal("<｜begin▁of▁sentence｜><｜User｜>Explain x.<｜Assistant｜>", rendered);
        Assert.Equal("<｜begin▁of▁sentence｜><｜User｜>Explain x.<｜Assistant｜><think>\n", prompt.Text);
    }

    [Fact]
    public void A_model_without_a_template_or_with_one_llama_cpp_cannot_render_gets_the_r1_fallback()
    {
        using var none = _models.Load(GgufTestModelSpec.Random() with { ChatTemplate = "" });
        using var unknown = _models.Load(GgufTestModelSpec.Random() with { ChatTemplate = "{% for m in messages %}[[{{ m['content'] }}]]{% endfor %}" });
        ChatMessage[] messages = [new("user", "Explain x.")];

        Assert.Null(none.Model.Tokens.ChatTemplate);
        Assert.Null(none.ApplyChatTemplate(messages, addGenerationPrompt: true));
        Assert.NotNull(unknown.Model.Tokens.ChatTemplate);
        Assert.Null(unknown.ApplyChatTemplate(messages, addGenerationPrompt: true));
        Assert.Equal(
            "<｜begin▁of▁sentence｜><｜User｜>Explain x.<｜Assistant｜><think>\n",
            R1PromptBuilder.Build(unknown, "Explain x.", R1ThinkingMode.Think).Text);
    }

    [Fact]
    public void Multi_turn_chat_renders_each_turn()
    {
        using var engine = _models.Load(GgufTestModelSpec.Random());

        var rendered = engine.ApplyChatTemplate(
            [new ChatMessage("user", "a"), new ChatMessage("assistant", "b"), new ChatMessage("user", "c")], addGenerationPrompt: false);

        Assert.Equal("<｜begin▁of▁sentence｜><｜User｜>a<｜Assistant｜>b<｜end▁of▁sentence｜><｜User｜>c", rendered);
    }

    [Fact]
    public async Task Tokenizes_while_a_generation_runs()
    {
        using var engine = _models.Load(GgufTestModelSpec.Scripted(_longScript));
        var prompt = engine.Encode("<｜User｜>Go on.<｜Assistant｜>");
        var generation = engine.GenerateAsync(new GenerationRequest(prompt, new GenerationOptions { MaxNewTokens = 200 }), null, CancellationToken.None);
        var rounds = 0;

        while (!generation.IsCompleted)
        {
            Assert.Equal("tokenize me 😀", engine.Decode(engine.Encode("tokenize me 😀")));
            rounds++;
        }

        Assert.Equal(200, (await generation).TokenIds.Count);
        Assert.True(rounds > 0);
    }
}
