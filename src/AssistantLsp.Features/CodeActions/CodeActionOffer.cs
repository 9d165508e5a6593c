using AssistantLsp.Features.Prompts;

namespace AssistantLsp.Features.CodeActions;

/// <summary>An action the editor may list for a selection; nothing is computed until it is resolved.</summary>
/// <param name="Title">What the user sees.</param>
/// <param name="Kind">What the model is asked to do.</param>
/// <param name="Diagnostic">For fixes: the diagnostic to fix.</param>
/// <param name="Target">Offsets the action works on when they are not the selection's (the block around a cursor).</param>
public sealed record CodeActionOffer(string Title, CodeActionKind Kind, DiagnosticNote? Diagnostic = null, (int Start, int End)? Target = null);
