using System.Collections.Concurrent;
using System.Diagnostics;

namespace AssistantLsp.Inference.Remote;

/// <summary>
/// Token counts for prompt budgets from the server's own tokenizer (<c>POST /tokenize</c>, which
/// vLLM and llama-server have), bounded in time: counts are synchronous (the prompt fitters walk a
/// document a line at a time), so each uncached text waits for the server at most
/// <see cref="RemoteEngineOptions.TokenizeWait"/>, and all counts together wait at most that much
/// per second (a budget that refills), so a keystroke's prompt never stalls on a slow server. A
/// text not answered in time gets the character estimate (one token per UTF-16 character: more
/// than BPE tokens for code and prose, so prompts still fit); its answer, when it comes, is cached
/// for the next prompt, which sees mostly the same lines. Without the route (Ollama) every count
/// is the estimate. Thread-safe.
/// </summary>
internal sealed class RemoteTokenCounter
{
    // Bounds on memory and on requests queued behind a slow server.
    private const int MaxCachedCharacters = 4 << 20;
    private const int MaxPending = 256;
    private const int MaxConcurrentRequests = 4;

    private readonly Func<string, CancellationToken, Task<int>> _tokenize;
    private readonly TimeSpan _wait;
    private readonly TimeSpan _pauseAfterFailure;
    private readonly CancellationToken _lifetime;
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<int>> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _requests = new(MaxConcurrentRequests);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private long _cachedCharacters;
    private TimeSpan _waitAllowance;
    private TimeSpan _allowanceAt;
    private long _pausedUntilTicks;
    private volatile bool _absent;

    /// <param name="tokenize">One <c>/tokenize</c> request: the server's token count of a text.</param>
    public RemoteTokenCounter(Func<string, CancellationToken, Task<int>> tokenize, TimeSpan wait, TimeSpan pauseAfterFailure, CancellationToken lifetime)
    {
        _tokenize = tokenize;
        _wait = wait;
        _waitAllowance = wait;
        _pauseAfterFailure = pauseAfterFailure;
        _lifetime = lifetime;
    }

    /// <summary>False once the server said it has no <c>/tokenize</c> route: then every count is the estimate.</summary>
    public bool UsesServer => !_absent;

    /// <summary>Counts answered by the server so far (cached texts).</summary>
    public int CachedCounts => _counts.Count;

    /// <summary>The documented fallback: one token per UTF-16 character.</summary>
    public static int Estimate(string text) => text.Length;

    /// <summary>Marks the route as missing (the server answered 404/405 to it).</summary>
    public void MarkAbsent() => _absent = true;

    public int Count(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return 0;
        }

        if (_counts.TryGetValue(text, out var known))
        {
            return known;
        }

        if (_absent || _clock.Elapsed.Ticks < Volatile.Read(ref _pausedUntilTicks))
        {
            return Estimate(text);
        }

        var answer = Request(text);
        if (answer is null)
        {
            return Estimate(text);
        }

        var wait = TakeAllowance();
        if (wait > TimeSpan.Zero && !answer.IsCompleted)
        {
            var started = _clock.Elapsed;
            try
            {
                answer.Wait(wait, _lifetime);
            }
            catch (AggregateException)
            {
                // Failure handled by the request's continuation; the estimate serves.
            }
            catch (OperationCanceledException)
            {
                // Disposed meanwhile.
            }

            ReturnAllowance(wait - (_clock.Elapsed - started));
        }

        return answer.IsCompletedSuccessfully ? answer.Result : Estimate(text);
    }

    /// <summary>The request for <paramref name="text"/> (one per text at a time), or null when too many are queued.</summary>
    private Task<int>? Request(string text)
    {
        if (_pending.TryGetValue(text, out var running))
        {
            return running;
        }

        if (_pending.Count >= MaxPending)
        {
            return null;
        }

        var source = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.TryAdd(text, source.Task))
        {
            return _pending.TryGetValue(text, out running) ? running : null;
        }

        _ = Task.Run(() => FetchAsync(text, source));
        return source.Task;
    }

    private async Task FetchAsync(string text, TaskCompletionSource<int> answer)
    {
        try
        {
            await _requests.WaitAsync(_lifetime);
            try
            {
                var count = await _tokenize(text, _lifetime);
                Remember(text, count);
                answer.TrySetResult(count);
            }
            finally
            {
                _requests.Release();
            }
        }
        catch (Exception ex)
        {
            if (ex is RemoteEngineException { Kind: RemoteFailureKind.ModelNotFound or RemoteFailureKind.BadRequest })
            {
                // 404/405/400 on /tokenize: this server has no such route (or not in this shape).
                _absent = true;
            }
            else if (!_lifetime.IsCancellationRequested)
            {
                // Unreachable or failing: estimates for a while rather than a request per line.
                Volatile.Write(ref _pausedUntilTicks, (_clock.Elapsed + _pauseAfterFailure).Ticks);
            }

            answer.TrySetException(ex);
        }
        finally
        {
            _pending.TryRemove(text, out _);
        }
    }

    private void Remember(string text, int count)
    {
        if (Interlocked.Add(ref _cachedCharacters, text.Length) > MaxCachedCharacters)
        {
            // Rare (megabytes of distinct texts): start over rather than track recency per entry.
            _counts.Clear();
            Interlocked.Exchange(ref _cachedCharacters, text.Length);
        }

        _counts[text] = count;
    }

    /// <summary>How long this count may wait: the refilled budget, at most one wait.</summary>
    private TimeSpan TakeAllowance()
    {
        lock (_gate)
        {
            var now = _clock.Elapsed;
            var refill = TimeSpan.FromTicks((long)((now - _allowanceAt).TotalSeconds * _wait.Ticks));
            _waitAllowance = TimeSpan.FromTicks(Math.Min(_wait.Ticks, _waitAllowance.Ticks + refill.Ticks));
            _allowanceAt = now;
            var granted = _waitAllowance;
            _waitAllowance = TimeSpan.Zero;
            return granted;
        }
    }

    private void ReturnAllowance(TimeSpan unused)
    {
        if (unused <= TimeSpan.Zero)
        {
            return;
        }

        lock (_gate)
        {
            _waitAllowance = TimeSpan.FromTicks(Math.Min(_wait.Ticks, _waitAllowance.Ticks + unused.Ticks));
        }
    }
}
