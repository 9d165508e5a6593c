using AssistantLsp.Server.Settings;
using AssistantLsp.Features.Requests;
using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Remote;
using AssistantLsp.Inference.Slots;

namespace AssistantLsp.Server.Models;

/// <summary>
/// The server's model roles: the reasoning model (explain, code actions, and completion unless a
/// completion model is set) and the optional fast completion model. Settings drive both.
/// </summary>
public sealed class AssistantModels : IAssistantModels, IAsyncDisposable
{
    public const string NotConfigured =
        "No model is configured: set assistantLsp.model.path to a model folder " +
        "(one holding genai_config.json, or a .gguf file).";

    private readonly string? _commandLineModel;
    private readonly Func<string?> _catalogDefault;

    /// <summary>`generation.speculative`, shared by every engine loaded here (a change reaches loaded ones too).</summary>
    private readonly SpeculativeDecodingSetting _speculation = new();

    /// <summary>The execution provider a slot shows for a remote model.</summary>
    public const string RemoteProvider = "remote";

    // Remote targets by the slot path that stands for them (the slot only knows strings).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, RemoteEndpoint> _remoteTargets = new(StringComparer.Ordinal);

    public AssistantModels(Func<string, string, CancellationToken, IInferenceEngine> load, string? commandLineModel, Func<string?> catalogDefault)
        : this(load, (endpoint, ct) => EngineFactory.Connect(endpoint, null, ct), commandLineModel, catalogDefault)
    {
    }

    /// <param name="connect">Builds the engine for a remote endpoint (tests shorten its timeouts).</param>
    public AssistantModels(
        Func<string, string, CancellationToken, IInferenceEngine> load,
        Func<RemoteEndpoint, CancellationToken, IInferenceEngine> connect,
        string? commandLineModel,
        Func<string?> catalogDefault)
    {
        _commandLineModel = commandLineModel;
        _catalogDefault = catalogDefault;
        IInferenceEngine LoadAny(string path, string provider, CancellationToken ct) =>
            provider == RemoteProvider && _remoteTargets.TryGetValue(path, out var endpoint) ? connect(endpoint, ct) : load(path, provider, ct);
        Reasoning = new ModelSlot(WithSpeculation(LoadAny), NotConfigured);
        Completion = new ModelSlot(WithSpeculation(LoadAny), NotConfigured);
    }

    public ModelSlot Reasoning { get; }

    /// <summary>Only loaded when completion.model.path is set.</summary>
    public ModelSlot Completion { get; }

    public bool HasSeparateCompletionModel { get; private set; }

    /// <summary>The slot inline completion uses.</summary>
    public ModelSlot ForCompletion => HasSeparateCompletionModel ? Completion : Reasoning;

    /// <summary>Points the slots at the configured models: setting, else --model, else the first catalog model present.</summary>
    public void Apply(ModelSettings settings)
    {
        _speculation.Enabled = settings.Speculative != "off";
        if (Remote(settings.ModelEndpoint, settings.ModelEndpointModel, settings.ModelApiKeyVariable) is { } remote && settings.ModelPath is null)
        {
            Reasoning.Configure(remote, RemoteProvider);
        }
        else
        {
            var reasoningPath = settings.ModelPath ?? _commandLineModel ?? _catalogDefault();
            Reasoning.Configure(reasoningPath, settings.ExecutionProvider);
        }

        if (Remote(settings.CompletionModelEndpoint, settings.CompletionModelEndpointModel, settings.CompletionModelApiKeyVariable) is { } remoteCompletion
            && settings.CompletionModelPath is null)
        {
            HasSeparateCompletionModel = true;
            Completion.Configure(remoteCompletion, RemoteProvider);
        }
        else
        {
            HasSeparateCompletionModel = settings.CompletionModelPath is not null;
            Completion.Configure(settings.CompletionModelPath, settings.ExecutionProvider);
        }
    }

    /// <summary>The slot path standing for a remote endpoint (null when none is set or the URL is unusable).</summary>
    private string? Remote(string? url, string? model, string apiKeyVariable)
    {
        if (url is null || !RemoteEndpoint.TryParseBaseUrl(url, out var baseUrl, out _))
        {
            return null;
        }

        var endpoint = new RemoteEndpoint(baseUrl!, model, apiKeyVariable);
        var target = endpoint.Describe() + (apiKeyVariable == RemoteEndpoint.DefaultApiKeyVariable ? string.Empty : $" (key from ${apiKeyVariable})");
        _remoteTargets[target] = endpoint;
        return target;
    }

    private Func<string, string, CancellationToken, IInferenceEngine> WithSpeculation(Func<string, string, CancellationToken, IInferenceEngine> load) =>
        (path, provider, cancellationToken) =>
        {
            var engine = load(path, provider, cancellationToken);
            if (engine is ISpeculativeEngine speculative)
            {
                speculative.Speculation = _speculation;
            }

            return engine;
        };

    public async ValueTask DisposeAsync()
    {
        await Reasoning.DisposeAsync();
        await Completion.DisposeAsync();
    }
}
