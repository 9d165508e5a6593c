using System.Diagnostics;
using System.Text;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Tests.TestSupport;

/// <summary>The built `assistant-lsp` binary, started as an editor starts it, spoken to over its real stdio.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<byte> _buffer = [];
    private readonly StringBuilder _stderr = new();

    private ServerProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
    }

    public static string ServerDll => Path.Combine(AppContext.BaseDirectory, "assistant-lsp.dll");

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public Process Process => _process;

    public static ServerProcess Start(params string[] args) => Start(new Dictionary<string, string?>(), args);

    /// <summary>Starts with extra environment variables (null removes one).</summary>
    public static ServerProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        info.ArgumentList.Add(ServerDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return new ServerProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start the server"));
    }

    /// <summary>Runs the binary to completion (for CLI checks): exit code, stdout, stderr.</summary>
    public static (int Code, string Stdout, string Stderr) RunToEnd(params string[] args) => RunToEnd(TimeSpan.FromSeconds(60), args);

    public static (int Code, string Stdout, string Stderr) RunToEnd(TimeSpan timeout, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add(ServerDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("assistant-lsp did not exit");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    public async Task SendAsync(string json)
    {
        var framed = LspTestClient.Frame(json);
        await _process.StandardInput.BaseStream.WriteAsync(Encoding.UTF8.GetBytes(framed));
        await _process.StandardInput.BaseStream.FlushAsync();
    }

    public async Task<JObject> ReceiveAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var chunk = new byte[8192];
        while (true)
        {
            if (LspFrames.TryTake(_buffer, out var json))
            {
                return JObject.Parse(json);
            }

            var n = await _process.StandardOutput.BaseStream.ReadAsync(chunk, cts.Token);
            if (n == 0)
            {
                throw new EndOfStreamException("server closed stdout; stderr:\n" + Stderr);
            }

            _buffer.AddRange(chunk.AsSpan(0, n).ToArray());
        }
    }

    /// <summary>The response with this id, skipping notifications the server sends on its own.</summary>
    public async Task<JObject> ResponseAsync(JToken id, TimeSpan timeout)
    {
        while (true)
        {
            var message = await ReceiveAsync(timeout);
            if (!message.ContainsKey("method") && JToken.DeepEquals(message["id"], id))
            {
                return message;
            }
        }
    }

    public void CloseInput() => _process.StandardInput.Close();

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
