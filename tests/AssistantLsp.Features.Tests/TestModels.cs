using AssistantLsp.Inference.Engine;

namespace AssistantLsp.Features.Tests;

/// <summary>Token texts of the real model families, as the engine would describe them.</summary>
internal static class TestModels
{
    public static readonly FimTokens QwenFim = new(
        FimStyle.QwenCoder, "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", ["<|endoftext|>", "<|im_end|>", "<|file_sep|>"]);

    public static readonly FimTokens DeepSeekFim = new(
        FimStyle.DeepSeekCoder, "<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>", ["<｜end▁of▁sentence｜>"]);

    public static readonly SpecialTokens R1 = new(
        "<｜begin▁of▁sentence｜>", [151643], "<｜User｜>", "<｜Assistant｜>", "<think>", "</think>", null, null);

    public static readonly SpecialTokens QwenCoder = new(
        null, [151643], null, null, null, null, QwenFim, null);

    public static ModelDescription Describe(SpecialTokens tokens) =>
        new("/models/test", "test", "cpu", 4096, 151936, tokens);
}
