using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.LlamaCpp;
using AssistantLsp.Inference.Loading;
using AssistantLsp.ModelWriting.Gguf;

namespace AssistantLsp.ModelWriting.Tests.Gguf;

public sealed class GgufTestModelWriterTests : IDisposable
{
    private readonly GgufModelFolder _models = new();

    public void Dispose() => _models.Dispose();

    [Fact]
    public void Writes_one_gguf_file_that_llama_cpp_loads()
    {
        var folder = Path.Combine(_models.Path, "out", "nested");

        var file = GgufTestModelWriter.Write(GgufTestModelSpec.Random(), folder);

        Assert.Equal([file], Directory.GetFiles(folder));
        Assert.EndsWith(".gguf", file, StringComparison.Ordinal);
        Assert.InRange(new FileInfo(file).Length, 10_000, 2_000_000);
        using var engine = LlamaCppEngine.Load(folder, GgufModelFolder.TestOptions);
        Assert.True(engine.Model.VocabSize > 256);
    }

    [Fact]
    public void Metadata_describes_a_llama_model_with_a_byte_level_tokenizer()
    {
        var file = GgufTestReader.Read(File.ReadAllBytes(_models.Write(GgufTestModelSpec.Random())));
        var tokens = (object[])file.Metadata["tokenizer.ggml.tokens"];
        var types = (object[])file.Metadata["tokenizer.ggml.token_type"];
        var index = tokens.Select((t, i) => ((string)t, i)).ToDictionary(p => p.Item1, p => p.i);

        Assert.Equal(3u, file.Version);
        Assert.Equal("llama", file.Metadata["general.architecture"]);
        Assert.Equal("gpt2", file.Metadata["tokenizer.ggml.model"]);
        Assert.Equal(512u, file.Metadata["llama.context_length"]);
        Assert.Equal(GgufTestModelWriter.ChatTemplate, file.Metadata["tokenizer.chat_template"]);
        Assert.Equal(tokens.Length, types.Length);
        Assert.Equal(tokens.Length, tokens.Distinct().Count());
        Assert.Equal((uint)index[KnownTokenTexts.BeginOfSentence], file.Metadata["tokenizer.ggml.bos_token_id"]);
        Assert.Equal((uint)index[KnownTokenTexts.EndOfSentence], file.Metadata["tokenizer.ggml.eos_token_id"]);
        Assert.Equal((int)GgufTokenType.Control, types[index[KnownTokenTexts.EndOfSentence]]);
        Assert.Equal((int)GgufTokenType.UserDefined, types[index[KnownTokenTexts.ThinkEnd]]);
        Assert.Equal((int)GgufTokenType.Control, types[index["<|fim_middle|>"]]);
        var embedding = file.Tensors.Single(t => t.Name == "token_embd.weight");
        Assert.Equal([64UL, (ulong)tokens.Length], embedding.Shape);
        Assert.Equal(2, file.Tensors.Count(t => t.Name.EndsWith("attn_q.weight", StringComparison.Ordinal)));
    }

    [Fact]
    public void Random_models_are_deterministic_per_seed()
    {
        var a = File.ReadAllBytes(_models.Write(GgufTestModelSpec.Random(seed: 4)));
        var b = File.ReadAllBytes(_models.Write(GgufTestModelSpec.Random(seed: 4)));
        var c = File.ReadAllBytes(_models.Write(GgufTestModelSpec.Random(seed: 5)));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Scripted_model_makes_each_piece_point_at_the_next()
    {
        var bytes = File.ReadAllBytes(_models.Write(GgufTestModelSpec.Scripted("abc abc abc")));
        var file = GgufTestReader.Read(bytes);
        var tokens = ((object[])file.Metadata["tokenizer.ggml.tokens"]).Cast<string>().ToArray();
        var hidden = (int)(uint)file.Metadata["llama.embedding_length"];
        var output = file.TensorData(bytes, "output.weight");
        var embedding = file.TensorData(bytes, "token_embd.weight");
        var eos = (int)(uint)file.Metadata["tokenizer.ggml.eos_token_id"];

        // Follow the table from a token outside the script: argmax over output rows of its state.
        int Next(int token)
        {
            var state = Array.IndexOf(embedding, 1f, token * hidden, hidden) - (token * hidden);
            return Enumerable.Range(0, tokens.Length).MaxBy(row => output[(row * hidden) + state]);
        }

        var spelled = new List<int>();
        for (var token = Next(0); token != eos; token = Next(token))
        {
            spelled.Add(token);
            Assert.True(spelled.Count < 50, "the successor table must reach end-of-sequence");
        }

        Assert.Equal("abc abc abc", string.Concat(spelled.Select(t => tokens[t].Replace('\u0120', ' '))));
        Assert.All(file.Tensors.Where(t => t.Name.Contains("attn_output", StringComparison.Ordinal) || t.Name.Contains("ffn_down", StringComparison.Ordinal)),
            t => Assert.All(file.TensorData(bytes, t.Name), v => Assert.Equal(0f, v)));
    }

    [Fact]
    public async Task Scripted_model_with_a_large_script_still_spells_it()
    {
        var script = string.Join('\n', Enumerable.Range(0, 120).Select(i => $"line {i % 7}: value = {i * i};"));
        using var engine = _models.Load(GgufTestModelSpec.Scripted(script));

        var result = await engine.GenerateAsync(
            new GenerationRequest(engine.Encode("go"), new GenerationOptions { MaxNewTokens = 3000 }), null, CancellationToken.None);

        Assert.Equal(script, result.Text);
    }

    [Fact]
    public void Refuses_a_context_too_small_to_use()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GgufTestModelWriter.Write(GgufTestModelSpec.Random() with { ContextLength = 4 }, _models.Path));
    }
}
