using AssistantLsp.Protocol.Types;
using AssistantLsp.Server.Dispatch;
using AssistantLsp.Server.Hosting;
using AssistantLsp.Server.Settings;

namespace AssistantLsp.Server.Handlers.Lifecycle;

public sealed class InitializeHandler(
    ServerLifecycle lifecycle,
    SettingsStore settings,
    ClientChannel client,
    ServerCapabilitiesBuilder capabilities,
    SettingsWarnings warnings) : LspRequestHandler<InitializeParams, InitializeResult>
{
    public override string Method => "initialize";

    public override bool MutatesState => true;

    public override Task<InitializeResult> HandleAsync(InitializeParams request, RequestContext context, CancellationToken cancellationToken)
    {
        client.Capabilities = request.Capabilities;
        warnings.Report(settings.Apply(request.InitializationOptions));
        lifecycle.MarkInitialized();
        return Task.FromResult(new InitializeResult(capabilities.Build(), ServerIdentity.Info));
    }
}
