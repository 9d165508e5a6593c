using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.LlamaCpp;
using AssistantLsp.Inference.OnnxGenAi;
using AssistantLsp.ModelWriting.Contrib;

namespace AssistantLsp.ModelWriting.Tests.Contrib;

/// <summary>
/// The tiny shape of the benchmark's model pair: the contrib-op ONNX graph run by the real GenAI
/// engine must reproduce the plain C# reference forward pass token for token, and llama.cpp must
/// load the Q4_0 twin.
/// </summary>
public sealed class QwenModelPairWriterTests : IDisposable
{
    private static readonly int[] _prompt = [72, 101, 108, 108, 111, 32, 119, 111, 114, 108, 100, 33, 10, 40, 41, 123];

    private readonly string _directory = Path.Combine(TestTemp.Root, "qwen-pair-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    public static TheoryData<int, int> Configurations() => new()
    {
        // fp32 compute, a short prompt.
        { 0, 16 },
        // A 300-token prompt: the engine prefills in chunks of 256, so GQA also runs a prompt chunk on top of a filled KV cache.
        { 0, 300 },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public async Task Onnx_contrib_graph_matches_the_reference_forward_pass_for_20_greedy_tokens(int accuracyLevel, int promptLength)
    {
        var weights = new Dictionary<string, float[]>();
        var pair = QwenModelPairWriter.Write(QwenShape.Tiny, _directory, new QwenPairOptions { AccuracyLevel = accuracyLevel, Seed = 7 }, (name, values) => weights[name] = values, CancellationToken.None);
        var prompt = promptLength == _prompt.Length ? _prompt : AssistantLsp.ModelWriting.Benchmarks.EngineBenchmark.Prompt(1, promptLength);
        var expected = new QwenReference(QwenShape.Tiny, weights).Greedy(prompt, 20);

        using var engine = OnnxGenAiEngine.Load(pair.OnnxDirectory);
        var result = await engine.GenerateAsync(new GenerationRequest(prompt, new GenerationOptions { MaxNewTokens = 20 }), null, CancellationToken.None);

        Assert.Equal(expected, result.TokenIds);
        Assert.True(expected.Distinct().Count() > 3, "a degenerate model (one token repeated) would prove little");
    }

    /// <summary>
    /// Engines that quantize activations to int8 (MatMulNBits accuracy level 4 as in the benchmark,
    /// llama.cpp's Q4_0 × Q8_0 dot products) drift from the fp64 reference after a few tokens, but
    /// their first token must be among the reference's best three: a wrong nibble order, bias or
    /// rotary layout would make it a 1-in-170 chance.
    /// </summary>
    [Fact]
    public async Task Int8_compute_engines_pick_a_first_token_the_reference_ranks_top_three()
    {
        var weights = new Dictionary<string, float[]>();
        var pair = QwenModelPairWriter.Write(QwenShape.Tiny, _directory, new QwenPairOptions { Seed = 11 }, (name, values) => weights[name] = values, CancellationToken.None);
        var reference = new QwenReference(QwenShape.Tiny, weights);
        using var onnx = OnnxGenAiEngine.Load(pair.OnnxDirectory);
        using var llama = LlamaCppEngine.Load(pair.GgufPath, new LlamaCppEngineOptions { Threads = 1, ContextSize = 256 });
        var options = new GenerationOptions { MaxNewTokens = 1 };

        for (int run = 0; run < 4; run++)
        {
            var prompt = AssistantLsp.ModelWriting.Benchmarks.EngineBenchmark.Prompt(run, 24);
            var ranked = reference.LastLogits(prompt).Select((logit, id) => (logit, id)).OrderByDescending(p => p.logit).Take(3).Select(p => p.id).ToList();
            var fromOnnx = await onnx.GenerateAsync(new GenerationRequest(prompt, options), null, CancellationToken.None);
            var fromLlama = await llama.GenerateAsync(new GenerationRequest(prompt, options), null, CancellationToken.None);

            Assert.Contains(fromOnnx.TokenIds[0], ranked);
            Assert.Contains(fromLlama.TokenIds[0], ranked);
        }
    }

    [Fact]
    public async Task Both_engines_load_the_pair_and_generate_the_requested_tokens()
    {
        var pair = QwenModelPairWriter.Write(QwenShape.Tiny, _directory, new QwenPairOptions { Threads = 1 }, CancellationToken.None);
        var options = new GenerationOptions { MaxNewTokens = 8 };

        using var onnx = OnnxGenAiEngine.Load(pair.OnnxDirectory);
        using var llama = LlamaCppEngine.Load(pair.GgufPath, new LlamaCppEngineOptions { Threads = 1, ContextSize = 256 });
        var fromOnnx = await onnx.GenerateAsync(new GenerationRequest(_prompt, options), null, CancellationToken.None);
        var fromLlama = await llama.GenerateAsync(new GenerationRequest(_prompt, options), null, CancellationToken.None);

        Assert.Equal(QwenShape.Tiny.Vocab, onnx.Model.VocabSize);
        Assert.Equal(QwenShape.Tiny.Vocab, llama.Model.VocabSize);
        Assert.Equal(8, fromOnnx.TokenIds.Count);
        Assert.Equal(8, fromLlama.TokenIds.Count);
    }

    [Fact]
    public void Both_sides_of_a_pair_encode_every_text_to_the_same_tokens()
    {
        // The typing bench sends the same prompt text to both engines: the reuse and latency figures
        // compare only if the token ids agree (chat tags, think tags and code alike).
        var pair = QwenModelPairWriter.Write(QwenShape.Tiny, _directory, new QwenPairOptions { Threads = 1 }, CancellationToken.None);
        using var onnx = OnnxGenAiEngine.Load(pair.OnnxDirectory);
        using var llama = LlamaCppEngine.Load(pair.GgufPath, new LlamaCppEngineOptions { Threads = 1, ContextSize = 256 });
        string[] texts =
        [
            "<｜begin▁of▁sentence｜><｜User｜>Explain this.<｜Assistant｜><think>\n\n</think>\n\n",
            "    public static int Add(int a, int b)\n    {\n        return a + b;\n    }\n",
            "héllo wörld — 😀 日本語\r\n\ttabs  and   spaces",
            "the inner error is in there",
        ];
        foreach (var text in texts)
        {
            Assert.Equal(onnx.Encode(text), llama.Encode(text));
        }

        Assert.Single(llama.Encode("<｜Assistant｜>"));
    }
}
