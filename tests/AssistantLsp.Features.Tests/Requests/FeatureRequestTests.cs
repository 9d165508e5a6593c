using AssistantLsp.Features.CodeActions;
using AssistantLsp.Features.Completion;
using AssistantLsp.Features.Context;
using AssistantLsp.Features.Documents;
using AssistantLsp.Features.Explain;
using AssistantLsp.Features.Prompts;
using AssistantLsp.Features.Requests;
using AssistantLsp.Features.Settings;
using AssistantLsp.Inference.Slots;

namespace AssistantLsp.Features.Tests.Requests;

/// <summary>What the feature entry points check before any model runs, and how a missing model reaches the user.</summary>
public sealed class FeatureRequestTests : IAsyncDisposable
{
    private const string NoModel = "No model here: set one.";
    private const string Code = "def add(a, b):\n    return a + b\n";

    private readonly NoModels _models = new();

    [Fact]
    public async Task Explain_refuses_an_empty_selection_before_waiting_for_a_model()
    {
        var failure = await Assert.ThrowsAsync<AssistantRequestFailedException>(
            () => new ExplainFeature(_models).PrepareAsync(Selection(4, 4), null, FeatureSettings.Default, CancellationToken.None));

        Assert.Equal("Select the code to explain first.", failure.Message);
    }

    [Fact]
    public async Task Explain_and_code_actions_pass_on_why_there_is_no_model()
    {
        var explain = await Assert.ThrowsAsync<AssistantRequestFailedException>(
            () => new ExplainFeature(_models).PrepareAsync(Selection(0, 10), null, FeatureSettings.Default, CancellationToken.None));
        var resolve = await Assert.ThrowsAsync<AssistantRequestFailedException>(
            () => new CodeActionFeature(_models).ResolveAsync(new CodeActionPromptRequest(CodeActionKind.Simplify, Selection(0, 10)), FeatureSettings.Default, CancellationToken.None));

        Assert.Equal(NoModel, explain.Message);
        Assert.IsType<ModelUnavailableException>(explain.InnerException);
        Assert.Equal(NoModel, resolve.Message);
    }

    [Fact]
    public async Task Completion_passes_on_why_there_is_no_model()
    {
        var failure = await Assert.ThrowsAsync<AssistantRequestFailedException>(() => Completion().CompleteAsync(Query(), CancellationToken.None));

        Assert.Equal(NoModel, failure.Message);
    }

    [Fact]
    public async Task Completion_turned_off_answers_nothing()
    {
        var query = Query() with { Settings = FeatureSettings.Default with { CompletionEnabled = false } };

        Assert.Null(await Completion().CompleteAsync(query, CancellationToken.None));
    }

    [Fact]
    public async Task Completion_refuses_a_document_over_the_size_limit_naming_the_setting()
    {
        var query = Query() with { Document = new TextDocument("file:///work/big.py", "python", 1, new string('x', 4096)) };
        query = query with { Settings = FeatureSettings.Default with { MaxDocumentKilobytes = 1 } };

        var failure = await Assert.ThrowsAsync<AssistantRequestFailedException>(() => Completion().CompleteAsync(query, CancellationToken.None));

        Assert.Contains("assistantLsp.document.maxKilobytes", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Completion_for_a_document_edited_since_the_request_arrived_is_cancelled_before_waiting_for_a_model()
    {
        var query = Query() with { ChangedSinceArrival = () => true };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Completion().CompleteAsync(query, CancellationToken.None));
    }

    public async ValueTask DisposeAsync()
    {
        await _models.Reasoning.DisposeAsync();
        await _models.ForCompletion.DisposeAsync();
    }

    private static CodeSelection Selection(int start, int end) => new(Code, start, end, "python", "add.py");

    private static InlineCompletionQuery Query() =>
        new(new TextDocument("file:///work/add.py", "python", 1, Code), new LinePosition(1, 4), FeatureSettings.Default, TimeSpan.FromSeconds(1));

    private InlineCompletionFeature Completion() => new(new InlineCompletionService(new ContextChunkRing()), _models);

    /// <summary>Slots with no model configured: acquiring one fails at once with <see cref="NoModel"/>.</summary>
    private sealed class NoModels : IAssistantModels
    {
        public ModelSlot Reasoning { get; } = new((_, _, _) => throw new InvalidOperationException("never loaded"), NoModel);

        public ModelSlot ForCompletion { get; } = new((_, _, _) => throw new InvalidOperationException("never loaded"), NoModel);
    }
}
