using AssistantLsp.Protocol;
using StreamJsonRpc;

namespace AssistantLsp.Server.Dispatch;

/// <summary>Errors a handler answers with, as LSP error codes.</summary>
public static class LspException
{
    public static LocalRpcException InvalidParams(string message) => Create(LspErrorCodes.InvalidParams, message);

    public static LocalRpcException RequestFailed(string message) => Create(LspErrorCodes.RequestFailed, message);

    public static LocalRpcException NotInitialized(string method) =>
        Create(LspErrorCodes.ServerNotInitialized, $"The server is not initialized: send 'initialize' before '{Protocol.LogText.Shorten(method, 200)}'.");

    public static LocalRpcException AfterShutdown(string method) =>
        Create(LspErrorCodes.InvalidRequest, $"The server is shutting down: '{Protocol.LogText.Shorten(method, 200)}' is not accepted after 'shutdown'.");

    /// <summary>-32601, naming the method shortened: a hostile name of megabytes is never echoed back whole.</summary>
    public static LocalRpcException MethodNotFound(string method) =>
        Create(Protocol.LspErrorCodes.MethodNotFound, $"Unknown method '{Protocol.LogText.Shorten(method, 200)}'.");

    public static LocalRpcException Create(int code, string message) => new(message) { ErrorCode = code };
}
