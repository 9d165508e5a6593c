using System.Text;
using AssistantLsp.Inference.Engine;

namespace AssistantLsp.Inference.Tests.Scheduling;

/// <summary>
/// A hand-written stand-in for <see cref="IInferenceEngine"/> that replays scripted token texts.
/// For scheduler and reasoning-orchestration tests only: it is NOT the real engine, and no test
/// that claims to test the engine may use it. Tokenization: registered pieces (special tokens,
/// think tags, every scripted token text) by longest match, anything else one id per character.
/// </summary>
internal sealed class ScriptedFakeEngine : IInferenceEngine
{
    public const string Bos = "<｜begin▁of▁sentence｜>";
    public const string Eos = "<｜end▁of▁sentence｜>";
    public const string User = "<｜User｜>";
    public const string Assistant = "<｜Assistant｜>";

    private readonly Lock _gate = new();
    private readonly List<string> _pieces = [];
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly HashSet<string> _specials = new(StringComparer.Ordinal) { Bos, Eos, User, Assistant };
    private readonly Queue<IReadOnlyList<string>> _scripts = new();
    private readonly List<GenerationRequest> _requests = [];
    private readonly int _eosId;

    public ScriptedFakeEngine(params IReadOnlyList<string>[] scripts)
    {
        foreach (var special in _specials)
        {
            IdOf(special);
        }

        IdOf("<think>");
        IdOf("</think>");
        _eosId = IdOf(Eos);
        foreach (var script in scripts)
        {
            AddScript(script);
        }

        Model = new ModelDescription(
            "/fake/scripted", "scripted-fake", "cpu", 4096, 1000,
            new SpecialTokens(Bos, [_eosId], User, Assistant, "<think>", "</think>", null, null));
    }

    public ModelDescription Model { get; }

    /// <summary>What <see cref="ApplyChatTemplate"/> returns; null means the model has no template.</summary>
    public Func<IReadOnlyList<ChatMessage>, bool, string?> ChatTemplate { get; set; } = (_, _) => null;

    /// <summary>Awaited before each token, with the generation's token: lets tests hold a generation mid-way.</summary>
    public Func<CancellationToken, Task>? BeforeToken { get; set; }

    /// <summary>Whether the end-of-sequence token is handed to the callback when a script runs out.</summary>
    public bool ReportsEndOfSequenceToken { get; set; }

    public TimeSpan FirstTokenLatency { get; set; } = TimeSpan.FromMilliseconds(20);

    public TimeSpan TokenLatency { get; set; } = TimeSpan.FromMilliseconds(5);

    public IReadOnlyList<GenerationRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public void AddScript(IReadOnlyList<string> tokenTexts)
    {
        lock (_gate)
        {
            foreach (var text in tokenTexts)
            {
                IdOf(text);
            }

            _scripts.Enqueue(tokenTexts);
        }
    }

    /// <summary>Marks a text as a special token (reported with IsSpecial).</summary>
    public void AddSpecial(string text)
    {
        lock (_gate)
        {
            _specials.Add(text);
            IdOf(text);
        }
    }

    public int IdOf(string text)
    {
        lock (_gate)
        {
            if (!_ids.TryGetValue(text, out var id))
            {
                id = _pieces.Count;
                _pieces.Add(text);
                _ids[text] = id;
            }

            return id;
        }
    }

    public IReadOnlyList<int> Encode(string text)
    {
        lock (_gate)
        {
            var ids = new List<int>();
            var position = 0;
            while (position < text.Length)
            {
                var best = _pieces
                    .Where(p => p.Length > 0 && string.CompareOrdinal(text, position, p, 0, p.Length) == 0)
                    .OrderByDescending(p => p.Length)
                    .FirstOrDefault() ?? text[position].ToString();
                ids.Add(IdOf(best));
                position += best.Length;
            }

            return ids;
        }
    }

    public string Decode(IReadOnlyList<int> tokenIds)
    {
        lock (_gate)
        {
            var text = new StringBuilder();
            foreach (var id in tokenIds)
            {
                text.Append(_pieces[id]);
            }

            return text.ToString();
        }
    }

    public string? ApplyChatTemplate(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt) =>
        ChatTemplate(messages, addGenerationPrompt);

    public async Task<GenerationResult> GenerateAsync(
        GenerationRequest request,
        Func<GeneratedToken, TokenDecision>? onToken,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<string> script;
        lock (_gate)
        {
            _requests.Add(request);
            script = _scripts.TryDequeue(out var next) ? next : [];
        }

        await Task.Yield();
        var ids = new List<int>();
        var text = new StringBuilder();
        var stop = StopReason.EndOfSequence;
        for (var i = 0; i < script.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (BeforeToken is { } beforeToken)
            {
                await beforeToken(cancellationToken);
            }

            cancellationToken.ThrowIfCancellationRequested();
            var piece = script[i];
            ids.Add(IdOf(piece));
            text.Append(piece);
            if (onToken?.Invoke(new GeneratedToken(ids[^1], piece, _specials.Contains(piece))) == TokenDecision.Stop)
            {
                stop = StopReason.Requested;
                break;
            }

            if (ids.Count >= request.Options.MaxNewTokens && i < script.Count - 1)
            {
                stop = StopReason.MaxTokens;
                break;
            }
        }

        if (stop == StopReason.EndOfSequence && ReportsEndOfSequenceToken && ids.Count < request.Options.MaxNewTokens)
        {
            ids.Add(_eosId);
            onToken?.Invoke(new GeneratedToken(_eosId, Eos, IsSpecial: true));
        }

        var decodeTime = TokenLatency * Math.Max(0, ids.Count - 1);
        var stats = new GenerationStats(
            request.PromptTokens.Count,
            ReusedPromptTokens: 0,
            ids.Count,
            FirstTokenLatency,
            FirstTokenLatency + decodeTime,
            decodeTime > TimeSpan.Zero ? (ids.Count - 1) / decodeTime.TotalSeconds : 0);
        return new GenerationResult(text.ToString(), ids, stop, stats);
    }

    public void Dispose()
    {
    }
}
