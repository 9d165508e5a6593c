using AssistantLsp.Inference.LlamaCpp;
using AssistantLsp.ModelWriting.Gguf;

namespace AssistantLsp.TestSupport;

/// <summary>A temporary folder for generated GGUF test models, deleted afterwards; loads them into real llama.cpp engines.</summary>
public sealed class GgufModelFolder : IDisposable
{
    /// <summary>Tests run in parallel: a couple of threads per engine is plenty for a tiny model.</summary>
    public static readonly LlamaCppEngineOptions TestOptions = new() { Threads = 2 };

    public GgufModelFolder()
    {
        Path = System.IO.Path.Combine(TestTemp.Root, "gguf-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Writes <paramref name="spec"/> into a new subfolder and returns the file path.</summary>
    public string Write(GgufTestModelSpec spec) =>
        GgufTestModelWriter.Write(spec, System.IO.Path.Combine(Path, Guid.NewGuid().ToString("N")));

    public LlamaCppEngine Load(GgufTestModelSpec spec, LlamaCppEngineOptions? options = null) =>
        LlamaCppEngine.Load(Write(spec), options ?? TestOptions);

    public string WriteBytes(string name, byte[] bytes)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(file, bytes);
        return file;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still mapped by a native library on some systems: the temp folder is cleaned later.
        }
    }
}
