using AssistantLsp.Features.Context;

namespace AssistantLsp.Features.Prompts;

/// <summary>Renders a completion prompt from its parts; the chunks are already formatted by the layout.</summary>
internal delegate string CompletionPromptRenderer(string prefix, string suffix, IReadOnlyList<string> formattedChunks);

/// <summary>
/// The budget logic both completion layouts share: the fixed part is measured first, the document
/// around the cursor gets the rest (prefix/suffix by share, whole lines), extra context fills what is
/// left, and the assembled text is re-counted so the final prompt never exceeds the budget even
/// where a tokenizer counts joined text differently from its parts.
/// </summary>
internal static class CompletionPromptAssembler
{
    public static CompletionPrompt Assemble(
        CompletionPromptRequest request,
        Func<string, int> countTokens,
        CompletionPromptRenderer render,
        Func<ContextChunk, string> formatChunk,
        IReadOnlyList<string> stopTexts,
        CompletionPromptKind kind)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = request.DocumentText ?? throw new ArgumentException("Document text is required.", nameof(request));
        TextLines.RequireOffset(text, request.CursorOffset, nameof(request));
        var cursor = request.CursorOffset;
        var budget = request.ContextTokens;

        var fixedCost = countTokens(render("", "", []));
        if (fixedCost > budget)
        {
            throw new PromptTooLargeException(
                $"Completion context budget of {budget} tokens is smaller than the prompt's fixed part ({fixedCost} tokens).");
        }

        if (request.SuffixMaxTokens is { } suffixMaxTokens)
        {
            return StableCompletionLayout.Assemble(request, suffixMaxTokens, countTokens, render, formatChunk, stopTexts, kind, fixedCost);
        }

        var countLines = BudgetSearch.Memoize(countTokens);
        var (window, prompt, total) = BudgetSearch.LargestFitting(budget - fixedCost, contentBudget =>
        {
            var w = ContextWindowFitter.Fit(text, cursor, cursor, contentBudget, request.PrefixShare, countLines);
            var p = render(text[w.BeforeStart..cursor], text[cursor..w.AfterEnd], []);
            var count = countTokens(p);
            return ((w, p, count), count - budget);
        });

        var prefix = text[window.BeforeStart..cursor];
        var suffix = text[cursor..window.AfterEnd];
        var chosen = new List<(ContextChunk Chunk, string Formatted)>();
        var left = budget - total;
        foreach (var chunk in request.ExtraContext)
        {
            if (chunk.Path == request.RelativePath || string.IsNullOrWhiteSpace(chunk.Text))
            {
                continue;
            }

            var formatted = formatChunk(chunk);
            var cost = countTokens(formatted);
            if (cost <= left)
            {
                chosen.Add((chunk, formatted));
                left -= cost;
            }
        }

        if (chosen.Count > 0)
        {
            while (true)
            {
                var withContext = render(prefix, suffix, chosen.Select(c => c.Formatted).ToArray());
                var count = countTokens(withContext);
                if (count <= budget)
                {
                    prompt = withContext;
                    total = count;
                    break;
                }

                chosen.RemoveAt(chosen.Count - 1);
                if (chosen.Count == 0)
                {
                    break;
                }
            }
        }

        return new CompletionPrompt(
            prompt,
            stopTexts,
            kind,
            total,
            window.BeforeStart,
            window.AfterEnd,
            chosen.Select(c => c.Chunk.Path).ToArray());
    }
}
