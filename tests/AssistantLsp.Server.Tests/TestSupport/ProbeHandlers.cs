using AssistantLsp.Protocol.Types;
using AssistantLsp.Server.Dispatch;

namespace AssistantLsp.Server.Tests.TestSupport;

/// <summary>A read request that returns the document text its snapshot holds.</summary>
internal sealed class ReadDocumentProbe : LspRequestHandler<TextDocumentIdentifier, string?>
{
    public override string Method => "test/readDocument";

    public override async Task<string?> HandleAsync(TextDocumentIdentifier request, RequestContext context, CancellationToken cancellationToken)
    {
        await Task.Yield(); // the answer is computed after later messages were already dispatched
        return context.Documents.TryGet(request.Uri)?.Text;
    }
}

/// <summary>A request that runs until cancelled, observing its token as every long handler must.</summary>
internal sealed class WaitForCancellationProbe : LspRequestHandler<object?, string>
{
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override string Method => "test/waitForCancellation";

    public override async Task<string> HandleAsync(object? request, RequestContext context, CancellationToken cancellationToken)
    {
        Started.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return "not cancelled";
    }
}

/// <summary>A request whose handler throws an unexpected exception.</summary>
internal sealed class ThrowingProbe : LspRequestHandler<object?, string>
{
    public override string Method => "test/throw";

    public override Task<string> HandleAsync(object? request, RequestContext context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("boom");
}

/// <summary>Returns the settings snapshot's values that tests look at.</summary>
internal sealed class ReadSettingsProbe : LspRequestHandler<object?, object>
{
    public override string Method => "test/readSettings";

    public override Task<object> HandleAsync(object? request, RequestContext context, CancellationToken cancellationToken) =>
        Task.FromResult<object>(new { context.Settings.Features.CompletionMaxTokens, context.Settings.Models.ModelPath, context.Settings.Features.ReasoningTopP });
}
