using AssistantLsp.Inference.Slots;

namespace AssistantLsp.Features.Requests;

/// <summary>The model roles features run on; the server's model hosting implements it.</summary>
public interface IAssistantModels
{
    /// <summary>The reasoning model: explain and code actions.</summary>
    ModelSlot Reasoning { get; }

    /// <summary>The slot inline completion uses: the completion model when one is set, else the reasoning model.</summary>
    ModelSlot ForCompletion { get; }
}
