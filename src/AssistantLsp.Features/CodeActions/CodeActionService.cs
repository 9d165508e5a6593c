using AssistantLsp.Features.Edits;
using AssistantLsp.Features.Explain;
using AssistantLsp.Features.Prompts;
using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Reasoning;
using AssistantLsp.Inference.Scheduling;

namespace AssistantLsp.Features.CodeActions;

/// <summary>
/// What a resolved action does. Exactly one of <see cref="Replacements"/> (edits inside the
/// document), <see cref="NewFileText"/> (a new test file) or <see cref="Failure"/> (why nothing
/// can be applied) is set. <see cref="Reasoning"/> is shown apart and never goes into code.
/// </summary>
public sealed record CodeActionOutcome(string Reasoning, ReasoningStats Stats)
{
    public IReadOnlyList<TextReplacement>? Replacements { get; init; }

    public string? NewFileText { get; init; }

    public string? Failure { get; init; }
}

/// <summary>
/// Resolves a code action with the reasoning model: prompt, generation, then a strict reading of
/// the answer. Model output is untrusted: anything but exactly one complete code block that
/// changes the selection yields a failure message, never a half-made edit.
/// </summary>
public static class CodeActionService
{
    public static async Task<CodeActionOutcome> ResolveAsync(
        CodeActionPromptRequest request,
        ReasoningOptions options,
        IInferenceEngine engine,
        GenerationScheduler scheduler,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(scheduler);
        var budget = PromptBudget.For(engine.Model.ContextLength, options);
        var prompt = new CodeActionPromptBuilder(engine.CountTokens).Build(request with { BudgetTokens = budget });
        var reasoningRequest = new ReasoningRequest(prompt.Text, options) { Priority = GenerationPriority.CodeAction };
        var result = await new ScheduledReasoning(scheduler).GenerateAsync(reasoningRequest, null, cancellationToken);
        return Interpret(request, result);
    }

    /// <summary>Turns a finished generation into edits or a reason why there are none.</summary>
    public static CodeActionOutcome Interpret(CodeActionPromptRequest request, ReasoningResult result)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(result);
        var outcome = new CodeActionOutcome(result.Reasoning, result.Stats);
        if (!result.ReasoningClosed || string.IsNullOrWhiteSpace(result.Answer))
        {
            return outcome with { Failure = "The model produced only reasoning and no answer; its token budget may have run out." };
        }

        var code = ReadSingleBlock(result.Answer, request.Selection.LanguageId, out var failure);
        if (code is null)
        {
            return outcome with { Failure = failure };
        }

        if (request.Kind == CodeActionKind.GenerateTests)
        {
            return string.IsNullOrWhiteSpace(code)
                ? outcome with { Failure = "The model's test file is empty." }
                : outcome with { NewFileText = code.EndsWith('\n') ? code : code + "\n" };
        }

        var selection = request.Selection;
        var edits = MinimalEditBuilder.Build(selection.DocumentText, selection.Start, selection.End - selection.Start, code);
        return edits.Count == 0
            ? outcome with { Failure = "The model's code is the same as the selection: nothing to change." }
            : outcome with { Replacements = edits };
    }

    /// <summary>The code of the answer's only fenced block, or null and why not.</summary>
    public static string? ReadSingleBlock(string answer, string? languageId, out string? failure)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var extraction = CodeBlockExtractor.Extract(answer, languageId);
        if (!extraction.Succeeded)
        {
            failure = extraction.Failure;
            return null;
        }

        var blocks = CountFences(answer) / 2;
        if (blocks > 1)
        {
            failure = $"The answer has {blocks} code blocks where exactly one was asked for; which to apply is unclear.";
            return null;
        }

        failure = null;
        return extraction.Code;
    }

    /// <summary>Lines that open or close a fence (a block that itself shows fences counts them too, which errs on refusing).</summary>
    private static int CountFences(string text) =>
        text.Split('\n').Count(line =>
        {
            var t = line.TrimStart(' ', '\t');
            return t.StartsWith("```", StringComparison.Ordinal) || t.StartsWith("~~~", StringComparison.Ordinal);
        });
}
