using AssistantLsp.Features.Documents;

namespace AssistantLsp.Features.Settings;

/// <summary>Decides whether a document is small enough for AI features (text sync has no limit).</summary>
public static class DocumentSizeLimit
{
    /// <summary>Null when allowed; else a message for the user that names the setting to change.</summary>
    public static string? Check(TextDocument document, FeatureSettings settings)
    {
        // UTF-8 bytes, as the file is on disk; a UTF-16 length would double an ASCII file.
        var kilobytes = document.Utf8ByteCount / 1024;
        return kilobytes <= settings.MaxDocumentKilobytes
            ? null
            : $"This document is about {kilobytes} KB, above the AI features' limit of {settings.MaxDocumentKilobytes} KB " +
              "(setting assistantLsp.document.maxKilobytes). Editing still works; AI features are off for this file.";
    }
}
