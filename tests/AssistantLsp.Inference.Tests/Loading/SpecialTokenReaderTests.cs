using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Loading;

namespace AssistantLsp.Inference.Tests.Loading;

public sealed class SpecialTokenReaderTests
{
    private static SpecialTokens Read(params string[] added) =>
        SpecialTokenReader.Read([.. added.Select((content, i) => new TokenizerAddedToken(1000 + i, content, true))], [1001], null, null);

    [Fact]
    public void Qwen_fim_tokens_give_qwen_style_with_the_stop_texts_present()
    {
        var tokens = Read("<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|fim_pad|>", "<|im_end|>");

        Assert.Equal(new FimTokens(FimStyle.QwenCoder, "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", []) with { StopTexts = tokens.Fim!.StopTexts }, tokens.Fim);
        Assert.Equal(["<|endoftext|>", "<|fim_pad|>", "<|im_end|>", "<|fim_prefix|>"], tokens.Fim.StopTexts);
    }

    [Fact]
    public void DeepSeek_coder_fim_tokens_give_deepseek_style()
    {
        var tokens = Read("<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>", "<｜fim▁hole｜>", "<｜fim▁begin｜>", "<｜fim▁end｜>", "<|EOT|>");

        Assert.Equal(FimStyle.DeepSeekCoder, tokens.Fim!.Style);
        Assert.Equal(("<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>"), (tokens.Fim.Prefix, tokens.Fim.Suffix, tokens.Fim.Middle));
        Assert.Contains("<|EOT|>", tokens.Fim.StopTexts);
    }

    [Theory]
    [InlineData("<|fim_prefix|>", "<|fim_suffix|>")] // middle missing
    [InlineData("<｜fim▁begin｜>", "<｜fim▁end｜>")] // hole missing
    [InlineData("<｜User｜>", "<｜Assistant｜>")]
    public void Incomplete_or_absent_fim_triples_mean_no_fim(string first, string second)
    {
        Assert.Null(Read(first, second).Fim);
    }

    [Fact]
    public void R1_chat_tokens_are_found_and_absent_ones_are_null()
    {
        var tokens = Read("<｜begin▁of▁sentence｜>", "<｜User｜>", "<｜Assistant｜>", "<think>", "</think>");
        var bare = Read("<s>", "</s>");

        Assert.Equal(("<｜begin▁of▁sentence｜>", "<｜User｜>", "<｜Assistant｜>", "<think>", "</think>"), (tokens.BeginOfSentence, tokens.User, tokens.Assistant, tokens.ThinkStart, tokens.ThinkEnd));
        Assert.Equal([1001], tokens.EndOfSequenceIds);
        Assert.Null(bare.User);
        Assert.Null(bare.ThinkEnd);
        Assert.Null(bare.BeginOfSentence);
    }

    [Fact]
    public void Bos_text_from_the_tokenizer_config_wins_when_it_is_a_token()
    {
        var tokens = SpecialTokenReader.Read([new TokenizerAddedToken(1, "<s>", true)], [2], "<s>", "{{ messages }}");

        Assert.Equal("<s>", tokens.BeginOfSentence);
        Assert.Equal("{{ messages }}", tokens.ChatTemplate);
    }
}
