namespace AssistantLsp.Features.Explain;

/// <summary>Which part of the explanation a segment belongs to.</summary>
public enum ExplainPart
{
    /// <summary>The model's thinking, shown apart from the answer.</summary>
    Reasoning,

    Answer,
}

/// <summary>A piece of the explanation as it streams, in order.</summary>
public sealed record ExplainSegment(ExplainPart Part, string Text);
