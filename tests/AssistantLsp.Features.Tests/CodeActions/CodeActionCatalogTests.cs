using AssistantLsp.Features.CodeActions;
using AssistantLsp.Features.Prompts;

namespace AssistantLsp.Features.Tests.CodeActions;

public class CodeActionCatalogTests
{
    [Fact]
    public void Offers_a_fix_per_touching_diagnostic_before_the_selection_actions()
    {
        DiagnosticNote inside = new(5, 8, "error", "bad\nsecond line"), outside = new(50, 60, "error", "elsewhere");

        var offers = CodeActionCatalog.Offers(0, 10, [inside, outside]);

        Assert.Equal(["Fix: bad", "Add documentation comment", "Simplify selection", "Refactor selection", "Generate unit tests"], offers.Select(o => o.Title));
        Assert.Same(inside, offers[0].Diagnostic);
    }

    [Fact]
    public void An_empty_selection_offers_only_fixes() =>
        Assert.Equal([CodeActionKind.Fix], CodeActionCatalog.Offers(6, 6, [new DiagnosticNote(5, 8, "error", "bad")]).Select(o => o.Kind));

    [Fact]
    public void A_cursor_inside_a_function_offers_the_actions_for_that_function()
    {
        const string text = "x = 1\ndef f(a):\n    return a\n";
        var cursor = text.IndexOf("return", StringComparison.Ordinal);

        var offers = CodeActionCatalog.Offers(cursor, cursor, [], text);

        Assert.Equal(["Add documentation comment", "Simplify this block", "Refactor this block", "Generate unit tests"], offers.Select(o => o.Title));
        Assert.All(offers, o => Assert.Equal("def f(a):\n    return a", text[o.Target!.Value.Start..o.Target.Value.End]));
    }

    [Fact]
    public void A_cursor_outside_any_block_offers_nothing_but_fixes() =>
        Assert.Empty(CodeActionCatalog.Offers(2, 2, [], "x = 1\ny = 2\n"));
}
