namespace AssistantLsp.ModelWriting;

public enum TestModelKind
{
    /// <summary>Seeded random weights: deterministic but meaningless printable-ASCII text.</summary>
    Random,

    /// <summary>After any prompt, greedy decoding emits <see cref="TestModelSpec.Script"/> exactly, then end-of-sequence.</summary>
    Scripted,
}

/// <summary>What <see cref="TestModelWriter"/> should write.</summary>
public sealed record TestModelSpec
{
    public TestModelKind Kind { get; init; } = TestModelKind.Random;

    /// <summary>Seed of the random weights (Random kind only).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Text the Scripted kind emits; may hold any Unicode, newlines and tag text such as &lt;think&gt;.</summary>
    public string Script { get; init; } = string.Empty;

    /// <summary>Adds Qwen-Coder FIM tokens (and &lt;|endoftext|&gt;). R1-distill exports have none.</summary>
    /// <summary>False writes a tokenizer without &lt;think&gt;/&lt;/think&gt; tokens, like a plain coder model's.</summary>
    public bool WithThinkTokens { get; init; } = true;

    public bool WithFimTokens { get; init; } = true;

    /// <summary>Context length in tokens (genai_config.json context_length and max_length).</summary>
    public int ContextLength { get; init; } = 512;

    public static TestModelSpec Random(int seed = 1) => new() { Kind = TestModelKind.Random, Seed = seed };

    public static TestModelSpec Scripted(string script) => new() { Kind = TestModelKind.Scripted, Script = script };
}
