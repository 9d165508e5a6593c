using AssistantLsp.Features.Documents;
using AssistantLsp.Features.Explain;
using AssistantLsp.Protocol.Types;
using Range = AssistantLsp.Protocol.Types.Range;

namespace AssistantLsp.Server.Conversions;

/// <summary>The edge where LSP shapes become editor terms and back (features never see LSP types).</summary>
public static class ProtocolConversions
{
    public static LinePosition ToLinePosition(Position position) => new(position.Line, position.Character);

    public static LineRange ToLineRange(Range range) => new(ToLinePosition(range.Start), ToLinePosition(range.End));

    public static Position ToPosition(LinePosition position) => new(position.Line, position.Character);

    public static Range ToRange(LineRange range) => new(ToPosition(range.Start), ToPosition(range.End));

    public static DocumentChange ToDocumentChange(TextDocumentContentChangeEvent change) =>
        new(change.Range is null ? null : ToLineRange(change.Range), change.Text);

    public static ExplainResult ToExplainResult(ExplainAnswer answer)
    {
        var figures = answer.Figures;
        return new ExplainResult(
            answer.Reasoning,
            answer.Answer,
            new ExplainStats(figures.PromptTokens, figures.ReasoningTokens, figures.AnswerTokens, figures.TimeToFirstToken.TotalMilliseconds, figures.TokensPerSecond)
            {
                DraftedTokens = figures.DraftedTokens,
                AcceptedDraftTokens = figures.AcceptedDraftTokens,
                DraftAcceptanceRate = figures.DraftAcceptanceRate,
                EffectiveTokensPerSecond = figures.TokensPerSecond,
            });
    }
}
