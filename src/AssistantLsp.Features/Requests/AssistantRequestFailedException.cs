using AssistantLsp.Inference.Remote;

namespace AssistantLsp.Features.Requests;

/// <summary>
/// A feature request failed for a reason the user can act on or wait out (no model, still loading,
/// too large, remote server down). The message is written for the user and goes to the editor as
/// is; the cause, when there is one, is the inner exception.
/// </summary>
public sealed class AssistantRequestFailedException : Exception
{
    public AssistantRequestFailedException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>A remote inference server failed: worth a warning in the log (the message names the endpoint and the fix).</summary>
    public bool RemoteServerFailed => InnerException is RemoteEngineException;
}
