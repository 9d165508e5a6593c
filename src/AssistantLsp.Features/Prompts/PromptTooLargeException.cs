namespace AssistantLsp.Features.Prompts;

/// <summary>
/// The prompt cannot fit its token budget (the selection is too big, or the budget is smaller than
/// the instructions). The message is written for the user, with no .NET parameter text, so the
/// server can pass it on as is.
/// </summary>
public sealed class PromptTooLargeException(string message) : Exception(message);
