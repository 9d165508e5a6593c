namespace AssistantLsp.Features.CodeActions;

/// <summary>What a code action asks the model to do with the selection.</summary>
public enum CodeActionKind
{
    /// <summary>Fix a diagnostic in the selection.</summary>
    Fix,

    /// <summary>Add a documentation comment.</summary>
    Document,

    /// <summary>Restructure for clarity, same behaviour.</summary>
    Refactor,

    /// <summary>Make shorter and simpler, same behaviour.</summary>
    Simplify,

    /// <summary>Write a complete test file for the selection.</summary>
    GenerateTests,
}
