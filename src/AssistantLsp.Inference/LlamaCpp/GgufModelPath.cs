using AssistantLsp.Inference.Loading;
using System.Buffers.Binary;

namespace AssistantLsp.Inference.LlamaCpp;

/// <summary>
/// Resolves what a user gave as the model path to one <c>.gguf</c> file and checks its header
/// before llama.cpp sees it, so the common mistakes get a message that says what to do.
/// </summary>
internal static class GgufModelPath
{
    public const string Extension = ".gguf";

    /// <summary>"GGUF" as the first four bytes.</summary>
    private static ReadOnlySpan<byte> Magic => "GGUF"u8;

    /// <summary>A <c>.gguf</c> file, or a folder holding exactly one (no other check).</summary>
    public static bool IsCandidate(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return false;
        }

        if (File.Exists(path))
        {
            return HasExtension(path);
        }

        return Directory.Exists(path) && GgufFilesIn(path).Length == 1;
    }

    /// <summary>The file to load; throws <see cref="ModelLoadException"/> naming the path and the fix.</summary>
    public static string Resolve(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ModelLoadException(path ?? string.Empty, "No model path was given; set it to a .gguf file or a folder holding one.");
        }

        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            var files = GgufFilesIn(full);
            return files.Length switch
            {
                1 => CheckHeader(files[0]),
                0 => throw new ModelLoadException(full, $"The folder '{full}' holds no .gguf file; put the model's .gguf file there or point the model path at the file."),
                _ => throw new ModelLoadException(
                    full,
                    $"The folder '{full}' holds {files.Length} .gguf files ({string.Join(", ", files.Select(Path.GetFileName))}); point the model path at the one to load."),
            };
        }

        if (!File.Exists(full))
        {
            throw new ModelLoadException(full, $"The model file '{full}' does not exist; check the model path.");
        }

        return CheckHeader(full);
    }

    private static string CheckHeader(string file)
    {
        Span<byte> header = stackalloc byte[8];
        int read;
        try
        {
            using var stream = File.OpenRead(file);
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException(file, $"The model file '{file}' cannot be read ({e.Message}); check its permissions.", e);
        }

        if (read < header.Length || !header[..4].SequenceEqual(Magic))
        {
            throw new ModelLoadException(
                file,
                $"'{file}' is not a GGUF file (it does not start with 'GGUF'); download the model again as .gguf, or point the model path at an ONNX model folder.");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        if (version is < 2 or > 3)
        {
            throw new ModelLoadException(
                file,
                $"'{file}' is GGUF version {version}, which this llama.cpp build does not read (versions 2 and 3 are supported); convert or download the model again.");
        }

        return file;
    }

    private static bool HasExtension(string path) => path.EndsWith(Extension, StringComparison.OrdinalIgnoreCase);

    private static string[] GgufFilesIn(string folder) =>
        Directory.EnumerateFiles(folder).Where(HasExtension).Order(StringComparer.Ordinal).ToArray();
}
