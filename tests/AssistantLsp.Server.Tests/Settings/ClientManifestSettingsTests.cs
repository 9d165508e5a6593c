using AssistantLsp.Server.Settings;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Tests.Settings;

/// <summary>
/// The VS Code extension declares the settings users edit (client-vscode/package.json,
/// contributes.configuration); the server's own settings table decides what it accepts. They are
/// checked against each other here so that the Settings UI never offers a value the server refuses.
/// </summary>
public class ClientManifestSettingsTests
{
    private static readonly JObject Declared = ReadDeclared();

    [Fact]
    public void Every_server_setting_is_declared_by_the_extension_and_nothing_else_but_client_settings()
    {
        var declared = Declared.Properties().Select(p => p.Name["assistantLsp.".Length..]).ToHashSet();
        var undeclared = SettingsReader.KnownKeys.Where(k => !declared.Contains(k)).ToList();
        var unknown = declared.Where(k => !SettingsReader.KnownKeys.Contains(k) && !k.StartsWith("server.", StringComparison.Ordinal) && !k.StartsWith("trace.", StringComparison.Ordinal)).ToList();
        Assert.True(undeclared.Count == 0, "not declared in package.json: " + string.Join(", ", undeclared));
        Assert.True(unknown.Count == 0, "declared but unknown to the server: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Declared_types_ranges_and_choices_are_the_servers()
    {
        foreach (var (key, shape) in SettingsReader.Shapes)
        {
            var declared = (JObject)Declared["assistantLsp." + key]!;
            Assert.True(shape.Type == (string?)declared["type"], $"{key}: type {declared["type"]} declared, {shape.Type} on the server");
            Assert.True(shape.Minimum == (double?)declared["minimum"], $"{key}: minimum {declared["minimum"]} declared, {shape.Minimum} on the server");
            Assert.True(shape.Maximum == (double?)declared["maximum"], $"{key}: maximum {declared["maximum"]} declared, {shape.Maximum} on the server");
            var choices = declared["enum"]?.Values<string>().ToArray();
            Assert.True(shape.Choices is null == choices is null, $"{key}: enum declared on one side only");
            if (choices is not null)
            {
                // The server may accept aliases (log level "verbose"); it must accept every declared one.
                Assert.All(choices, c => Assert.Contains(c, shape.Choices!, StringComparer.OrdinalIgnoreCase));
            }
        }
    }

    [Fact]
    public void Declared_defaults_read_as_the_servers_defaults()
    {
        var defaults = new JObject();
        foreach (var key in SettingsReader.KnownKeys)
        {
            defaults[key] = Declared["assistantLsp." + key]!["default"]!.DeepClone();
        }

        var (settings, warnings) = SettingsReader.Read(defaults);

        Assert.Empty(warnings);
        Assert.Equal(AssistantSettings.Default, settings);
    }

    [Fact]
    public void Settings_naming_files_on_the_servers_machine_apply_in_remote_windows()
    {
        // "application"/"window" scoped paths are greyed out in a remote window (code-server, SSH, WSL).
        foreach (var key in SettingsReader.Shapes.Keys.Where(k => k.EndsWith(".path", StringComparison.Ordinal)).Append("server.path"))
        {
            Assert.Equal("machine-overridable", (string?)Declared["assistantLsp." + key]!["scope"]);
        }
    }

    private static JObject ReadDeclared()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "client-vscode", "package.json")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        var manifest = JObject.Parse(File.ReadAllText(Path.Combine(dir.FullName, "client-vscode", "package.json")));
        return (JObject)manifest.SelectToken("contributes.configuration.properties")!;
    }
}
