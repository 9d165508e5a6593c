using System.Text.RegularExpressions;
using AssistantLsp.Server.Tests.TestSupport;

namespace AssistantLsp.Server.Tests.Contract;

/// <summary>
/// The layers of ARCHITECTURE.md, read from the sources: the server's handlers reach models only
/// through Features, and Features knows neither the server nor LSP/JSON.
/// </summary>
public partial class LayeringTests
{
    /// <summary>Server files that may name Inference: the composition root (and its options), model hosting, the CLI verbs.</summary>
    private static readonly string[] InferenceAllowedIn = ["Hosting/LanguageServerHost.cs", "Hosting/ServerOptions.cs", "Models/", "Cli/"];

    [Fact]
    public void Only_the_composition_root_model_hosting_and_the_cli_name_inference()
    {
        var sources = Sources("AssistantLsp.Server");
        Assert.True(sources.Count > 40, $"only {sources.Count} server sources found");
        Assert.Empty(ServerViolations(sources));
    }

    [Fact]
    public void Features_name_neither_the_server_nor_lsp()
    {
        var sources = Sources("AssistantLsp.Features");
        Assert.True(sources.Count > 40, $"only {sources.Count} feature sources found");
        Assert.Empty(FeatureViolations(sources));

        var project = File.ReadAllText(RepositoryFiles.PathOf("src", "AssistantLsp.Features", "AssistantLsp.Features.csproj"));
        var references = ProjectReference().Matches(project).Select(m => Path.GetFileName(m.Groups["path"].Value.Replace('\\', '/')));
        Assert.Equal(["AssistantLsp.Inference.csproj"], references);
    }

    [Theory]
    [InlineData("Handlers/Assistant/ExplainHandler.cs", "using AssistantLsp.Inference.Slots;", true)]
    [InlineData("Handlers/Assistant/ExplainHandler.cs", "using Hosting = AssistantLsp.Inference.Slots;", true)]
    [InlineData("Dispatch/LspDispatcher.cs", "catch (Inference.Remote.RemoteEngineException ex)", true)]
    [InlineData("Conversions/ProtocolConversions.cs", "var options = new global::AssistantLsp.Inference.Engine.GenerationOptions();", true)]
    [InlineData("Hosting/ServerLogging.cs", "using AssistantLsp.Inference.Slots;", true)]
    [InlineData("Program.cs", "using AssistantLsp.Inference;", true)]
    [InlineData("Hosting/LanguageServerHost.cs", "using AssistantLsp.Inference.Slots;", false)]
    [InlineData("Hosting/ServerOptions.cs", "public Inference.Remote.RemoteEngineOptions? Remote { get; init; }", false)]
    [InlineData("Models/AssistantModels.cs", "using AssistantLsp.Inference.Remote;", false)]
    [InlineData("Cli/Fuzzing/FuzzRun.cs", "using AssistantLsp.Inference.Engine;", false)]
    [InlineData("Handlers/Completion/CompletionHandler.cs", "private readonly IInferenceEngineLike _engine; // InferenceStats", false)]
    public void The_server_rule_catches_what_it_should(string path, string text, bool violates) =>
        Assert.Equal(violates, ServerViolations([(path, text)]).Count > 0);

    [Theory]
    [InlineData("Explain/ExplainFeature.cs", "using AssistantLsp.Server.Dispatch;", true)]
    [InlineData("Explain/ExplainFeature.cs", "using AssistantLsp.Protocol.Types;", true)]
    [InlineData("Completion/InlineCompletionFeature.cs", "throw Server.Dispatch.LspException.RequestFailed(message);", true)]
    [InlineData("Completion/InlineCompletionFeature.cs", "var range = new Protocol.Types.Range(start, end);", true)]
    [InlineData("Settings/FeatureSettings.cs", "using Newtonsoft.Json.Linq;", true)]
    [InlineData("Settings/FeatureSettings.cs", "using AssistantLsp.Inference.Reasoning;", false)]
    [InlineData("Requests/IAssistantModels.cs", "/// <summary>The server's model hosting implements it (see docs/protocol.md).</summary>", false)]
    public void The_features_rule_catches_what_it_should(string path, string text, bool violates) =>
        Assert.Equal(violates, FeatureViolations([(path, text)]).Count > 0);

    private static List<string> ServerViolations(IEnumerable<(string Path, string Text)> sources) =>
        [.. sources
            .Where(s => !InferenceAllowedIn.Any(allowed => allowed.EndsWith('/') ? s.Path.StartsWith(allowed, StringComparison.Ordinal) : s.Path == allowed))
            .SelectMany(s => NamesInference().Matches(s.Text).Select(m => $"{s.Path}: {m.Value}"))];

    private static List<string> FeatureViolations(IEnumerable<(string Path, string Text)> sources) =>
        [.. sources.SelectMany(s => NamesServerOrLsp().Matches(s.Text).Select(m => $"{s.Path}: {m.Value}"))];

    /// <summary>A project's C# sources as (path below the project folder, with '/', text); build output left out.</summary>
    private static List<(string Path, string Text)> Sources(string project)
    {
        var root = RepositoryFiles.PathOf("src", project);
        return [.. Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(root, file).Replace('\\', '/'))
            .Where(path => !path.StartsWith("bin/", StringComparison.Ordinal) && !path.StartsWith("obj/", StringComparison.Ordinal))
            .Select(path => (path, File.ReadAllText(Path.Combine(root, path))))];
    }

    // Fully qualified, or qualified from inside AssistantLsp.* where "Inference." resolves to AssistantLsp.Inference.
    [GeneratedRegex(@"\bAssistantLsp\.Inference\b|(?<![\w.])Inference\.\p{Lu}")]
    private static partial Regex NamesInference();

    [GeneratedRegex(@"\bAssistantLsp\.(Server|Protocol)\b|(?<![\w.])(Server|Protocol)\.\p{Lu}|\bNewtonsoft\b|\bStreamJsonRpc\b")]
    private static partial Regex NamesServerOrLsp();

    [GeneratedRegex(@"<ProjectReference\s+Include=""(?<path>[^""]+)""")]
    private static partial Regex ProjectReference();
}
