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
}
