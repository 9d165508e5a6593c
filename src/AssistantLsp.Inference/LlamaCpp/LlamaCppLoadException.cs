namespace AssistantLsp.Inference.LlamaCpp;

/// <summary>
/// A GGUF model could not be loaded. The message names the file and how to fix it, in words a
/// user can act on; <see cref="FilePath"/> is that file (or the folder searched).
/// </summary>
public sealed class LlamaCppLoadException : Exception
{
    public LlamaCppLoadException()
    {
        FilePath = string.Empty;
    }

    public LlamaCppLoadException(string message)
        : base(message)
    {
        FilePath = string.Empty;
    }

    public LlamaCppLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = string.Empty;
    }

    public LlamaCppLoadException(string filePath, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
    }

    public string FilePath { get; }
}
