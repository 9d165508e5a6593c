using System.Runtime;
using System.Runtime.InteropServices;

namespace AssistantLsp.Protocol;

/// <summary>
/// A message of megabytes (a huge document, a hostile string) leaves large-object-heap segments
/// and parser buffers behind that the GC keeps committed, so the process stays hundreds of MB
/// larger long after the text is gone. Once traffic has been quiet for a moment after such a
/// message, one compacting, decommitting collection gives that memory back. Debounced: a burst of
/// large messages costs one collection, and small messages never trigger one.
/// </summary>
public sealed class LargeMessageReclaim : IDisposable
{
    /// <summary>Bodies at or above this size schedule a reclaim.</summary>
    public const int LargeMessageBytes = 1024 * 1024;

    private readonly TimeSpan _quietPeriod;
    private readonly Timer _timer;
    private int _collections;

    public LargeMessageReclaim(TimeSpan quietPeriod)
    {
        _quietPeriod = quietPeriod;
        _timer = new Timer(_ => Collect(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Collections run so far (for tests and logs).</summary>
    public int Collections => Volatile.Read(ref _collections);

    /// <summary>Called by the framing with each body's size; a large one (re)starts the quiet-period timer.</summary>
    public void NoteMessage(int bytes)
    {
        if (bytes >= LargeMessageBytes)
        {
            _timer.Change(_quietPeriod, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Collect()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        TrimNativeHeap();
        Interlocked.Increment(ref _collections);
    }

    /// <summary>
    /// Native code (tokenizer, runtimes) frees its buffers for huge texts into glibc's heap, which
    /// keeps the pages; malloc_trim returns them. Not every libc has it (musl), hence the guard.
    /// </summary>
    private static void TrimNativeHeap()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = malloc_trim(0);
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int malloc_trim(nuint pad);
}
