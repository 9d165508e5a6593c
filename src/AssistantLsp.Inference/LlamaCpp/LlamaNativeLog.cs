using System.Text;
using LLama.Native;

namespace AssistantLsp.Inference.LlamaCpp;

/// <summary>
/// Takes llama.cpp's log away from the console (stdout is the language server's protocol
/// channel) and keeps the warnings and errors of a load, whose reasons (bad magic, tensor out of
/// bounds, unknown architecture) llama.cpp reports only there.
/// </summary>
internal static class LlamaNativeLog
{
    private static readonly Lock _gate = new();
    private static readonly Lock _captureGate = new();
    private static bool _installed;
    private static StringBuilder? _capture;
    private static LLamaLogLevel _lastLevel;

    /// <summary>Installs the callback before the native library loads (and again if it already has).</summary>
    public static void Install()
    {
        lock (_gate)
        {
            if (_installed)
            {
                return;
            }

            _installed = true;
            if (NativeLibraryConfig.LLama.LibraryHasLoaded)
            {
                NativeLogConfig.llama_log_set(OnLog);
            }
            else
            {
                NativeLibraryConfig.All.WithLogCallback(OnLog);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> while collecting warning and error lines; returns them with
    /// its result. Captures are serialized: loads are rare and the log has no per-call context.
    /// </summary>
    public static T Capture<T>(Func<T> action, out string messages)
    {
        Install();
        lock (_captureGate)
        {
            lock (_gate)
            {
                _capture = new StringBuilder();
            }

            try
            {
                return action();
            }
            finally
            {
                lock (_gate)
                {
                    messages = _capture?.ToString().Trim() ?? string.Empty;
                    _capture = null;
                }
            }
        }
    }

    private static void OnLog(LLamaLogLevel level, string message)
    {
        lock (_gate)
        {
            // "Continue" carries on the previous message at its level.
            var effective = level == LLamaLogLevel.Continue ? _lastLevel : level;
            _lastLevel = effective;
            if (_capture is not null && effective is LLamaLogLevel.Warning or LLamaLogLevel.Error)
            {
                _capture.Append(message.TrimEnd()).Append(' ');
            }
        }
    }
}
