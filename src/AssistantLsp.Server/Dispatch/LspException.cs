using AssistantLsp.Protocol;
using StreamJsonRpc;

namespace AssistantLsp.Server.Dispatch;

/// <summary>Errors a handler answers with, as LSP error codes.</summary>
public static class LspException
{
    public static LocalRpcException InvalidParams(string message) => Create(LspErrorCodes.InvalidParams, message);

    public static LocalRpcException RequestFailed(string message) => Create(LspErrorCodes.RequestFailed, message);

    public static LocalRpcException NotInitialized(string method) =>
        Create(LspErrorCodes.ServerNotInitialized, $"The server is not initialized: send 'initialize' before '{method}'.");

    public static LocalRpcException AfterShutdown(string method) =>
        Create(LspErrorCodes.InvalidRequest, $"The server is shutting down: '{method}' is not accepted after 'shutdown'.");

    public static LocalRpcException Create(int code, string message) => new(message) { ErrorCode = code };
}
