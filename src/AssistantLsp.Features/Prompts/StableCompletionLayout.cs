using AssistantLsp.Features.Context;

namespace AssistantLsp.Features.Prompts;

/// <summary>
/// The completion budget laid out for KV-cache reuse across keystrokes (used when the request sets
/// <see cref="CompletionPromptRequest.SuffixMaxTokens"/>). Parts go from most stable to most volatile:
/// extra context chunks (budgeted first, so a growing prefix never pushes them out), the far prefix,
/// the near prefix, then a small bounded suffix (in a prefix-suffix-middle prompt everything after
/// the cursor is recomputed on every key, so it must stay short). The prefix keeps starting at
/// <see cref="CompletionPromptRequest.PrefixStartHint"/> while it fits; only when it no longer does is
/// the start moved, in one coarse step that leaves <see cref="CompletionPromptRequest.PrefixGrowthRoom"/>
/// of the prefix budget free, so the prompt's start (and its cached keys and values) stays put for
/// many keystrokes.
/// </summary>
internal static class StableCompletionLayout
{
    /// <summary>Share of the budget after the fixed part that extra context may take.</summary>
    private const double ChunkShare = 1.0 / 3;

    public static CompletionPrompt Assemble(
        CompletionPromptRequest request,
        int suffixMaxTokens,
        Func<string, int> countTokens,
        CompletionPromptRenderer render,
        Func<ContextChunk, string> formatChunk,
        IReadOnlyList<string> stopTexts,
        CompletionPromptKind kind,
        int fixedCost)
    {
        var text = request.DocumentText;
        var cursor = request.CursorOffset;
        var budget = request.ContextTokens;
        var countLines = BudgetSearch.Memoize(countTokens);

        var chunks = new List<(ContextChunk Chunk, string Formatted)>();
        var chunkRoom = (int)((budget - fixedCost) * ChunkShare);
        foreach (var chunk in request.ExtraContext)
        {
            if (chunk.Path == request.RelativePath || string.IsNullOrWhiteSpace(chunk.Text))
            {
                continue;
            }

            var formatted = formatChunk(chunk);
            var cost = countTokens(formatted);
            if (cost <= chunkRoom)
            {
                chunks.Add((chunk, formatted));
                chunkRoom -= cost;
            }
        }

        var formattedChunks = chunks.Select(c => c.Formatted).ToArray();
        var chunkCost = formattedChunks.Sum(countTokens);

        var after = text[cursor..];
        var suffixCap = Math.Max(0, Math.Min(suffixMaxTokens, (int)((budget - fixedCost - chunkCost) * (1 - request.PrefixShare))));
        var suffixWindow = ContextWindowFitter.Fit(after, 0, 0, suffixCap, 0, countLines);
        var suffix = after[..suffixWindow.AfterEnd];

        CompletionPrompt Result(int prefixStart, string prompt, int count, IReadOnlyList<(ContextChunk Chunk, string Formatted)> kept) =>
            new(prompt, stopTexts, kind, count, prefixStart, cursor + suffix.Length, kept.Select(c => c.Chunk.Path).ToArray());

        // Keep the previous start while the prompt still fits: the whole cached prompt up to the typing stays valid.
        if (request.PrefixStartHint is { } hint && hint >= 0 && hint <= cursor && (hint == 0 || text[hint - 1] == '\n'))
        {
            var pinned = render(text[hint..cursor], suffix, formattedChunks);
            var pinnedCount = countTokens(pinned);
            if (pinnedCount <= budget)
            {
                return Result(hint, pinned, pinnedCount, chunks);
            }
        }

        // Move the start in one coarse step: fill only part of the room, so the next keys fit again.
        var before = text[..cursor];
        var target = budget - (int)((budget - fixedCost - chunkCost - suffixWindow.AfterTokens) * Math.Clamp(request.PrefixGrowthRoom, 0, 0.9));
        var (start, prompt, total) = BudgetSearch.LargestFitting(Math.Max(0, target - fixedCost - chunkCost - suffixWindow.AfterTokens), contentBudget =>
        {
            var w = ContextWindowFitter.Fit(before, cursor, cursor, contentBudget, 1, countLines);
            var p = render(before[w.BeforeStart..], suffix, formattedChunks);
            var count = countTokens(p);
            return ((w.BeforeStart, p, count), count - target);
        });

        if (total > budget)
        {
            // Odd tokenizers may count the joined text above its parts: fall back to no extra context.
            var bare = render(text[start..cursor], suffix, []);
            return Result(start, bare, countTokens(bare), []);
        }

        return Result(start, prompt, total, chunks);
    }
}
