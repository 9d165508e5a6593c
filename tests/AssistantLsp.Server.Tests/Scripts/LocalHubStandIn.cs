using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Tests.Scripts;

/// <summary>
/// Answers the two Hugging Face calls the script makes, on 127.0.0.1: the tree listing (in two
/// pages, joined by a Link header) and file downloads (redirected, as the hub does, with Range support).
/// </summary>
internal sealed class LocalHubStandIn : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _repo;
    private readonly string _subfolder;
    private readonly Dictionary<string, byte[]> _files;
    private readonly Task _serving;
    private int _requests;
    private int _rangeRequests;
    private bool _cut;

    public LocalHubStandIn(string repo, string subfolder, Dictionary<string, byte[]> files)
    {
        _repo = repo;
        _subfolder = subfolder;
        _files = files;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Endpoint = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public string Endpoint { get; }

    /// <summary>This file's first download sends a partial body, then drops the connection.</summary>
    public string? CutFirstDownloadOf { get; init; }

    public int RequestCount => Volatile.Read(ref _requests);

    public int RangeRequestCount => Volatile.Read(ref _rangeRequests);

    public void Dispose()
    {
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Interlocked.Increment(ref _requests);
            try
            {
                Answer(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException)
            {
                // The client went away; the next request is independent.
            }
        }
    }

    private void Answer(HttpListenerContext context)
    {
        var path = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath);
        var response = context.Response;
        var treePrefix = $"/api/models/{_repo}/tree/main/{_subfolder}";
        var resolvePrefix = $"/{_repo}/resolve/main/{_subfolder}/";
        if (path == treePrefix)
        {
            var secondPage = context.Request.QueryString["cursor"] == "2";
            var items = _files.Select(f => Entry(f.Key, f.Value)).Prepend(new JObject { ["type"] = "directory", ["path"] = $"{_subfolder}/nested" }).ToList();
            var half = items.Count / 2;
            var page = secondPage ? items.Skip(half) : items.Take(half);
            if (!secondPage)
            {
                response.AddHeader("Link", $"<{Endpoint}{treePrefix}?recursive=true&cursor=2>; rel=\"next\"");
            }

            Send(response, 200, Encoding.UTF8.GetBytes(new JArray(page).ToString()));
        }
        else if (path.StartsWith(resolvePrefix, StringComparison.Ordinal))
        {
            response.Redirect($"{Endpoint}/cdn/{path[resolvePrefix.Length..]}");
            response.Close();
        }
        else if (path.StartsWith("/cdn/", StringComparison.Ordinal) && _files.TryGetValue(path["/cdn/".Length..], out var bytes))
        {
            ServeFile(context, path["/cdn/".Length..], bytes);
        }
        else
        {
            Send(response, 404, []);
        }
    }

    private void ServeFile(HttpListenerContext context, string name, byte[] bytes)
    {
        var response = context.Response;
        var range = context.Request.Headers["Range"];
        if (range is not null && range.StartsWith("bytes=", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _rangeRequests);
            var start = int.Parse(range["bytes=".Length..].TrimEnd('-'), System.Globalization.CultureInfo.InvariantCulture);
            response.AddHeader("Content-Range", $"bytes {start}-{bytes.Length - 1}/{bytes.Length}");
            Send(response, 206, bytes[start..]);
        }
        else if (name == CutFirstDownloadOf && !_cut)
        {
            _cut = true;
            response.ContentLength64 = bytes.Length;
            response.OutputStream.Write(bytes, 0, 1000);
            response.OutputStream.Flush();
            response.Abort();
        }
        else
        {
            Send(response, 200, bytes);
        }
    }

    private JObject Entry(string name, byte[] bytes)
    {
        var entry = new JObject { ["type"] = "file", ["path"] = $"{_subfolder}/{name}", ["size"] = bytes.Length, ["oid"] = "0" };
        if (name.EndsWith(".data", StringComparison.Ordinal))
        {
            entry["lfs"] = new JObject { ["oid"] = Convert.ToHexStringLower(SHA256.HashData(bytes)), ["size"] = bytes.Length };
        }

        return entry;
    }

    private static void Send(HttpListenerResponse response, int status, byte[] body)
    {
        response.StatusCode = status;
        response.ContentLength64 = body.Length;
        response.OutputStream.Write(body);
        response.Close();
    }
}
