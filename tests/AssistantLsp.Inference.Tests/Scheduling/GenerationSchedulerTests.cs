using System.Collections.Concurrent;
using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Scheduling;

namespace AssistantLsp.Inference.Tests.Scheduling;

public sealed class GenerationSchedulerTests : IAsyncDisposable
{
    // Upper bound for waits that should finish at once; only reached when a test fails.
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    private readonly ScriptedFakeEngine _engine = new();
    private readonly GenerationScheduler _scheduler;

    public GenerationSchedulerTests() => _scheduler = new GenerationScheduler(_engine);

    public async ValueTask DisposeAsync() => await _scheduler.DisposeAsync();

    [Fact]
    public async Task Returns_the_work_result_and_hands_over_the_engine()
    {
        IInferenceEngine? seen = null;
        var result = await _scheduler.RunAsync(GenerationPriority.Explain, null, (engine, _) =>
        {
            seen = engine;
            return Task.FromResult(42);
        }, CancellationToken.None);

        // Lower-priority work gets the engine behind a preemptible view of it (same model, same tokenizer).
        Assert.Equal(42, result);
        Assert.NotNull(seen);
        Assert.Same(_engine.Model, seen.Model);
        Assert.Equal(_engine.Encode("abc"), seen.Encode("abc"));
        var completionSeen = await _scheduler.RunAsync(GenerationPriority.InlineCompletion, null, (engine, _) => Task.FromResult(engine), CancellationToken.None);
        Assert.Same(_engine, completionSeen);
    }

    [Fact]
    public async Task Runs_at_most_one_work_at_a_time()
    {
        var running = 0;
        var maxRunning = 0;
        var gates = Enumerable.Range(0, 4).Select(_ => NewGate()).ToArray();
        var started = Enumerable.Range(0, 4).Select(_ => NewGate()).ToArray();
        var tasks = Enumerable.Range(0, 4).Select(i => _scheduler.RunAsync(GenerationPriority.Explain, null, async (_, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref maxRunning, now);
            started[i].SetResult();
            await gates[i].Task.WaitAsync(ct);
            Interlocked.Decrement(ref running);
            return i;
        }, CancellationToken.None)).ToArray();

        for (var i = 0; i < 4; i++)
        {
            await started[i].Task.WaitAsync(s_timeout);
            Assert.All(started.Skip(i + 1), s => Assert.False(s.Task.IsCompleted));
            Assert.Equal(3 - i, _scheduler.QueuedCount);
            gates[i].SetResult();
            Assert.Equal(i, await tasks[i].WaitAsync(s_timeout));
        }

        Assert.Equal(1, maxRunning);
    }

    [Fact]
    public async Task Orders_queued_work_by_priority_then_arrival()
    {
        var blocker = NewGate();
        var blocking = _scheduler.RunAsync(GenerationPriority.CodeAction, null, (_, ct) => blocker.Task.WaitAsync(ct).ContinueWith(_ => 0, TaskScheduler.Default), CancellationToken.None);
        var order = new ConcurrentQueue<string>();
        (GenerationPriority Priority, string Name)[] queued =
        [
            (GenerationPriority.Explain, "explain-1"),
            (GenerationPriority.CodeAction, "action-1"),
            (GenerationPriority.InlineCompletion, "inline-1"),
            (GenerationPriority.Explain, "explain-2"),
            (GenerationPriority.InlineCompletion, "inline-2"),
        ];
        var tasks = queued.Select(q => _scheduler.RunAsync(q.Priority, null, (_, _) =>
        {
            order.Enqueue(q.Name);
            return Task.FromResult(0);
        }, CancellationToken.None)).ToArray();

        blocker.SetResult();
        await Task.WhenAll(tasks.Append(blocking)).WaitAsync(s_timeout);

        Assert.Equal(["inline-1", "inline-2", "explain-1", "action-1", "explain-2"], order);
    }

    [Fact]
    public async Task A_newer_request_with_the_same_key_drops_the_queued_one_at_once()
    {
        var blocker = NewGate();
        var blocking = RunBlocked(GenerationPriority.Explain, null, blocker);
        var olderRan = false;
        var older = _scheduler.RunAsync(GenerationPriority.InlineCompletion, "file:///a.cs", (_, _) =>
        {
            olderRan = true;
            return Task.FromResult("older");
        }, CancellationToken.None);

        var newer = _scheduler.RunAsync(GenerationPriority.InlineCompletion, "file:///a.cs", (_, _) => Task.FromResult("newer"), CancellationToken.None);

        Assert.True(older.IsCanceled);
        Assert.Equal(1, _scheduler.QueuedCount);
        blocker.SetResult();
        Assert.Equal("newer", await newer.WaitAsync(s_timeout));
        await blocking.WaitAsync(s_timeout);
        Assert.False(olderRan);
    }

    [Fact]
    public async Task A_newer_request_with_the_same_key_cancels_the_running_generation_within_a_decode_step()
    {
        var hold = NewGate();
        var tokensSeen = 0;
        _engine.AddScript(["a", "b", "c", "d"]);
        _engine.AddScript(["x"]);
        var firstTokenSeen = NewGate();
        _engine.BeforeToken = async ct =>
        {
            if (Interlocked.Increment(ref tokensSeen) == 2)
            {
                firstTokenSeen.SetResult();
                await hold.Task.WaitAsync(ct); // a decode step that only ends by cancellation
            }
        };
        var older = _scheduler.RunAsync(GenerationPriority.InlineCompletion, "file:///a.cs", (engine, ct) =>
            engine.GenerateAsync(new GenerationRequest([1], new GenerationOptions()), null, ct), CancellationToken.None);
        await firstTokenSeen.Task.WaitAsync(s_timeout);

        var newer = _scheduler.RunAsync(GenerationPriority.InlineCompletion, "file:///a.cs", (engine, ct) =>
            engine.GenerateAsync(new GenerationRequest([1], new GenerationOptions()), null, ct), CancellationToken.None);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => older.WaitAsync(s_timeout));
        Assert.Equal("x", (await newer.WaitAsync(s_timeout)).Text);
    }

    [Fact]
    public async Task Superseded_work_is_cancelled_even_if_it_ignores_its_token()
    {
        var release = NewGate();
        var started = NewGate();
        var older = _scheduler.RunAsync(GenerationPriority.InlineCompletion, "k", async (_, _) =>
        {
            started.SetResult();
            await release.Task;
            return "stale";
        }, CancellationToken.None);
        await started.Task.WaitAsync(s_timeout);

        var newer = _scheduler.RunAsync(GenerationPriority.InlineCompletion, "k", (_, _) => Task.FromResult("fresh"), CancellationToken.None);
        Assert.False(newer.IsCompleted); // waits for the slot: the stale one still runs
        release.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => older.WaitAsync(s_timeout));
        Assert.Equal("fresh", await newer.WaitAsync(s_timeout));
    }

    [Theory]
    [InlineData(GenerationPriority.InlineCompletion, "file:///b.cs")]
    [InlineData(GenerationPriority.InlineCompletion, null)]
    [InlineData(GenerationPriority.Explain, "file:///a.cs")]
    public async Task Requests_with_another_key_or_priority_do_not_supersede(GenerationPriority priority, string? key)
    {
        var blocker = NewGate();
        var blocking = RunBlocked(GenerationPriority.CodeAction, null, blocker);
        var first = _scheduler.RunAsync(GenerationPriority.InlineCompletion, "file:///a.cs", (_, _) => Task.FromResult(1), CancellationToken.None);
        var second = _scheduler.RunAsync(priority, key, (_, _) => Task.FromResult(2), CancellationToken.None);

        Assert.False(first.IsCompleted);
        blocker.SetResult();
        Assert.Equal(1, await first.WaitAsync(s_timeout));
        Assert.Equal(2, await second.WaitAsync(s_timeout));
        await blocking.WaitAsync(s_timeout);
    }

    [Fact]
    public async Task Cancelling_queued_work_removes_it_at_once()
    {
        var blocker = NewGate();
        var blocking = RunBlocked(GenerationPriority.Explain, null, blocker);
        using var cts = new CancellationTokenSource();
        var ran = false;
        var queued = _scheduler.RunAsync(GenerationPriority.Explain, null, (_, _) =>
        {
            ran = true;
            return Task.FromResult(0);
        }, cts.Token);
        Assert.Equal(1, _scheduler.QueuedCount);

        await cts.CancelAsync();

        Assert.True(queued.IsCanceled);
        Assert.Equal(0, _scheduler.QueuedCount);
        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        Assert.Equal(cts.Token, ex.CancellationToken);
        blocker.SetResult();
        await blocking.WaitAsync(s_timeout);
        await _scheduler.RunAsync(GenerationPriority.Explain, null, (_, _) => Task.FromResult(0), CancellationToken.None).WaitAsync(s_timeout);
        Assert.False(ran);
    }

    [Fact]
    public async Task Cancelling_running_work_reaches_it_through_its_token()
    {
        using var cts = new CancellationTokenSource();
        var started = NewGate();
        var running = _scheduler.RunAsync(GenerationPriority.Explain, null, async (_, ct) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return 0;
        }, cts.Token);
        await started.Task.WaitAsync(s_timeout);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(s_timeout));
        Assert.True(running.IsCanceled);
        Assert.Equal(7, await _scheduler.RunAsync(GenerationPriority.Explain, null, (_, _) => Task.FromResult(7), CancellationToken.None).WaitAsync(s_timeout));
    }

    [Fact]
    public async Task An_already_cancelled_token_never_runs_the_work()
    {
        var ran = false;
        var task = _scheduler.RunAsync(GenerationPriority.Explain, null, (_, _) =>
        {
            ran = true;
            return Task.FromResult(0);
        }, new CancellationToken(canceled: true));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.False(ran);
        Assert.Equal(0, _scheduler.QueuedCount);
    }

    [Fact]
    public async Task Exceptions_reach_the_caller_and_the_next_work_still_runs()
    {
        var asyncFailure = _scheduler.RunAsync<int>(GenerationPriority.Explain, null, async (_, _) =>
        {
            await Task.Yield();
            throw new InvalidOperationException("async boom");
        }, CancellationToken.None);
        var syncFailure = _scheduler.RunAsync<int>(GenerationPriority.Explain, null, (_, _) => throw new FormatException("sync boom"), CancellationToken.None);
        var next = _scheduler.RunAsync(GenerationPriority.Explain, null, (_, _) => Task.FromResult(3), CancellationToken.None);

        Assert.Equal("async boom", (await Assert.ThrowsAsync<InvalidOperationException>(() => asyncFailure.WaitAsync(s_timeout))).Message);
        Assert.Equal("sync boom", (await Assert.ThrowsAsync<FormatException>(() => syncFailure.WaitAsync(s_timeout))).Message);
        Assert.Equal(3, await next.WaitAsync(s_timeout));
    }

    [Fact]
    public async Task Work_runs_off_the_callers_thread()
    {
        using var release = new ManualResetEventSlim();
        var task = _scheduler.RunAsync(GenerationPriority.Explain, null, (_, _) =>
        {
            release.Wait(s_timeout); // a synchronous, blocking work delegate
            return Task.FromResult(1);
        }, CancellationToken.None);

        Assert.False(task.IsCompleted); // RunAsync returned although the work blocks
        release.Set();
        Assert.Equal(1, await task.WaitAsync(s_timeout));
    }

    [Fact]
    public async Task Disposing_cancels_queued_and_running_work_and_refuses_new_work()
    {
        var started = NewGate();
        var running = _scheduler.RunAsync(GenerationPriority.Explain, null, async (_, ct) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return 0;
        }, CancellationToken.None);
        var queued = _scheduler.RunAsync(GenerationPriority.InlineCompletion, null, (_, _) => Task.FromResult(1), CancellationToken.None);
        await started.Task.WaitAsync(s_timeout);

        await _scheduler.DisposeAsync().AsTask().WaitAsync(s_timeout);

        Assert.True(queued.IsCanceled);
        Assert.True(running.IsCanceled);
        Assert.Throws<ObjectDisposedException>(() =>
        {
            _ = _scheduler.RunAsync(GenerationPriority.Explain, null, (_, _) => Task.FromResult(0), CancellationToken.None);
        });
    }

    private Task<int> RunBlocked(GenerationPriority priority, string? key, TaskCompletionSource gate) =>
        _scheduler.RunAsync(priority, key, async (_, ct) =>
        {
            await gate.Task.WaitAsync(ct);
            return 0;
        }, CancellationToken.None);

    private static TaskCompletionSource NewGate() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
