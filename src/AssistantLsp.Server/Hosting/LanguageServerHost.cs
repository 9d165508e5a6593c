using AssistantLsp.Features.Documents;
using AssistantLsp.Protocol;
using AssistantLsp.Server.Dispatch;
using AssistantLsp.Server.Handlers.Lifecycle;
using AssistantLsp.Server.Handlers.TextSync;
using AssistantLsp.Server.Handlers.Workspace;
using AssistantLsp.Server.Settings;
using Serilog;
using StreamJsonRpc;

namespace AssistantLsp.Server.Hosting;

/// <summary>
/// The composition root: builds the connection, the state and every handler, then runs until
/// the client sends exit or the connection ends. Returns the process exit code.
/// </summary>
public sealed class LanguageServerHost : IDisposable
{
    private readonly JsonRpc _rpc;
    private readonly ServerLifecycle _lifecycle = new();
    private readonly DocumentStore _documents = new();
    private readonly SettingsStore _settings = new();
    private readonly ILogger _log;

    public LanguageServerHost(Stream input, Stream output, ServerOptions options, ILogger log)
        : this(input, output, options, log, [])
    {
    }

    /// <summary>Tests add probe handlers (e.g. one that reads a document slowly) through <paramref name="extraHandlers"/>.</summary>
    internal LanguageServerHost(Stream input, Stream output, ServerOptions options, ILogger log, IEnumerable<ILspHandler> extraHandlers)
    {
        _log = log.ForContext<LanguageServerHost>();
        _rpc = LspConnection.Create(output, input, problem => _log.Warning("Bad message from the client: {Problem}", problem));
        Options = options;
        var client = new ClientChannel(_rpc, _log);
        var warnings = new SettingsWarnings(client, _log);

        var handlers = new List<ILspHandler>();
        var capabilities = new ServerCapabilitiesBuilder(handlers, []);
        handlers.AddRange(
        [
            new InitializeHandler(_lifecycle, _settings, client, capabilities, warnings),
            new InitializedHandler(() => OnInitialized(client, warnings)),
            new ShutdownHandler(_lifecycle),
            new ExitHandler(_lifecycle),
            new DidOpenHandler(_documents),
            new DidChangeHandler(_documents, _log),
            new DidCloseHandler(_documents, _log),
            new DidSaveHandler(_documents),
            new DidChangeConfigurationHandler(_settings, client, warnings, _log),
        ]);
        handlers.AddRange(extraHandlers);
        ServedMethods = [.. handlers.Select(h => h.Method)];

        var dispatcher = new LspDispatcher(_lifecycle, () => new RequestContext(_documents.Snapshot(), _settings.Current), _log);
        dispatcher.Register(_rpc, handlers);
    }

    public ServerOptions Options { get; }

    public SettingsStore Settings => _settings;

    public IReadOnlyList<string> ServedMethods { get; }

    internal DocumentStore Documents => _documents;

    /// <summary>Listens until exit (its code) or the end of the input stream (0 after shutdown, else 1).</summary>
    public async Task<int> RunAsync()
    {
        _rpc.StartListening();
        var ended = await Task.WhenAny(_lifecycle.ExitRequested, _rpc.Completion);
        if (ended == _rpc.Completion && _rpc.Completion.Exception is { } error)
        {
            _log.Warning("Connection ended: {Problem}", error.GetBaseException().Message);
        }

        var code = _lifecycle.ExitRequested.IsCompleted
            ? await _lifecycle.ExitRequested
            : _lifecycle.ShutdownReceived ? 0 : 1;
        _log.Information("Exiting with code {Code}", code);
        return code;
    }

    private void OnInitialized(ClientChannel client, SettingsWarnings warnings)
    {
        _ = PullSettingsAsync();

        async Task PullSettingsAsync()
        {
            try
            {
                if (await client.PullSettingsAsync(_lifecycle.Stopping) is { } section)
                {
                    warnings.Report(_settings.Apply(section));
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _log.Warning("Could not pull settings: {Problem}", ex.Message);
            }
        }
    }

    public void Dispose()
    {
        _lifecycle.RequestExit();
        _rpc.Dispose();
        _lifecycle.Dispose();
    }
}
