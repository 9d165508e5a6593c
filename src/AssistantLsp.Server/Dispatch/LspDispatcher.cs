using System.Reflection;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Serilog;
using StreamJsonRpc;

namespace AssistantLsp.Server.Dispatch;

/// <summary>
/// The thin loop between JSON-RPC and the handlers. StreamJsonRpc calls an endpoint in arrival
/// order and reads the next message only once the previous endpoint yields, so: the lifecycle
/// gate, parameter checks, notifications and the capture of a request's snapshot all happen
/// synchronously, in order. A didChange is therefore always applied before any later request
/// reads the documents, while the request's own work runs concurrently afterwards.
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
            var endpoint = CreateEndpoint(handler);
            var invoke = endpoint.GetType().GetMethod(nameof(RequestEndpoint<object, object>.InvokeAsync))!;
            rpc.AddLocalRpcMethod(invoke, endpoint, new JsonRpcMethodAttribute(handler.Method) { UseSingleObjectParameterDeserialization = true });
        }
    }

    private object CreateEndpoint(ILspHandler handler)
    {
        for (var type = handler.GetType(); type is not null; type = type.BaseType)
        {
            if (!type.IsGenericType)
            {
                continue;
            }

            var definition = type.GetGenericTypeDefinition();
            var arguments = type.GetGenericArguments();
            if (definition == typeof(LspRequestHandler<,>))
            {
                return Activator.CreateInstance(typeof(RequestEndpoint<,>).MakeGenericType(arguments), this, handler)!;
            }

            if (definition == typeof(LspNotificationHandler<>))
            {
                return Activator.CreateInstance(typeof(NotificationEndpoint<>).MakeGenericType(arguments), this, handler)!;
            }
        }

        throw new ArgumentException($"{handler.GetType().Name} is neither a request nor a notification handler.", nameof(handler));
    }

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
            throw LspException.InvalidParams($"Invalid params for '{method}': {ex.Message}");
        }
        catch (ArgumentException ex)
        {
            throw LspException.InvalidParams($"Invalid params for '{method}': {ex.Message}");
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

    /// <summary>Bound by reflection per request handler; public for StreamJsonRpc.</summary>
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
                return await handler.HandleAsync(request, context, linked.Token);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw; // StreamJsonRpc answers RequestCancelled (-32800).
            }
            catch (OperationCanceledException) when (dispatcher._lifecycle.Stopping.IsCancellationRequested)
            {
                throw LspException.Create(Protocol.LspErrorCodes.ServerCancelled, "The server is shutting down.");
            }
            catch (LocalRpcException)
            {
                throw;
            }
            catch (Inference.Remote.RemoteEngineException ex)
            {
                // The remote server's failure is the user's to fix (or wait out); the message names the endpoint and the fix.
                dispatcher._log.Warning("{Method}: {Problem}", method, ex.Message);
                throw LspException.RequestFailed(ex.Message);
            }
            catch (Exception ex)
            {
                dispatcher._log.Error(ex, "Handler for {Method} failed", method);
                throw LspException.Create(Protocol.LspErrorCodes.InternalError, $"'{method}' failed: {ex.Message}");
            }
        }
    }

    /// <summary>Bound by reflection per notification handler; public for StreamJsonRpc.</summary>
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
