namespace AssistantLsp.Protocol;

/// <summary>
/// Client text quoted in logs and error messages is cut short: a hostile or broken client can
/// send megabytes in one string, and logging it whole (or indented) costs more than the message.
/// </summary>
public static class LogText
{
    public const int MaxChars = 1024;

    public static string Shorten(string text, int maxChars = MaxChars) =>
        text.Length <= maxChars ? text : $"{text[..maxChars]}… ({text.Length - maxChars} more characters)";
}
