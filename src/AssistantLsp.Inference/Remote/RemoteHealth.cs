namespace AssistantLsp.Inference.Remote;

/// <summary>
/// Whether the remote server answers, with bounded exponential backoff: after a failure, requests
/// fail fast with the same clear message until the wait is over (the server's Retry-After when it
/// sent one), and a background probe retries on the same schedule, so the status recovers on its
/// own when the server comes back. Thread-safe.
/// </summary>
internal sealed class RemoteHealth : IDisposable
{
    private readonly Func<CancellationToken, Task<TimeSpan>> _probe;
    private readonly RemoteEngineOptions _options;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly object _gate = new();
    private RemoteEngineException? _problem;
    private TimeSpan _backoff;
    private DateTimeOffset _retryAt;
    private bool _probing;
    private TimeSpan? _latency;

    /// <param name="probe">A cheap request that succeeds when the server is back; returns its latency.</param>
    public RemoteHealth(Func<CancellationToken, Task<TimeSpan>> probe, RemoteEngineOptions options, TimeProvider? time = null)
    {
        _probe = probe;
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    public event Action? Changed;

    public string? Problem
    {
        get
        {
            lock (_gate)
            {
                return _problem?.Message;
            }
        }
    }

    public TimeSpan? Latency
    {
        get
        {
            lock (_gate)
            {
                return _latency;
            }
        }
    }

    /// <summary>Throws the last failure while its backoff lasts (no request is sent meanwhile).</summary>
    public void ThrowIfBackingOff()
    {
        lock (_gate)
        {
            if (_problem is { } problem && _time.GetUtcNow() < _retryAt)
            {
                var wait = _retryAt - _time.GetUtcNow();
                throw new RemoteEngineException(problem.Kind, $"{problem.Message} (next try in {Math.Ceiling(wait.TotalSeconds):0} s)", problem.RetryAfter, problem);
            }
        }
    }

    public void Succeeded(TimeSpan latency)
    {
        bool changed;
        lock (_gate)
        {
            changed = _problem is not null || _latency is null;
            _problem = null;
            _backoff = TimeSpan.Zero;
            _latency = latency;
        }

        if (changed)
        {
            Changed?.Invoke();
        }
    }

    /// <summary>Records a failure: the next try waits (Retry-After, else doubling from the initial backoff, capped).</summary>
    public void Failed(RemoteEngineException failure)
    {
        bool startProbe;
        lock (_gate)
        {
            _backoff = _backoff == TimeSpan.Zero ? _options.InitialBackoff : TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, _options.MaxBackoff.Ticks));
            var wait = failure.RetryAfter is { } retry && retry > TimeSpan.Zero ? TimeSpan.FromTicks(Math.Min(retry.Ticks, _options.MaxBackoff.Ticks)) : _backoff;
            _problem = failure;
            _retryAt = _time.GetUtcNow() + wait;
            startProbe = !_probing && !_lifetime.IsCancellationRequested;
            _probing |= startProbe;
        }

        Changed?.Invoke();
        if (startProbe)
        {
            _ = Task.Run(ProbeUntilHealthyAsync);
        }
    }

    private async Task ProbeUntilHealthyAsync()
    {
        try
        {
            while (!_lifetime.IsCancellationRequested)
            {
                TimeSpan wait;
                lock (_gate)
                {
                    if (_problem is null)
                    {
                        return;
                    }

                    wait = _retryAt - _time.GetUtcNow();
                }

                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, _lifetime.Token);
                }

                try
                {
                    Succeeded(await _probe(_lifetime.Token));
                    return;
                }
                catch (RemoteEngineException ex)
                {
                    Failed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // Disposed.
        }
        finally
        {
            lock (_gate)
            {
                _probing = false;
            }
        }
    }

    public void Dispose()
    {
        _lifetime.Cancel();
    }
}
