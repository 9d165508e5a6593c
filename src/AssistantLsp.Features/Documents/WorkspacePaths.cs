using System.Collections.Immutable;

namespace AssistantLsp.Features.Documents;

/// <summary>
/// The workspace folders, to name documents the way a person would in a prompt
/// ("src/Calc.cs" rather than a full uri). Roots are set once the client says them.
/// </summary>
public sealed class WorkspacePaths
{
    private ImmutableArray<string> _roots = [];

    /// <summary>Workspace folder uris (file: uris; others are ignored).</summary>
    public void SetRoots(IEnumerable<string?> rootUris)
    {
        var roots = rootUris
            .Select(u => u is not null && Uri.TryCreate(u, UriKind.Absolute, out var parsed) && parsed.IsFile ? parsed.LocalPath : null)
            .OfType<string>()
            .Select(p => p.TrimEnd('/', '\\') + "/")
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(p => p.Length) // the innermost folder wins
            .ToImmutableArray();
        ImmutableInterlocked.InterlockedExchange(ref _roots, roots);
    }

    /// <summary>
    /// True when <paramref name="uri"/> is a file inside one of the workspace folders (false for
    /// any uri when the client named no folder): where the server may create files.
    /// </summary>
    public bool Contains(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !parsed.IsFile)
        {
            return false;
        }

        var local = parsed.LocalPath.Replace('\\', '/');
        return _roots.Any(root => local.StartsWith(root.Replace('\\', '/'), StringComparison.Ordinal));
    }

    /// <summary>
    /// The document's path relative to its workspace folder (with '/'), else its file name (also
    /// for non-file uris such as untitled:…), so prompts never carry the user's folder layout.
    /// </summary>
    public string RelativePath(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
        {
            return uri;
        }

        var local = parsed.IsFile ? parsed.LocalPath.Replace('\\', '/') : Uri.UnescapeDataString(parsed.AbsolutePath);
        foreach (var root in _roots)
        {
            var normalized = root.Replace('\\', '/');
            if (local.StartsWith(normalized, StringComparison.Ordinal))
            {
                return local[normalized.Length..];
            }
        }

        var name = local.TrimEnd('/');
        return name.Length == 0 ? uri : name[(name.LastIndexOf('/') + 1)..];
    }
}
