using AssistantLsp.Features.Documents;
using AssistantLsp.Protocol.Types;
using AssistantLsp.Server.Client;
using AssistantLsp.Server.Dispatch;
using AssistantLsp.Server.Hosting;
using AssistantLsp.Server.Settings;

namespace AssistantLsp.Server.Handlers.Lifecycle;

public sealed class InitializeHandler(
    ServerLifecycle lifecycle,
    SettingsStore settings,
    ClientChannel client,
    ServerCapabilitiesBuilder capabilities,
    SettingsWarnings warnings,
    WorkspacePaths workspace) : LspRequestHandler<InitializeParams, InitializeResult>
{
    public override string Method => "initialize";

    public override bool MutatesState => true;

    public override Task<InitializeResult> HandleAsync(InitializeParams request, RequestContext context, CancellationToken cancellationToken)
    {
        client.Capabilities = request.Capabilities;
        workspace.SetRoots(request.WorkspaceFolders?.Select(f => f.Uri) ?? [request.RootUri]);
        warnings.Report(settings.Apply(request.InitializationOptions));
        lifecycle.MarkInitialized();
        return Task.FromResult(new InitializeResult(capabilities.Build(), ServerIdentity.Info));
    }
}
