using System.Text.Json;
using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Tests.TestModels;
using AssistantLsp.ModelWriting;

namespace AssistantLsp.Inference.Tests.ModelWriting;

[Collection(TestModelsCollection.Name)]
public sealed class TestModelWriterTests(TestModelsFixture models)
{
    [Fact]
    public void Writes_a_genai_model_folder()
    {
        var files = Directory.GetFiles(models.Random.Directory).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(["genai_config.json", "model.onnx", "tokenizer.json", "tokenizer_config.json"], files);
        Assert.InRange(new FileInfo(Path.Combine(models.Random.Directory, "model.onnx")).Length, 10_000, 1_000_000);
    }

    [Fact]
    public void Same_seed_writes_the_same_model_and_another_seed_a_different_one()
    {
        var again = TestModelWriter.Write(TestModelSpec.Random(seed: 7), models.NewFolder("seed7"));
        var other = TestModelWriter.Write(TestModelSpec.Random(seed: 8), models.NewFolder("seed8"));

        byte[] Onnx(WrittenTestModel m) => File.ReadAllBytes(Path.Combine(m.Directory, "model.onnx"));
        Assert.Equal(Onnx(models.Random), Onnx(again));
        Assert.NotEqual(Onnx(models.Random), Onnx(other));
    }

    [Fact]
    public void Tokenizer_files_carry_the_r1_tokens_and_optionally_the_fim_tokens()
    {
        static string[] Added(WrittenTestModel m)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(m.Directory, "tokenizer.json")));
            return [.. json.RootElement.GetProperty("added_tokens").EnumerateArray().Select(t => t.GetProperty("content").GetString()!)];
        }

        string[] r1 = ["<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>", "<｜User｜>", "<｜Assistant｜>", "<think>", "</think>"];
        string[] fim = ["<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", "<|fim_pad|>", "<|endoftext|>"];
        Assert.Equal(r1.Concat(fim).Order(), Added(models.Random).Order());
        Assert.Equal(r1.Order(), Added(models.RandomWithoutFim).Order());
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(models.Random.Directory, "tokenizer_config.json")));
        Assert.EndsWith("<｜Assistant｜><think>\\n' }}{% endif %}", config.RootElement.GetProperty("chat_template").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(config.RootElement.GetProperty("tokenizer_class").GetString()));
    }

    [Fact]
    public async Task Scripted_model_emits_its_script_exactly_then_stops()
    {
        using var engine = TestModelsFixture.Load(models.Scripted);
        var streamed = new System.Text.StringBuilder();

        var result = await engine.GenerateAsync(new(engine.Encode("Say something."), new() { MaxNewTokens = 500 }), t => { streamed.Append(t.Text); return TokenDecision.Continue; }, CancellationToken.None);

        Assert.Equal(TestModelsFixture.Script, result.Text);
        Assert.Equal(TestModelsFixture.Script, streamed.ToString());
        Assert.Equal(StopReason.EndOfSequence, result.StopReason);
        Assert.Equal(models.Scripted.Vocabulary.ScriptPieceIds, result.TokenIds);
    }

    [Theory]
    [InlineData("<|fim_prefix|>def f():\n    <|fim_suffix|>\n<|fim_middle|>")]
    [InlineData("<｜begin▁of▁sentence｜><｜User｜>Explain hello world<｜Assistant｜><think>\n")]
    [InlineData("hello world")]
    [InlineData("</think>")]
    public async Task Scripted_model_emits_its_script_after_prompts_with_special_or_script_text(string promptText)
    {
        using var engine = TestModelsFixture.Load(models.Scripted);

        var result = await engine.GenerateAsync(new(engine.Encode(promptText), new() { MaxNewTokens = 500 }), null, CancellationToken.None);

        Assert.Equal(TestModelsFixture.Script, result.Text);
    }

    [Fact]
    public void Encoder_never_produces_script_piece_tokens()
    {
        using var engine = TestModelsFixture.Load(models.Scripted);
        var pieceIds = models.Scripted.Vocabulary.ScriptPieceIds.ToHashSet();

        var ids = engine.Encode(TestModelsFixture.Script + " " + string.Concat(models.Scripted.Vocabulary.ScriptPieces));

        Assert.DoesNotContain(ids, pieceIds.Contains);
    }

    [Fact]
    public void Every_script_piece_decodes_to_its_text()
    {
        using var engine = TestModelsFixture.Load(models.Scripted);
        var vocabulary = models.Scripted.Vocabulary;

        for (int i = 0; i < vocabulary.ScriptPieces.Count; i++)
        {
            Assert.Equal(vocabulary.ScriptPieces[i], engine.Decode([vocabulary.ScriptPieceIds[i]]));
        }
    }

    [Fact]
    public async Task Random_model_writes_printable_text()
    {
        using var engine = TestModelsFixture.Load(models.Random);

        var result = await engine.GenerateAsync(new(engine.Encode("Hello"), new() { MaxNewTokens = 40 }), null, CancellationToken.None);

        Assert.Equal(40, result.TokenIds.Count);
        Assert.All(result.Text, c => Assert.True(c == '\n' || c is >= ' ' and <= '~', $"unexpected U+{(int)c:X4}"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("One line.")]
    [InlineData("la la la la la la la la la la la la")]
    public async Task Scripted_model_of_any_script_emits_it(string script)
    {
        var written = TestModelWriter.Write(TestModelSpec.Scripted(script) with { WithFimTokens = false }, models.NewFolder("script"));
        using var engine = TestModelsFixture.Load(written);

        var result = await engine.GenerateAsync(new(engine.Encode("<｜User｜>go"), new() { MaxNewTokens = 100 }), null, CancellationToken.None);

        Assert.Equal(script, result.Text);
        Assert.Equal(StopReason.EndOfSequence, result.StopReason);
    }

    [Fact]
    public void Bad_specs_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TestModelWriter.Write(TestModelSpec.Random() with { ContextLength = 4 }, models.NewFolder("bad")));
        Assert.Throws<ArgumentException>(() => TestModelWriter.Write(TestModelSpec.Random(), " "));
    }
}
