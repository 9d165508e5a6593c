using AssistantLsp.Inference.Engine;

namespace AssistantLsp.Inference.Slots;

public enum ModelState
{
    None,
    Loading,
    Ready,
    Error,
}

/// <summary>Where one model slot stands; Message says what to do when it is None or Error.</summary>
public sealed record ModelStatus(
    ModelState State,
    string? ModelPath,
    string ExecutionProvider,
    string? Message,
    ModelDescription? Model = null,
    GenerationStats? LastGeneration = null);

/// <summary>Why an AI request cannot run now; the message is shown to the user as is.</summary>
public sealed class ModelUnavailableException(string message, ModelState state) : Exception(message)
{
    public ModelState State { get; } = state;
}

/// <summary>A loaded model: its engine, and the scheduler every generation must go through.</summary>
public sealed record LoadedModel(IInferenceEngine Engine, Scheduling.GenerationScheduler Scheduler);
