using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.LlamaCpp;
using AssistantLsp.Inference.OnnxGenAi;
using AssistantLsp.Inference.Remote;

namespace AssistantLsp.Server.Models;

/// <summary>
/// Picks the engine for a model path (one place, so every feature gets the same choice): a
/// `.gguf` file (or a folder holding one) runs on llama.cpp, anything else is a GenAI folder; a
/// configured endpoint (model.endpoint) runs on the remote engine, the only one that opens sockets.
/// </summary>
public static class EngineFactory
{
    public static IInferenceEngine Load(string path, string executionProvider, CancellationToken cancellationToken) =>
        Load(path, executionProvider, null, cancellationToken);

    /// <summary>Loads with the context (and so the KV cache) capped at <paramref name="contextTokens"/> (the setting model.contextTokens).</summary>
    public static IInferenceEngine Load(string path, string executionProvider, int? contextTokens, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return LlamaCppEngine.CanLoad(path)
            ? LlamaCppEngine.Load(path, contextTokens is { } limit ? new LlamaCppEngineOptions { MaxContextSize = limit } : null)
            : OnnxGenAiEngine.Load(path, executionProvider, contextTokens);
    }

    public static IInferenceEngine Connect(RemoteEndpoint endpoint, RemoteEngineOptions? options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return RemoteEngine.Connect(endpoint, options, cancellationToken);
    }
}
