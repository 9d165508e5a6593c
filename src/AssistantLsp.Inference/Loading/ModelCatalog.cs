using System.Text.Json;

namespace AssistantLsp.Inference.Loading;

public enum ModelRole
{
    /// <summary>Chain-of-thought model for explanations and code actions.</summary>
    Reasoning,

    /// <summary>Fast fill-in-the-middle model for inline completion.</summary>
    Completion,
}

/// <summary>
/// One known model: where to get it (a Hugging Face repository folder, or null for models the
/// user exports) and where it lives once downloaded (models/&lt;Folder&gt;/).
/// </summary>
public sealed record CatalogModel(
    string Name,
    ModelRole Role,
    string? SourceRepository,
    string? SourceSubfolder,
    string Size,
    string ExecutionProvider)
{
    /// <summary>Folder name under models/; the name when the entry gives none.</summary>
    public string Folder { get; init; } = Name;
}

/// <summary>
/// The models the project knows (models/catalog.json) and which of them are installed under a
/// models folder. The default model of a role is the first catalog entry of that role whose
/// folder holds a genai_config.json.
/// </summary>
public sealed class ModelCatalog
{
    public const string FileName = "catalog.json";

    private ModelCatalog(IReadOnlyList<CatalogModel> models) => Models = models;

    public IReadOnlyList<CatalogModel> Models { get; }

    /// <summary>Reads a catalog file; a missing or malformed file is a <see cref="ModelLoadException"/> naming it.</summary>
    public static ModelCatalog Load(string catalogPath)
    {
        if (!File.Exists(catalogPath))
        {
            throw new ModelLoadException(catalogPath, $"Model catalog '{catalogPath}' is missing. Restore models/{FileName} from the repository.");
        }

        return Parse(File.ReadAllText(catalogPath), catalogPath);
    }

    public static ModelCatalog Parse(string json, string sourcePath)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("models", out var entries) || entries.ValueKind != JsonValueKind.Array)
            {
                throw Invalid(sourcePath, "it needs a \"models\" array");
            }

            var models = new List<CatalogModel>();
            foreach (var entry in entries.EnumerateArray())
            {
                models.Add(ReadEntry(entry, models.Count, sourcePath));
            }

            var duplicate = models.GroupBy(m => m.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw Invalid(sourcePath, $"the name '{duplicate.Key}' is used twice");
            }

            return new ModelCatalog(models);
        }
        catch (JsonException e)
        {
            throw new ModelLoadException(sourcePath, $"Model catalog '{sourcePath}' is not valid JSON ({e.Message}).", e);
        }
    }

    /// <summary>Where <paramref name="model"/> lives under <paramref name="modelsDirectory"/>.</summary>
    public static string LocalPath(CatalogModel model, string modelsDirectory)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Path.Combine(modelsDirectory, model.Folder);
    }

    /// <summary>Catalog models of <paramref name="role"/> (and provider, when given) that are installed, in catalog order.</summary>
    public IEnumerable<CatalogModel> Installed(string modelsDirectory, ModelRole role, string? executionProvider = null) =>
        Models.Where(m => m.Role == role
            && (executionProvider is null || string.Equals(m.ExecutionProvider, executionProvider, StringComparison.OrdinalIgnoreCase))
            && File.Exists(Path.Combine(LocalPath(m, modelsDirectory), GenAiModelFolderReader.GenAiConfigFile)));

    /// <summary>Folder of the first installed model of <paramref name="role"/>, or null when none is installed.</summary>
    public string? DefaultModelPath(string modelsDirectory, ModelRole role = ModelRole.Reasoning, string? executionProvider = null) =>
        Installed(modelsDirectory, role, executionProvider).Select(m => Path.GetFullPath(LocalPath(m, modelsDirectory))).FirstOrDefault();

    private static CatalogModel ReadEntry(JsonElement entry, int index, string sourcePath)
    {
        string Text(JsonElement parent, string name, bool required = true)
        {
            if (parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(value.GetString()))
            {
                return value.GetString()!;
            }

            return required ? throw Invalid(sourcePath, $"entry {index} lacks \"{name}\"") : string.Empty;
        }

        var name = Text(entry, "name");
        if (name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name is "." or "..")
        {
            throw Invalid(sourcePath, $"entry {index}: name '{name}' must be a plain folder name");
        }

        var role = Text(entry, "role") switch
        {
            "reasoning" => ModelRole.Reasoning,
            "completion" => ModelRole.Completion,
            var other => throw Invalid(sourcePath, $"entry {index}: role '{other}' must be \"reasoning\" or \"completion\""),
        };
        var provider = Text(entry, "provider");
        if (provider is not ("cpu" or "cuda"))
        {
            throw Invalid(sourcePath, $"entry {index}: provider '{provider}' must be \"cpu\" or \"cuda\"");
        }

        var folder = Text(entry, "folder", required: false);
        if (folder.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || folder is "." or "..")
        {
            throw Invalid(sourcePath, $"entry {index}: folder '{folder}' must be a plain folder name");
        }

        // Models the user exports have "export" instead of a download "source".
        var exportOnly = !entry.TryGetProperty("source", out var source) && entry.TryGetProperty("export", out _);
        var subfolder = exportOnly ? string.Empty : Text(source, "subfolder", required: false);
        var size = entry.TryGetProperty("sizeMB", out var mb) && mb.ValueKind == JsonValueKind.Number
            ? $"~{mb.GetInt32()} MB"
            : Text(entry, "size", required: false);
        return new CatalogModel(name, role, exportOnly ? null : Text(source, "repo"), subfolder.Length == 0 ? null : subfolder, size, provider)
        {
            Folder = folder.Length == 0 ? name : folder,
        };
    }

    private static ModelLoadException Invalid(string sourcePath, string problem) =>
        new(sourcePath, $"Model catalog '{sourcePath}' is invalid: {problem}.");
}
