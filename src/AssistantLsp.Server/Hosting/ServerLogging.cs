using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace AssistantLsp.Server.Hosting;

/// <summary>
/// Serilog to a per-user log file and to stderr. stdout is the protocol channel, so no sink may
/// ever write there. The level can change at run time (log.level setting).
/// </summary>
public static class ServerLogging
{
    public static LoggingLevelSwitch LevelSwitch { get; } = new(LogEventLevel.Information);

    public static string DefaultLogFile()
    {
        var folder = OperatingSystem.IsWindows()
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "AssistantLsp", "logs")
            : OperatingSystem.IsMacOS()
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "Library", "Logs", "AssistantLsp")
                : Path.Combine(
                    Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } state
                        ? state
                        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state"),
                    "assistant-lsp", "logs");
        return Path.Combine(folder, "assistant-lsp.log");
    }

    public static bool TryParseLevel(string? text, out LogEventLevel level)
    {
        level = LogEventLevel.Information;
        return text?.Trim().ToLowerInvariant() switch
        {
            "verbose" or "trace" => Set(LogEventLevel.Verbose, out level),
            "debug" => Set(LogEventLevel.Debug, out level),
            "information" or "info" => Set(LogEventLevel.Information, out level),
            "warning" or "warn" => Set(LogEventLevel.Warning, out level),
            "error" => Set(LogEventLevel.Error, out level),
            _ => false,
        };

        static bool Set(LogEventLevel value, out LogEventLevel level)
        {
            level = value;
            return true;
        }
    }

    public static Logger Create(string logFile, LogEventLevel level)
    {
        LevelSwitch.MinimumLevel = level;
        var configuration = new LoggerConfiguration()
            .MinimumLevel.ControlledBy(LevelSwitch)
            .Enrich.WithProperty("Pid", Environment.ProcessId)
            .Destructure.ToMaximumStringLength(Protocol.LogText.MaxChars) // client text (URIs, payloads) is cut short
            .WriteTo.Console(
                standardErrorFromLevel: LogEventLevel.Verbose,
                outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logFile))!);
            configuration = configuration.WriteTo.File(
                logFile,
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 7,
                shared: true,
                outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u3}] ({Pid}) {Message:lj}{NewLine}{Exception}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            Console.Error.WriteLine($"assistant-lsp: cannot write the log file {logFile} ({ex.Message}); logging to stderr only.");
        }

        return configuration.CreateLogger();
    }
}
