using System.Collections.Concurrent;
using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.OnnxGenAi;
using AssistantLsp.Inference.Slots;

namespace AssistantLsp.Inference.Tests.Slots;

/// <summary>Background loading, waiting and reloading of one model role, on real generated models.</summary>
[Collection(TestModelsCollection.Name)]
public class ModelSlotTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    /// <summary>Loads real engines, optionally holding each load until the test opens its gate.</summary>
    private sealed class GatedLoader
    {
        public ConcurrentQueue<string> Loaded { get; } = new();

        public TaskCompletionSource? Gate { get; set; }

        public IInferenceEngine Load(string path, string provider, CancellationToken cancellationToken)
        {
            Gate?.Task.Wait(cancellationToken);
            var engine = OnnxGenAiEngine.Load(path, provider);
            Loaded.Enqueue(path);
            return engine;
        }
    }

    private static ModelSlot NewSlot(GatedLoader loader) => new(loader.Load, "set model.path");

    [Fact]
    public async Task Unconfigured_slot_explains_what_to_set()
    {
        await using var slot = NewSlot(new GatedLoader());
        Assert.Equal(ModelState.None, slot.Status.State);
        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => slot.AcquireAsync(Wait, CancellationToken.None));
        Assert.Equal("set model.path", error.Message);
        Assert.Equal(ModelState.None, error.State);
    }

    [Fact]
    public async Task Request_waits_for_a_load_in_progress_then_gets_the_engine()
    {
        var loader = new GatedLoader { Gate = new TaskCompletionSource() };
        await using var slot = NewSlot(loader);
        var states = new ConcurrentQueue<ModelState>();
        slot.StatusChanged += s => states.Enqueue(s.State);

        slot.Configure(TestModels.Random.Directory, "cpu");
        Assert.Equal(ModelState.Loading, slot.Status.State);
        var waiting = slot.AcquireAsync(Wait, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        loader.Gate.SetResult();

        var loaded = await waiting;
        Assert.Equal(TestModels.Random.VocabSize, loaded.Engine.Model.VocabSize);
        Assert.Equal(ModelState.Ready, slot.Status.State);
        Assert.Equal([ModelState.Loading, ModelState.Ready], states);
    }

    [Fact]
    public async Task Wait_bound_while_loading_gives_a_clear_error()
    {
        var loader = new GatedLoader { Gate = new TaskCompletionSource() };
        await using var slot = NewSlot(loader);
        slot.Configure(TestModels.Random.Directory, "cpu");
        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => slot.AcquireAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None));
        Assert.Equal(ModelState.Loading, error.State);
        Assert.Contains("still loading", error.Message, StringComparison.Ordinal);
        loader.Gate.SetResult();
    }

    [Fact]
    public async Task Failed_load_reports_the_loader_message_and_a_retry_of_the_same_path_loads_again()
    {
        var broken = Path.Combine(TestTemp.Root, $"missing-{Guid.NewGuid():N}");
        var loader = new GatedLoader();
        await using var slot = NewSlot(loader);
        slot.Configure(broken, "cpu");
        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => slot.AcquireAsync(Wait, CancellationToken.None));
        Assert.Equal(ModelState.Error, error.State);
        Assert.Contains(broken, error.Message, StringComparison.Ordinal);

        // The user fixes the folder: configuring the same path again retries.
        CopyFolder(TestModels.Random.Directory, broken);
        slot.Configure(broken, "cpu");
        Assert.NotNull(await slot.AcquireAsync(Wait, CancellationToken.None));
        Assert.Equal(ModelState.Ready, slot.Status.State);
    }

    [Fact]
    public async Task Reconfiguring_while_loading_supersedes_the_older_load()
    {
        var loader = new GatedLoader { Gate = new TaskCompletionSource() };
        await using var slot = NewSlot(loader);
        slot.Configure(TestModels.Random.Directory, "cpu");
        var waiting = slot.AcquireAsync(Wait, CancellationToken.None);
        slot.Configure(TestModels.Scripted.Directory, "cpu");
        loader.Gate.SetResult();

        var loaded = await waiting;
        Assert.Equal(TestModels.Scripted.Directory, slot.Status.ModelPath);
        Assert.Equal(TestModels.Scripted.VocabSize, loaded.Engine.Model.VocabSize);
    }

    [Fact]
    public async Task Same_target_again_does_not_reload_and_a_new_path_replaces_the_engine()
    {
        var loader = new GatedLoader();
        await using var slot = NewSlot(loader);
        slot.Configure(TestModels.Random.Directory, "cpu");
        var first = await slot.AcquireAsync(Wait, CancellationToken.None);
        slot.Configure(TestModels.Random.Directory, "cpu");
        Assert.Same(first, await slot.AcquireAsync(Wait, CancellationToken.None));
        Assert.Single(loader.Loaded);

        slot.Configure(TestModels.Scripted.Directory, "cpu");
        var second = await slot.AcquireAsync(Wait, CancellationToken.None);
        Assert.NotSame(first, second);
        Assert.Equal(2, loader.Loaded.Count);
    }

    [Fact]
    public async Task Clearing_the_path_returns_to_none()
    {
        await using var slot = NewSlot(new GatedLoader());
        slot.Configure(TestModels.Random.Directory, "cpu");
        await slot.AcquireAsync(Wait, CancellationToken.None);
        slot.Configure(null, "cpu");
        Assert.Equal(ModelState.None, slot.Status.State);
        await Assert.ThrowsAsync<ModelUnavailableException>(() => slot.AcquireAsync(Wait, CancellationToken.None));
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    [Fact]
    public async Task Dispose_during_a_load_waits_for_it_then_frees_what_it_made()
    {
        // Native model construction ignores cancellation: this load does too, like GenAI's.
        var entered = new ManualResetEventSlim();
        var release = new ManualResetEventSlim();
        IInferenceEngine? made = null;
        var slot = new ModelSlot(
            (path, provider, _) =>
            {
                entered.Set();
                release.Wait(Wait);
                return made = OnnxGenAiEngine.Load(path, provider);
            },
            "set model.path");
        slot.Configure(TestModels.Random.Directory, "cpu");
        Assert.True(entered.Wait(Wait));

        var disposing = slot.DisposeAsync().AsTask();
        await Task.Delay(200);
        Assert.False(disposing.IsCompleted, "dispose returned while the load was still running");
        release.Set();
        await disposing.WaitAsync(Wait);

        Assert.NotNull(made);
        Assert.Throws<ObjectDisposedException>(() => made.Encode("x"));
        Assert.Equal(ModelState.Loading, slot.Status.State); // the late load never published itself
        await Assert.ThrowsAsync<ModelUnavailableException>(() => slot.AcquireAsync(TimeSpan.FromSeconds(1), CancellationToken.None));
    }
}
