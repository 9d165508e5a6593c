using AssistantLsp.Inference.Engine;

namespace AssistantLsp.Inference.Tests.Engine;

/// <summary>Short forms of what the engine tests of both engines do over and over (<c>using static</c>).</summary>
internal static class EngineTestCalls
{
    /// <summary>One generation from <paramref name="prompt"/> that nothing cancels.</summary>
    public static Task<GenerationResult> Generate(IInferenceEngine engine, IReadOnlyList<int> prompt, GenerationOptions options, Func<GeneratedToken, TokenDecision>? onToken = null) =>
        engine.GenerateAsync(new GenerationRequest(prompt, options), onToken, CancellationToken.None);

    /// <summary><paramref name="tokens"/> with every <paramref name="everyNth"/>-th one replaced (0 = none): a reference whose drafts are right only so often.</summary>
    public static List<int> Spoil(IReadOnlyList<int> tokens, int everyNth) =>
        [.. tokens.Select((t, i) => everyNth > 0 && i % everyNth == everyNth - 1 ? (t + 7) % 50 + 3 : t)];
}
