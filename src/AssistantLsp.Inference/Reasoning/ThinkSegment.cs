namespace AssistantLsp.Inference.Reasoning;

/// <summary>Which part of a reasoning model's output a piece of text belongs to.</summary>
public enum ThinkSegmentKind
{
    /// <summary>Chain of thought: shown apart, never inserted into code.</summary>
    Reasoning,

    /// <summary>The reply after the think block.</summary>
    Answer,
}

/// <summary>A run of output text of one kind, in stream order.</summary>
public readonly record struct ThinkSegment(ThinkSegmentKind Kind, string Text);

/// <summary>Where the model's output begins, given how the prompt ended.</summary>
public enum ThinkStreamStart
{
    /// <summary>The prompt prefilled the opening think tag (R1 templates): output starts inside reasoning.</summary>
    Reasoning,

    /// <summary>The prompt opened no think block: output starts as answer, and an opening think tag switches to reasoning.</summary>
    Answer,
}
