using AssistantLsp.Inference.Loading;
using AssistantLsp.ModelWriting;

namespace AssistantLsp.Inference.Tests.Loading;

[Collection(TestModelsCollection.Name)]
public sealed class ModelCatalogTests
{
    private const string Catalog = """
        { "models": [
          { "name": "big-cuda", "role": "reasoning", "source": { "repo": "org/repo", "subfolder": "a/gpu" }, "size": "7B", "provider": "cuda" },
          { "name": "small-cpu", "role": "reasoning", "source": { "repo": "org/repo", "subfolder": "a/cpu" }, "size": "1.5B", "provider": "cpu" },
          { "name": "coder", "role": "completion", "source": { "repo": "org/coder" }, "size": "0.5B", "provider": "cpu" }
        ] }
        """;

    [Fact]
    public void Parses_entries_in_order()
    {
        var catalog = ModelCatalog.Parse(Catalog, "catalog.json");

        Assert.Equal(
            [
                new CatalogModel("big-cuda", ModelRole.Reasoning, "org/repo", "a/gpu", "7B", "cuda"),
                new CatalogModel("small-cpu", ModelRole.Reasoning, "org/repo", "a/cpu", "1.5B", "cpu"),
                new CatalogModel("coder", ModelRole.Completion, "org/coder", null, "0.5B", "cpu"),
            ],
            catalog.Models);
    }

    [Fact]
    public void Default_model_is_the_first_installed_one_of_the_role()
    {
        var catalog = ModelCatalog.Parse(Catalog, "catalog.json");
        var modelsDirectory = TestModels.NewFolder("models");
        Directory.CreateDirectory(Path.Combine(modelsDirectory, "big-cuda")); // a folder without genai_config.json is not installed

        Assert.Null(catalog.DefaultModelPath(modelsDirectory));

        TestModelWriter.Write(TestModelSpec.Random(), Path.Combine(modelsDirectory, "small-cpu"));
        Assert.Equal(Path.Combine(modelsDirectory, "small-cpu"), catalog.DefaultModelPath(modelsDirectory));

        TestModelWriter.Write(TestModelSpec.Random(), Path.Combine(modelsDirectory, "big-cuda"));
        Assert.Equal(Path.Combine(modelsDirectory, "big-cuda"), catalog.DefaultModelPath(modelsDirectory));
        Assert.Equal(Path.Combine(modelsDirectory, "small-cpu"), catalog.DefaultModelPath(modelsDirectory, ModelRole.Reasoning, "cpu"));
        Assert.Null(catalog.DefaultModelPath(modelsDirectory, ModelRole.Completion));
    }

    [Theory]
    [InlineData("{ \"models\": [ ", "not valid JSON")]
    [InlineData("{ \"entries\": [] }", "\"models\" array")]
    [InlineData("{ \"models\": [ { \"role\": \"reasoning\", \"source\": { \"repo\": \"r\" }, \"provider\": \"cpu\" } ] }", "lacks \"name\"")]
    [InlineData("{ \"models\": [ { \"name\": \"a\", \"role\": \"chat\", \"source\": { \"repo\": \"r\" }, \"provider\": \"cpu\" } ] }", "role 'chat'")]
    [InlineData("{ \"models\": [ { \"name\": \"a\", \"role\": \"reasoning\", \"source\": { \"repo\": \"r\" }, \"provider\": \"tpu\" } ] }", "provider 'tpu'")]
    [InlineData("{ \"models\": [ { \"name\": \"../a\", \"role\": \"reasoning\", \"source\": { \"repo\": \"r\" }, \"provider\": \"cpu\" } ] }", "plain folder name")]
    [InlineData("{ \"models\": [ { \"name\": \"a\", \"role\": \"reasoning\", \"provider\": \"cpu\" } ] }", "lacks \"repo\"")]
    public void Malformed_catalogs_name_the_problem(string json, string expected)
    {
        var error = Assert.Throws<ModelLoadException>(() => ModelCatalog.Parse(json, "models/catalog.json"));

        Assert.Equal("models/catalog.json", error.FilePath);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_repositorys_catalog_is_valid()
    {
        var path = FindRepositoryFile(Path.Combine("models", ModelCatalog.FileName));

        var catalog = ModelCatalog.Load(path);

        Assert.Contains(catalog.Models, m => m.Role == ModelRole.Reasoning && m.ExecutionProvider == "cpu");
        // Reasoning models are downloadable; folders are unique so the default pick is unambiguous.
        Assert.All(catalog.Models.Where(m => m.Role == ModelRole.Reasoning), m => Assert.False(string.IsNullOrEmpty(m.SourceRepository)));
        Assert.Equal(catalog.Models.Count, catalog.Models.Select(m => m.Folder).Distinct().Count());
    }

    [Fact]
    public void Folder_field_names_the_local_folder_and_export_entries_need_no_source()
    {
        var catalog = ModelCatalog.Parse("""
            { "models": [
              { "name": "r1", "role": "reasoning", "source": { "repo": "o/r", "subfolder": "s" }, "provider": "cpu", "folder": "r1-folder", "sizeMB": 1900 },
              { "name": "coder", "role": "completion", "export": { "hfModel": "Qwen/x" }, "provider": "cpu" } ] }
            """, "catalog.json");

        Assert.Equal(Path.Combine("m", "r1-folder"), ModelCatalog.LocalPath(catalog.Models[0], "m"));
        Assert.Equal("~1900 MB", catalog.Models[0].Size);
        Assert.Null(catalog.Models[1].SourceRepository);
        Assert.Equal("coder", catalog.Models[1].Folder);
    }

    [Fact]
    public void Missing_catalog_file_is_named()
    {
        var path = Path.Combine(TestTemp.Root, "nowhere", "catalog.json");

        Assert.Equal(path, Assert.Throws<ModelLoadException>(() => ModelCatalog.Load(path)).FilePath);
    }

    private static string FindRepositoryFile(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }
}
