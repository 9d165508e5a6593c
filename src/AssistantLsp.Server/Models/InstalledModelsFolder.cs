using AssistantLsp.Inference.Loading;

namespace AssistantLsp.Server.Models;

/// <summary>
/// The folder where installed (downloaded) models live, with the catalog that lists them:
/// $ASSISTANT_LSP_MODELS, else a `models/` folder holding catalog.json next to the server or above
/// it (a repository checkout). One model's own folder is read by the engine that loads it.
/// </summary>
public static class InstalledModelsFolder
{
    public const string EnvironmentVariable = "ASSISTANT_LSP_MODELS";

    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models");
            if (File.Exists(Path.Combine(candidate, ModelCatalog.FileName)))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The first catalog model installed under the models folder, or null.</summary>
    public static string? DefaultReasoningModel(string? modelsFolder, string executionProvider)
    {
        if ((modelsFolder ?? Find()) is not { } folder || !File.Exists(Path.Combine(folder, ModelCatalog.FileName)))
        {
            return null;
        }

        try
        {
            return ModelCatalog.Load(Path.Combine(folder, ModelCatalog.FileName)).DefaultModelPath(folder, ModelRole.Reasoning, executionProvider);
        }
        catch (ModelLoadException)
        {
            return null; // a broken catalog must not stop the server; an explicit path still works
        }
    }
}
