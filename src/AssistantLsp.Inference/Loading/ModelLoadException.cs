namespace AssistantLsp.Inference.Loading;

/// <summary>
/// A model folder could not be loaded. The message names the file at fault and how to fix it,
/// in words a user can act on; <see cref="FilePath"/> is that file (or the folder).
/// </summary>
public sealed class ModelLoadException : Exception
{
    public ModelLoadException()
    {
        FilePath = string.Empty;
    }

    public ModelLoadException(string message)
        : base(message)
    {
        FilePath = string.Empty;
    }

    public ModelLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = string.Empty;
    }

    public ModelLoadException(string filePath, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
    }

    public string FilePath { get; }
}
