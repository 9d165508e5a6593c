using AssistantLsp.Inference.Slots;
using AssistantLsp.Protocol.Types;
using AssistantLsp.Server.Client;

namespace AssistantLsp.Server.Models;

/// <summary>
/// Tells the client where the models stand: `assistant/statusChanged` on every change, and a
/// work-done progress ("Loading …") from the start of a load to its end.
/// </summary>
public sealed class ModelStatusReporter(AssistantModels models, ClientChannel client)
{
    private readonly object _gate = new();
    private readonly object _revisionGate = new();
    private Task<string?>? _progressToken;
    private long _revision;

    public void Start()
    {
        models.Reasoning.StatusChanged += OnStatusChanged;
        models.Completion.StatusChanged += OnStatusChanged;
    }

    public AssistantStatus Current()
    {
        lock (_revisionGate)
        {
            return AssistantStatus.From(models) with { Revision = _revision };
        }
    }

    /// <summary>
    /// Two slots change on their own threads, and an `assistant/status` answer can be computed
    /// before a change but written after its notification: the revision, taken with the snapshot,
    /// lets the client drop what is older than what it already shows.
    /// </summary>
    private void OnStatusChanged(ModelStatus status)
    {
        AssistantStatus snapshot;
        lock (_revisionGate)
        {
            _revision++;
            snapshot = Current(); // the lock is reentrant: revision and snapshot stay together
        }

        _ = client.NotifyAsync("assistant/statusChanged", snapshot);
        _ = ReportProgressAsync(status);
    }

    private async Task ReportProgressAsync(ModelStatus status)
    {
        Task<string?>? token;
        lock (_gate)
        {
            if (status.State == ModelState.Loading && _progressToken is null)
            {
                _progressToken = BeginAsync(status);
                return;
            }

            if (status.State == ModelState.Loading || _progressToken is null)
            {
                return;
            }

            token = _progressToken;
            _progressToken = null;
        }

        if (await token is { } t)
        {
            var message = status.State == ModelState.Ready ? "Model ready" : status.Message;
            await client.SendProgressAsync(t, new WorkDoneProgressEnd(message));
        }
    }

    private async Task<string?> BeginAsync(ModelStatus status)
    {
        var token = await client.CreateWorkDoneProgressAsync(CancellationToken.None);
        if (token is not null)
        {
            await client.SendProgressAsync(token, new WorkDoneProgressBegin("AssistantLsp", status.Message ?? "Loading model…"));
        }

        return token;
    }
}

/// <summary>The `assistant/status` shape (CONTRACTS.md).</summary>
public sealed record AssistantStatus(
    string State,
    string? Model,
    string ExecutionProvider,
    string? Message,
    AssistantStatusStats? Stats,
    AssistantStatus? Completion,
    AssistantMemory? Memory = null)
{
    /// <summary>Grows with every change (top level only); a status with a lower revision than one already seen is stale.</summary>
    public long? Revision { get; init; }

    public static AssistantStatus From(AssistantModels models)
    {
        var reasoning = FromSlot(models.Reasoning.Status);
        return models.HasSeparateCompletionModel ? reasoning with { Completion = FromSlot(models.Completion.Status) } : reasoning;
    }

    private static AssistantStatus FromSlot(ModelStatus status) => new(
        status.State.ToString().ToLowerInvariant(),
        status.ModelPath,
        status.ExecutionProvider,
        status.Message,
        status.LastGeneration is { } g
            ? new AssistantStatusStats(g.PromptTokens, g.ReusedPromptTokens, g.GeneratedTokens, Math.Round(g.TimeToFirstToken.TotalMilliseconds, 1), Math.Round(g.DecodeTokensPerSecond, 1))
            {
                DraftedTokens = g.DraftedTokens,
                AcceptedDraftTokens = g.AcceptedDraftTokens,
                DraftAcceptanceRate = Math.Round(g.DraftAcceptanceRate, 3),
                EffectiveTokensPerSecond = Math.Round(g.EffectiveTokensPerSecond, 1),
            }
            : null,
        null,
        new AssistantMemory(Environment.WorkingSet, status.Model?.ContextLength));
}

/// <summary>
/// Memory figures: the server process's resident bytes (all models together), and the context in
/// tokens the slot's engine sized its KV cache for (model.contextTokens capped by the model).
/// </summary>
public sealed record AssistantMemory(long ResidentBytes, int? ContextTokens);

public sealed record AssistantStatusStats(int PromptTokens, int ReusedTokens, int GeneratedTokens, double TimeToFirstTokenMs, double TokensPerSecond)
{
    /// <summary>Draft tokens speculative decoding verified in the last generation.</summary>
    public int DraftedTokens { get; init; }

    public int AcceptedDraftTokens { get; init; }

    /// <summary>Accepted share of the drafted tokens, 0 to 1.</summary>
    public double DraftAcceptanceRate { get; init; }

    /// <summary>Output tokens per second of decoding, accepted drafts included.</summary>
    public double EffectiveTokensPerSecond { get; init; }
}
