namespace AssistantLsp.ModelWriting.Gguf;

public enum GgufTestModelKind
{
    /// <summary>Seeded random weights: deterministic but meaningless text.</summary>
    Random,

    /// <summary>After any prompt, greedy decoding emits <see cref="GgufTestModelSpec.Script"/> exactly, then end-of-sequence.</summary>
    Scripted,
}

/// <summary>What <see cref="GgufTestModelWriter"/> should write.</summary>
public sealed record GgufTestModelSpec
{
    public GgufTestModelKind Kind { get; init; } = GgufTestModelKind.Random;

    /// <summary>Seed of the random weights (Random kind only).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Text the Scripted kind emits; may hold any Unicode, newlines and tag text such as &lt;think&gt;.</summary>
    public string Script { get; init; } = string.Empty;

    /// <summary>Adds Qwen-Coder FIM tokens (and &lt;|endoftext|&gt;). R1-distill models have none.</summary>
    public bool WithFimTokens { get; init; } = true;

    /// <summary>Jinja chat template stored in the file: null takes <see cref="GgufTestModelWriter.ChatTemplate"/>, empty stores none.</summary>
    public string? ChatTemplate { get; init; }

    /// <summary>Training context length written to the file (llama.context_length).</summary>
    public int ContextLength { get; init; } = 512;

    public static GgufTestModelSpec Random(int seed = 1) => new() { Kind = GgufTestModelKind.Random, Seed = seed };

    public static GgufTestModelSpec Scripted(string script) => new() { Kind = GgufTestModelKind.Scripted, Script = script };
}
