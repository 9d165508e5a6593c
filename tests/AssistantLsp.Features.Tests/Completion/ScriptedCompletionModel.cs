using AssistantLsp.Inference.Scheduling;
using AssistantLsp.Inference.Slots;
using AssistantLsp.ModelWriting;

namespace AssistantLsp.Features.Tests.Completion;

/// <summary>A fresh scripted test model on the real GenAI engine with its scheduler, as a slot hands it out; disposing frees both.</summary>
internal sealed record ScriptedCompletionModel(LoadedModel Loaded) : IDisposable
{
    public GenerationScheduler Scheduler => Loaded.Scheduler;

    public static implicit operator LoadedModel(ScriptedCompletionModel model) => model.Loaded;

    /// <summary>A model that answers any prompt with <paramref name="script"/>.</summary>
    public static ScriptedCompletionModel Load(string script, bool withFim, bool withThink)
    {
        var engine = TestModels.Load(TestModels.Write(TestModelSpec.Scripted(script) with { WithFimTokens = withFim, WithThinkTokens = withThink }, "scripted"));
        return new ScriptedCompletionModel(new LoadedModel(engine, new GenerationScheduler(engine)));
    }

    public void Dispose()
    {
        Loaded.Scheduler.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Loaded.Engine.Dispose();
    }
}
