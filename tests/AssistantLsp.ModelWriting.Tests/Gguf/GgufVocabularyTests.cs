using AssistantLsp.ModelWriting.Gguf;

namespace AssistantLsp.ModelWriting.Tests.Gguf;

public sealed class GgufVocabularyTests
{
    [Fact]
    public void Starts_with_all_256_bytes_each_spelled_once()
    {
        var vocabulary = new GgufVocabulary();

        Assert.Equal(256, vocabulary.Count);
        Assert.Equal(256, vocabulary.Tokens.Distinct().Count());
        Assert.All(vocabulary.Tokens, t => Assert.Single(t));
        Assert.Equal(97, vocabulary.IdOf("a"));
    }

    [Fact]
    public void A_merged_word_adds_one_merge_per_prefix()
    {
        var vocabulary = new GgufVocabulary();

        vocabulary.AddMergedWord(" the");
        vocabulary.AddMergedWord(" to");

        Assert.Equal(["\u0120 t", "\u0120t h", "\u0120th e", "\u0120t o"], vocabulary.Merges);
        Assert.True(vocabulary.Contains("\u0120the"));
        Assert.True(vocabulary.Contains("\u0120to"));
    }

    [Fact]
    public void Refuses_a_duplicate_spelling()
    {
        var vocabulary = new GgufVocabulary();

        Assert.Throws<InvalidOperationException>(() => vocabulary.Add("a", GgufTokenType.Normal));
    }
}
