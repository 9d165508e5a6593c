using StreamJsonRpc;

namespace AssistantLsp.Protocol;

/// <summary>
/// The request ids in flight in each direction, seen at the framing. StreamJsonRpc ends the
/// connection on a response it is not waiting for, and mixes up two client requests with the
/// same id; the framing uses these sets to drop the first and refuse the second.
/// </summary>
internal sealed class OpenRequests
{
    private readonly HashSet<RequestId> _sentByServer = [];
    private readonly HashSet<RequestId> _fromClient = [];

    /// <summary>The server is sending a request: its answer will be expected.</summary>
    public void Sent(RequestId id)
    {
        lock (_sentByServer)
        {
            _sentByServer.Add(id);
        }
    }

    /// <summary>True (once) when a response answers a request the server sent and still waits on.</summary>
    public bool TryTakeAnswer(RequestId id)
    {
        lock (_sentByServer)
        {
            return _sentByServer.Remove(id);
        }
    }

    /// <summary>False when a client request with this id is still being served.</summary>
    public bool TryStart(RequestId id)
    {
        lock (_fromClient)
        {
            return _fromClient.Add(id);
        }
    }

    /// <summary>The server answered the client's request: its id may be used again.</summary>
    public void Answered(RequestId id)
    {
        lock (_fromClient)
        {
            _fromClient.Remove(id);
        }
    }
}
