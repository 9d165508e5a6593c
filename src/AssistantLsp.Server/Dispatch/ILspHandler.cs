using StreamJsonRpc;

namespace AssistantLsp.Server.Dispatch;

/// <summary>
/// One class per LSP method (Roslyn's shape): convert params, call a feature, convert back.
/// Ordering (see <see cref="LspDispatcher"/>): notifications and state-mutating requests run in
/// arrival order, alone; any other request reads a snapshot taken when it arrived and runs
/// concurrently with others.
/// </summary>
public interface ILspHandler
{
    string Method { get; }

    /// <summary>Adds this handler's endpoint with its own parameter and result types (no reflection on generics).</summary>
    void RegisterWith(LspDispatcher dispatcher, JsonRpc rpc);
}
