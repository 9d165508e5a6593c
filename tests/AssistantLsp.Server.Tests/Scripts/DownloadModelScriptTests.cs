using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using AssistantLsp.Server.Tests.TestSupport;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Tests.Scripts;

/// <summary>
/// scripts/download-model.py and models/catalog.json. The script runs as users run it (python3 from
/// the repository root); nothing leaves the machine: downloads go to a stand-in for the Hugging Face
/// API on 127.0.0.1, and the other commands must not touch even that.
/// </summary>
public class DownloadModelScriptTests
{
    private static readonly string Root = RepositoryFiles.Root;
    private static readonly string CatalogPath = Path.Combine(Root, "models", "catalog.json");
    private static readonly JArray Models = (JArray)JObject.Parse(File.ReadAllText(CatalogPath))["models"]!;
    private static readonly Lazy<string> Python = new(FindPython);

    [Fact]
    public void Catalog_entries_have_the_required_fields_and_unique_names_and_folders()
    {
        Assert.NotEmpty(Models);
        foreach (var entry in Models.Cast<JObject>())
        {
            var name = (string?)entry["name"];
            Assert.False(string.IsNullOrWhiteSpace(name), entry.ToString());
            Assert.Contains((string?)entry["role"], new[] { "reasoning", "completion" });
            Assert.Contains((string?)entry["provider"], new[] { "cpu", "cuda" });
            Assert.True(entry["sizeMB"]?.Type is JTokenType.Integer or JTokenType.Float && (double)entry["sizeMB"]! > 0, name);
            var folder = (string?)entry["folder"];
            Assert.False(string.IsNullOrWhiteSpace(folder), name);
            Assert.True(folder!.IndexOfAny(['/', '\\']) < 0, $"{name}: folder must be a plain name");
            var source = entry["source"] as JObject;
            var export = entry["export"] as JObject;
            Assert.True(source is null != export is null, $"{name}: exactly one of source or export");
            if (source is not null)
            {
                Assert.False(string.IsNullOrEmpty((string?)source["repo"]), name);
                Assert.False(string.IsNullOrEmpty((string?)source["subfolder"]), name);
            }
            else
            {
                Assert.False(string.IsNullOrEmpty((string?)export!["hfModel"]), name);
                Assert.False(string.IsNullOrEmpty((string?)export["precision"]), name);
            }
        }

        Assert.Equal(Models.Count, Models.Select(m => ((string)m["name"]!).ToUpperInvariant()).Distinct().Count());
        Assert.Equal(Models.Count, Models.Select(m => ((string)m["folder"]!).ToUpperInvariant()).Distinct().Count());
        Assert.Equal("reasoning", (string?)Models[0]["role"]);
    }

    [Fact]
    public void Catalog_holds_the_published_R1_distill_folders_for_cpu_and_gpu()
    {
        var subfolders = Models.Select(m => (string?)m.SelectToken("source.subfolder")).ToHashSet();
        foreach (var size in new[] { "1.5B", "7B" })
        {
            Assert.Contains($"deepseek-r1-distill-qwen-{size}/cpu_and_mobile/cpu-int4-rtn-block-32-acc-level-4", subfolders);
            Assert.Contains($"deepseek-r1-distill-qwen-{size}/gpu/gpu-int4-rtn-block-32", subfolders);
        }

        Assert.Contains(Models, m => (string?)m["role"] == "completion" && m["export"] is JObject);
    }

    [Fact]
    public void List_prints_every_catalog_name()
    {
        var run = RunScript("--list");

        Assert.Equal(0, run.Code);
        foreach (var model in Models)
        {
            Assert.Contains((string)model["name"]!, run.Stdout, StringComparison.Ordinal);
            Assert.Contains((string)model["folder"]!, run.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Help_prints_usage_and_exits_zero()
    {
        var run = RunScript("--help");

        Assert.Equal(0, run.Code);
        Assert.Contains("--dry-run", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--catalog", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Dry_run_prints_the_plan_and_makes_no_request()
    {
        var entry = Models.First(m => (string?)m["provider"] == "cpu" && m["source"] is JObject);
        using var hub = new LocalHubStandIn("none/none", "none", new Dictionary<string, byte[]>());
        var dest = Path.Combine(TestTemp.Root, $"assistant-dl-{Guid.NewGuid():N}");

        var run = RunScriptAt(hub.Endpoint, (string)entry["name"]!, "--dry-run", "--dest", dest);
        var byDefault = RunScriptAt(hub.Endpoint, (string)entry["name"]!, "--dry-run");

        Assert.Equal(0, run.Code);
        var repo = (string)entry.SelectToken("source.repo")!;
        var subfolder = (string)entry.SelectToken("source.subfolder")!;
        Assert.Contains(repo, run.Stdout, StringComparison.Ordinal);
        Assert.Contains(subfolder, run.Stdout, StringComparison.Ordinal);
        Assert.Contains(dest, run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{hub.Endpoint}/api/models/{repo}/tree/main/{subfolder}", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, byDefault.Code);
        Assert.Contains(Path.Combine(Root, "models", (string)entry["folder"]!), byDefault.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, hub.RequestCount);
        Assert.False(Directory.Exists(dest), "a dry run must not create the destination");
    }

    [Fact]
    public void Unknown_name_exits_2_and_lists_the_valid_names()
    {
        var run = RunScript("no-such-model", "--dry-run");

        Assert.Equal(2, run.Code);
        Assert.Contains("no-such-model", run.Stderr, StringComparison.Ordinal);
        foreach (var model in Models)
        {
            Assert.Contains((string)model["name"]!, run.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Export_only_entry_exits_2_with_the_model_builder_command()
    {
        var entry = Models.First(m => m["export"] is JObject);

        var run = RunScript((string)entry["name"]!);

        Assert.Equal(2, run.Code);
        Assert.Contains("python -m onnxruntime_genai.models.builder", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"-m {(string)entry.SelectToken("export.hfModel")!}", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"-p {(string)entry.SelectToken("export.precision")!}", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"-e {(string)entry["provider"]!}", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("--dry-run")]
    [InlineData("r1-1.5b-cpu", "--no-such-option")]
    public void Bad_usage_exits_2(params string[] args)
    {
        var run = RunScript(args);

        Assert.Equal(2, run.Code);
        Assert.Contains("usage:", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "models": [ """, "not valid JSON")]
    [InlineData("""{ "entries": [] }""", "\"models\" array")]
    [InlineData("""{ "models": [ { "name": "a", "role": "reasoning", "provider": "cpu", "sizeMB": 1, "source": { "repo": "o/r", "subfolder": "s" } } ] }""", "\"folder\"")]
    [InlineData("""{ "models": [ { "name": "a", "role": "chat", "provider": "cpu", "folder": "a", "sizeMB": 1, "source": { "repo": "o/r", "subfolder": "s" } } ] }""", "\"role\"")]
    [InlineData("""{ "models": [ { "name": "a", "role": "reasoning", "provider": "cpu", "folder": "a", "sizeMB": 1 } ] }""", "\"source\" or \"export\"")]
    [InlineData("""{ "models": [ { "name": "a", "role": "reasoning", "provider": "cpu", "folder": "x", "sizeMB": 1, "source": { "repo": "o/r", "subfolder": "s" } }, { "name": "b", "role": "reasoning", "provider": "cpu", "folder": "x", "sizeMB": 1, "source": { "repo": "o/r", "subfolder": "t" } } ] }""", "duplicate folder")]
    public void Broken_catalog_gives_a_clear_error_and_a_nonzero_exit(string catalog, string expected)
    {
        var path = Path.Combine(TestTemp.Root, $"assistant-catalog-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, catalog);
        try
        {
            foreach (var args in new[] { new[] { "--list" }, new[] { "a", "--dry-run" } })
            {
                var run = RunScript([.. args, "--catalog", path]);

                Assert.NotEqual(0, run.Code);
                Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
                Assert.Contains(path, run.Stderr, StringComparison.Ordinal);
                Assert.DoesNotContain("Traceback", run.Stderr, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Download_fetches_every_page_of_the_listing_resumes_a_cut_connection_and_passes_the_final_check()
    {
        var files = ModelFiles();
        files["nested/extra.txt"] = "x"u8.ToArray();
        using var hub = new LocalHubStandIn("org/repo", "m/cpu-int4", files) { CutFirstDownloadOf = "model.onnx.data" };
        var dir = Path.Combine(TestTemp.Root, $"assistant-dl-{Guid.NewGuid():N}");
        try
        {
            var run = RunScriptAt(hub.Endpoint, "t", "--catalog", WriteCatalog(dir, "org/repo", "m/cpu-int4"), "--dest", Path.Combine(dir, "out"));

            Assert.True(run.Code == 0, run.Stdout + run.Stderr);
            foreach (var (name, bytes) in files)
            {
                Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(dir, "out", name)));
            }

            Assert.Equal(1, hub.RangeRequestCount);
            Assert.Empty(Directory.GetFiles(Path.Combine(dir, "out"), "*.part", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Download_of_an_incomplete_model_folder_fails_the_final_check()
    {
        var files = ModelFiles();
        files.Remove("tokenizer_config.json");
        using var hub = new LocalHubStandIn("org/repo", "m/cpu-int4", files);
        var dir = Path.Combine(TestTemp.Root, $"assistant-dl-{Guid.NewGuid():N}");
        try
        {
            var run = RunScriptAt(hub.Endpoint, "t", "--catalog", WriteCatalog(dir, "org/repo", "m/cpu-int4"), "--dest", Path.Combine(dir, "out"));

            Assert.Equal(1, run.Code);
            Assert.Contains("missing: tokenizer_config.json", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Dictionary<string, byte[]> ModelFiles()
    {
        var weights = new byte[300_000];
        new Random(7).NextBytes(weights);
        return new Dictionary<string, byte[]>
        {
            ["genai_config.json"] = """{"model":{"context_length":64}}"""u8.ToArray(),
            ["tokenizer.json"] = "{}"u8.ToArray(),
            ["tokenizer_config.json"] = "{}"u8.ToArray(),
            ["model.onnx"] = "onnx graph"u8.ToArray(),
            ["model.onnx.data"] = weights,
        };
    }

    private static string WriteCatalog(string dir, string repo, string subfolder)
    {
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "catalog.json");
        var catalog = new JObject
        {
            ["models"] = new JArray(new JObject
            {
                ["name"] = "t",
                ["role"] = "reasoning",
                ["provider"] = "cpu",
                ["folder"] = "t",
                ["sizeMB"] = 1,
                ["source"] = new JObject { ["repo"] = repo, ["subfolder"] = subfolder },
            }),
        };
        File.WriteAllText(path, catalog.ToString());
        return path;
    }

    private static (int Code, string Stdout, string Stderr) RunScript(params string[] args) => RunScriptAt(endpoint: null, args);

    private static (int Code, string Stdout, string Stderr) RunScriptAt(string? endpoint, params string[] args)
    {
        var info = new ProcessStartInfo(Python.Value)
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(Root, "scripts", "download-model.py"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Never the real hub, never the user's token: an endpoint that nothing listens on unless a test serves it.
        info.Environment["HF_ENDPOINT"] = endpoint ?? "http://127.0.0.1:9";
        info.Environment.Remove("HF_TOKEN");
        info.Environment["PYTHONIOENCODING"] = "utf-8";

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start python");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("download-model.py did not exit");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The interpreter itself: version-manager shims (pyenv) cost a shell start on every run.</summary>
    private static string FindPython()
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var launcher = new[] { "python3", "python3.exe", "python", "python.exe" }
            .SelectMany(name => dirs.Select(d => Path.Combine(d, name)))
            .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("These tests run scripts/download-model.py and need Python 3 (python3) on PATH.");
        var info = new ProcessStartInfo(launcher) { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("import sys; assert sys.version_info >= (3, 8), 'Python 3.8+ needed'; print(sys.executable)");
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {launcher}");
        var executable = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return process.ExitCode == 0 && File.Exists(executable)
            ? executable
            : throw new InvalidOperationException($"{launcher} is not a usable Python 3.8+ (exit {process.ExitCode}).");
    }
}
