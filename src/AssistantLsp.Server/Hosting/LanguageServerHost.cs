using AssistantLsp.Features.CodeActions;
using AssistantLsp.Features.Completion;
using AssistantLsp.Features.Context;
using AssistantLsp.Features.Documents;
using AssistantLsp.Features.Explain;
using AssistantLsp.Protocol;
using AssistantLsp.Server.Client;
using AssistantLsp.Server.Dispatch;
using AssistantLsp.Server.Handlers.Assistant;
using AssistantLsp.Server.Handlers.CodeActions;
using AssistantLsp.Server.Handlers.Completion;
using AssistantLsp.Server.Handlers.Lifecycle;
using AssistantLsp.Server.Handlers.TextSync;
using AssistantLsp.Server.Handlers.Workspace;
using AssistantLsp.Server.Models;
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
    private readonly AssistantModels _models;
    private readonly JsonRpc _rpc;
    private readonly LargeMessageReclaim _reclaim = new(TimeSpan.FromSeconds(1));
    private readonly ServerLifecycle _lifecycle = new();
    private readonly DocumentStore _documents = new();
    private readonly SettingsStore _settings = new();
    private readonly WorkspacePaths _workspace = new();
    private readonly ILogger _log;
    private readonly HashSet<string> _servedMethods = new(StringComparer.Ordinal);

    public LanguageServerHost(Stream input, Stream output, ServerOptions options, ILogger log)
        : this(input, output, options, log, [])
    {
    }

    /// <summary>Tests add probe handlers (e.g. one that reads a document slowly) through <paramref name="extraHandlers"/>.</summary>
    internal LanguageServerHost(Stream input, Stream output, ServerOptions options, ILogger log, IEnumerable<ILspHandler> extraHandlers)
    {
        _log = log.ForContext<LanguageServerHost>();
        // Served methods are gated in dispatch order by LspDispatcher; the framing answers the rest
        // (an unknown method before initialize is -32002, after it -32601 with the name shortened).
        _rpc = LspConnection.Create(
            output,
            input,
            problem => _log.Warning("Bad message from the client: {Problem}", problem),
            method => _servedMethods.Contains(method) ? null : _lifecycle.RejectRequest(method) ?? LspException.MethodNotFound(method),
            _reclaim);
        Options = options;
        var client = new ClientChannel(_rpc, _log);
        var warnings = new SettingsWarnings(client, _log);
        _models = new AssistantModels(
            options.LoadEngine ?? ((path, provider, ct) => EngineFactory.Load(path, provider, _settings.Current.Models.ModelContextTokens, ct)),
            (endpoint, ct) => EngineFactory.Connect(endpoint, options.Remote, ct),
            options.ModelPath,
            () => InstalledModelsFolder.DefaultReasoningModel(options.ModelsFolder, _settings.Current.Models.ExecutionProvider));
        var status = new ModelStatusReporter(_models, client);
        status.Start();
        _models.Reasoning.StatusChanged += s => _log.Information("Reasoning model: {State} {Path}{Message}", s.State, s.ModelPath ?? "(none)", s.Message is null ? "" : " — " + s.Message);
        _models.Completion.StatusChanged += s => _log.Information("Completion model: {State} {Path}{Message}", s.State, s.ModelPath ?? "(none)", s.Message is null ? "" : " — " + s.Message);

        Completion = new InlineCompletionService(new ContextChunkRing(), workspace: _workspace);
        var completionRunner = new CompletionRequestRunner(new InlineCompletionFeature(Completion, _models));
        Action<TextDocument, int> noteEdit = (document, offset) => Completion.NoteEdit(document.Uri, document.Text, offset);
        var explain = new ExplainFeature(_models);
        var commands = new CommandRegistry()
            .Add(new CompletionAcceptedCommand(Completion))
            .Add(new ExplainSelectionCommand(explain, client))
            .Add(new ShowReasoningCommand(client));

        var handlers = new List<ILspHandler>();
        var capabilities = new ServerCapabilitiesBuilder(handlers, commands.Names);
        handlers.AddRange(
        [
            new InitializeHandler(_lifecycle, _settings, client, capabilities, warnings, _workspace),
            new InitializedHandler(() => OnInitialized(client, warnings)),
            new ShutdownHandler(_lifecycle),
            new ExitHandler(_lifecycle),
            new DidOpenHandler(_documents, noteEdit),
            new DidChangeHandler(_documents, _log, noteEdit),
            new DidCloseHandler(_documents, _log, Completion.NoteClosed),
            new DidSaveHandler(_documents),
            new DidChangeConfigurationHandler(_settings, client, warnings, _log),
            new StatusHandler(status),
            new InlineCompletionHandler(completionRunner),
            new CompletionHandler(completionRunner),
            new ExecuteCommandHandler(commands),
            new ExplainHandler(explain, client),
            new CodeActionHandler(),
            new CodeActionResolveHandler(new CodeActionFeature(_models), client, () => _documents.Snapshot()),
        ]);
        handlers.AddRange(extraHandlers);
        ServedMethods = [.. handlers.Select(h => h.Method)];
        _servedMethods.UnionWith(ServedMethods);

        var dispatcher = new LspDispatcher(_lifecycle, () => new RequestContext(_documents.Snapshot(), _settings.Current) { Workspace = _workspace, Latest = _documents.Snapshot }, _log);
        dispatcher.Register(_rpc, handlers);
    }

    /// <summary>Longest wait at exit for a model load or generation to end (a 1.5B model loads in a few seconds).</summary>
    internal static readonly TimeSpan ModelsStopWait = TimeSpan.FromSeconds(60);

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

    public AssistantModels Models => _models;

    /// <summary>Inline completion (its counters are read by tests and the completion bench).</summary>
    public InlineCompletionService Completion { get; }

    private void OnInitialized(ClientChannel client, SettingsWarnings warnings)
    {
        // Models load in the background from here on; a settings change reloads what changed.
        _settings.Changed += (_, current) => OnSettingsChanged(current);
        OnSettingsChanged(_settings.Current);
        _ = PullSettingsAsync();

        async Task PullSettingsAsync()
        {
            try
            {
                if (await client.PullSettingsAsync(CancellationToken.None) is { } section)
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

    private void OnSettingsChanged(AssistantSettings current)
    {
        if (ServerLogging.TryParseLevel(current.LogLevel, out var level))
        {
            ServerLogging.LevelSwitch.MinimumLevel = level;
        }

        if (_lifecycle.State == LifecycleState.Initialized)
        {
            _models.Apply(current.Models);
        }
    }

    public void Dispose()
    {
        _lifecycle.RequestExit();

        // A model still loading is waited for: leaving the process while native code builds it crashes.
        if (!_models.DisposeAsync().AsTask().Wait(ModelsStopWait))
        {
            _log.Warning("The models did not stop within {Seconds} s; exiting anyway", ModelsStopWait.TotalSeconds);
        }

        _rpc.Dispose();
        _reclaim.Dispose();
        _lifecycle.Dispose();
    }
}
