namespace AssistantLsp.Inference.Engine;

/// <summary>The FIM token families we recognize (<c>Loading/KnownTokenTexts.FimStyles</c>).</summary>
public enum FimStyle
{
    QwenCoder,
    DeepSeekCoder,
}
