using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.OnnxGenAi;

namespace AssistantLsp.Server.Models;

/// <summary>Picks the engine for a model path (one place, so every feature gets the same choice).</summary>
public static class EngineFactory
{
    public static IInferenceEngine Load(string path, string executionProvider, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return OnnxGenAiEngine.Load(path, executionProvider);
    }
}
