using AssistantLsp.Features.Settings;
using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Hosting;

namespace AssistantLsp.Server.Models;

/// <summary>
/// The server's model roles: the reasoning model (explain, code actions, and completion unless a
/// completion model is set) and the optional fast completion model. Settings drive both.
/// </summary>
public sealed class AssistantModels : IAsyncDisposable
{
    public const string NotConfigured =
        "No model is configured: set assistantLsp.model.path to a model folder " +
        "(one holding genai_config.json, or a .gguf file).";

    private readonly string? _commandLineModel;
    private readonly Func<string?> _catalogDefault;

    public AssistantModels(Func<string, string, CancellationToken, IInferenceEngine> load, string? commandLineModel, Func<string?> catalogDefault)
    {
        _commandLineModel = commandLineModel;
        _catalogDefault = catalogDefault;
        Reasoning = new ModelSlot(load, NotConfigured);
        Completion = new ModelSlot(load, NotConfigured);
    }

    public ModelSlot Reasoning { get; }

    /// <summary>Only loaded when completion.model.path is set.</summary>
    public ModelSlot Completion { get; }

    public bool HasSeparateCompletionModel { get; private set; }

    /// <summary>The slot inline completion uses.</summary>
    public ModelSlot ForCompletion => HasSeparateCompletionModel ? Completion : Reasoning;

    /// <summary>Points the slots at the configured models: setting, else --model, else the first catalog model present.</summary>
    public void Apply(AssistantSettings settings)
    {
        var reasoningPath = settings.ModelPath ?? _commandLineModel ?? _catalogDefault();
        Reasoning.Configure(reasoningPath, settings.ExecutionProvider);
        HasSeparateCompletionModel = settings.CompletionModelPath is not null;
        Completion.Configure(settings.CompletionModelPath, settings.ExecutionProvider);
    }

    public async ValueTask DisposeAsync()
    {
        await Reasoning.DisposeAsync();
        await Completion.DisposeAsync();
    }
}
