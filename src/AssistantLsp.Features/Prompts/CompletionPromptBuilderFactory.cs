using AssistantLsp.Inference.Engine;

namespace AssistantLsp.Features.Prompts;

/// <summary>Picks the completion prompt layout from what the model's tokenizer offers.</summary>
public static class CompletionPromptBuilderFactory
{
    /// <summary>
    /// FIM layout when the model has FIM tokens (detected from its tokenizer), else the R1 chat
    /// layout with thinking skipped. <paramref name="countTokens"/> should be the model's own
    /// tokenizer's count, e.g. <c>engine.CountTokens</c>.
    /// </summary>
    public static ICompletionPromptBuilder Create(ModelDescription model, Func<string, int> countTokens)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Tokens.Fim is { } fim
            ? new FimPromptBuilder(fim, countTokens)
            : new R1CompletionPromptBuilder(model.Tokens, countTokens);
    }
}
