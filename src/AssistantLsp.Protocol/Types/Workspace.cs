using Newtonsoft.Json.Linq;

namespace AssistantLsp.Protocol.Types;

public sealed record DidChangeConfigurationParams(JToken? Settings);

public sealed record ConfigurationParams(IReadOnlyList<ConfigurationItem> Items);

public sealed record ConfigurationItem(string? ScopeUri, string? Section);

public sealed record ExecuteCommandParams(string Command, IReadOnlyList<JToken>? Arguments);

public sealed record ProgressParams(object Token, object Value);

public sealed record WorkDoneProgressCreateParams(object Token);

public sealed record WorkDoneProgressBegin(string Title, string? Message = null, int? Percentage = null, bool? Cancellable = null)
{
    public string Kind => "begin";
}

public sealed record WorkDoneProgressReport(string? Message = null, int? Percentage = null)
{
    public string Kind => "report";
}

public sealed record WorkDoneProgressEnd(string? Message = null)
{
    public string Kind => "end";
}
