namespace AssistantLsp.Inference.Scheduling;

/// <summary>What a generation is for; decides its place in the queue.</summary>
public enum GenerationPriority
{
    /// <summary>Ghost text: the user is typing and waiting, so it goes first.</summary>
    InlineCompletion,

    /// <summary>An explanation the user asked for.</summary>
    Explain,

    /// <summary>A code action being resolved.</summary>
    CodeAction,
}
