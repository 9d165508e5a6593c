using AssistantLsp.Features.Requests;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Serilog;
using StreamJsonRpc;

namespace AssistantLsp.Server.Dispatch;

/// <summary>
/// The thin loop between JSON-RPC and the handlers (Roslyn's model). StreamJsonRpc invokes an
/// endpoint per message in arrival order and reads the next message once it yields. Up to that
/// yield this class works synchronously: lifecycle gate, params, snapshot (documents + settings).
/// Then a notification is applied, and a request that mutates state (initialize, shutdown) runs its
/// synchronous part, before the next message is read: they run in order, alone. A reader yields
/// right after taking its snapshot, so its work runs concurrently and never holds up the loop.
/// Held by <c>TextSyncTests.Every_change_is_applied_before_a_later_request_reads</c> and
/// <c>DispatchOrderTests</c>. For methods no handler serves, the framing asks the lifecycle gate.
/// </summary>
public sealed class LspDispatcher
{
    private readonly ServerLifecycle _lifecycle;
    private readonly Func<RequestContext> _captureContext;
    private readonly ILogger _log;

    public LspDispatcher(ServerLifecycle lifecycle, Func<RequestContext> captureContext, ILogger log)
    {
        _lifecycle = lifecycle;
        _captureContext = captureContext;
        _log = log;
    }

    public void Register(JsonRpc rpc, IEnumerable<ILspHandler> handlers)
    {
        foreach (var handler in handlers)
        {
            handler.RegisterWith(this, rpc);
        }
    }

    internal void Add<TParams, TResult>(JsonRpc rpc, LspRequestHandler<TParams, TResult> handler)
    {
        Func<JToken?, CancellationToken, Task<TResult?>> invoke = new RequestEndpoint<TParams, TResult>(this, handler).InvokeAsync;
        AddEndpoint(rpc, handler.Method, invoke);
    }

    internal void Add<TParams>(JsonRpc rpc, LspNotificationHandler<TParams> handler)
    {
        Func<JToken?, Task> invoke = new NotificationEndpoint<TParams>(this, handler).InvokeAsync;
        AddEndpoint(rpc, handler.Method, invoke);
    }

    /// <summary>The endpoint's own method (not a lambda) so that its optional params keep their defaults.</summary>
    private static void AddEndpoint(JsonRpc rpc, string method, Delegate invoke) =>
        rpc.AddLocalRpcMethod(invoke.Method, invoke.Target, new JsonRpcMethodAttribute(method) { UseSingleObjectParameterDeserialization = true });

    private static TParams ReadParams<TParams>(string method, JToken? raw)
    {
        if (raw is null || raw.Type == JTokenType.Null)
        {
            if (typeof(TParams) == typeof(JToken) || Nullable.GetUnderlyingType(typeof(TParams)) is not null)
            {
                return default!;
            }

            throw LspException.InvalidParams($"'{method}' needs params.");
        }

        if (typeof(TParams) == typeof(JToken))
        {
            return (TParams)(object)raw;
        }

        if (raw.Type != JTokenType.Object)
        {
            throw LspException.InvalidParams($"'{method}' takes an object as params, not {raw.Type}.");
        }

        TParams? value;
        try
        {
            value = raw.ToObject<TParams>(Protocol.LspJson.Serializer);
        }
        catch (JsonException ex)
        {
            throw LspException.InvalidParams($"Invalid params for '{method}': {Protocol.LogText.Shorten(ex.Message, 500)}");
        }
        catch (ArgumentException ex)
        {
            throw LspException.InvalidParams($"Invalid params for '{method}': {Protocol.LogText.Shorten(ex.Message, 500)}");
        }

        if (value is null)
        {
            throw LspException.InvalidParams($"'{method}' needs params.");
        }

        if (ParamsValidator.FindMissing(value) is { } missing)
        {
            throw LspException.InvalidParams($"Invalid params for '{method}': '{missing}' is required.");
        }

        return value;
    }

    /// <summary>One per request handler; public for StreamJsonRpc.</summary>
    public sealed class RequestEndpoint<TParams, TResult>(LspDispatcher dispatcher, LspRequestHandler<TParams, TResult> handler)
    {
        public async Task<TResult?> InvokeAsync(JToken? @params = null, CancellationToken cancellationToken = default)
        {
            var method = handler.Method;
            if (dispatcher._lifecycle.RejectRequest(method) is { } rejection)
            {
                throw rejection;
            }

            var request = ReadParams<TParams>(method, @params);
            var context = dispatcher._captureContext();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, dispatcher._lifecycle.Stopping);
            try
            {
                if (!handler.MutatesState)
                {
                    // A reader has its snapshot: let the message loop go on at once, even if the
                    // handler's first part is long synchronous work (a prompt over a huge line).
                    await Task.Yield();
                }

                return await handler.HandleAsync(request, context, linked.Token);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw; // StreamJsonRpc answers RequestCancelled (-32800).
            }
            catch (OperationCanceledException)
            {
                // The server cancelled it itself (shutdown, a newer request, an edit): -32802, not -32800.
                throw LspException.Create(
                    Protocol.LspErrorCodes.ServerCancelled,
                    dispatcher._lifecycle.Stopping.IsCancellationRequested ? "The server is shutting down." : "The server cancelled this request: its document changed or a newer request replaced it.");
            }
            catch (LocalRpcException)
            {
                throw;
            }
            catch (AssistantRequestFailedException ex)
            {
                // The one place a feature's failure becomes an LSP error: the message is the user's to act on (or wait out).
                if (ex.RemoteServerFailed)
                {
                    dispatcher._log.Warning("{Method}: {Problem}", method, ex.Message);
                }

                throw LspException.RequestFailed(ex.Message);
            }
            catch (Exception ex)
            {
                dispatcher._log.Error(ex, "Handler for {Method} failed", method);
                throw LspException.Create(Protocol.LspErrorCodes.InternalError, $"'{method}' failed: {ex.Message}");
            }
        }
    }

    /// <summary>One per notification handler; public for StreamJsonRpc.</summary>
    public sealed class NotificationEndpoint<TParams>(LspDispatcher dispatcher, LspNotificationHandler<TParams> handler)
    {
        public Task InvokeAsync(JToken? @params = null)
        {
            var method = handler.Method;
            if (!dispatcher._lifecycle.AcceptsNotification(method))
            {
                dispatcher._log.Debug("Dropped {Method}: not accepted in state {State}", method, dispatcher._lifecycle.State);
                return Task.CompletedTask;
            }

            try
            {
                handler.Handle(ReadParams<TParams>(method, @params), dispatcher._captureContext());
            }
            catch (LocalRpcException ex)
            {
                // A notification has no reply: log what was wrong and carry on.
                dispatcher._log.Warning("Ignored {Method}: {Problem}", method, ex.Message);
            }
            catch (Exception ex)
            {
                dispatcher._log.Error(ex, "Notification {Method} failed", method);
            }

            return Task.CompletedTask;
        }
    }
}
