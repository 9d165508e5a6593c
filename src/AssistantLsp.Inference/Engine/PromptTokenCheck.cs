namespace AssistantLsp.Inference.Engine;

/// <summary>Argument checks on token ids every engine makes before its native code sees them.</summary>
internal static class PromptTokenCheck
{
    /// <summary>A copy of a prompt that is not empty, fits the context with room to generate, and has only known ids.</summary>
    public static int[] Validate(IReadOnlyList<int> promptTokens, ModelDescription model)
    {
        ArgumentNullException.ThrowIfNull(promptTokens);
        if (promptTokens.Count == 0)
        {
            throw new ArgumentException("The prompt has no tokens; at least one is needed.", nameof(promptTokens));
        }

        if (promptTokens.Count >= model.ContextLength)
        {
            throw new ArgumentException(
                $"The prompt has {promptTokens.Count} tokens but '{model.Name}' has a context of {model.ContextLength}; shorten the prompt.",
                nameof(promptTokens));
        }

        CheckIds(promptTokens, model, nameof(promptTokens));
        return [.. promptTokens];
    }

    public static void CheckIds(IReadOnlyList<int> ids, ModelDescription model, string parameter)
    {
        foreach (var id in ids)
        {
            if (id < 0 || id >= model.VocabSize)
            {
                throw new ArgumentOutOfRangeException(parameter, id, $"Token id {id} is outside the vocabulary of '{model.Name}' (0..{model.VocabSize - 1}).");
            }
        }
    }
}
