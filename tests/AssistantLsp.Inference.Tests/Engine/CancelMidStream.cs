using AssistantLsp.Inference.Engine;

namespace AssistantLsp.Inference.Tests.Engine;

/// <summary>Cancels a real engine's generation from inside its token callback, as an editor would mid-stream.</summary>
internal static class CancelMidStream
{
    /// <summary>
    /// Runs <paramref name="request"/>, cancels when the <paramref name="atToken"/>-th token is
    /// streamed, asserts the generation ends in an <see cref="OperationCanceledException"/>, and
    /// returns how many tokens were streamed in all.
    /// </summary>
    public static async Task<int> RunAsync(IInferenceEngine engine, GenerationRequest request, int atToken)
    {
        using var cancellation = new CancellationTokenSource();
        int seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.GenerateAsync(
            request,
            _ =>
            {
                if (++seen == atToken)
                {
                    cancellation.Cancel();
                }

                return TokenDecision.Continue;
            },
            cancellation.Token));
        return seen;
    }
}
