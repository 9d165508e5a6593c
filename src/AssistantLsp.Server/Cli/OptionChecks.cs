using System.CommandLine;
using System.CommandLine.Parsing;

namespace AssistantLsp.Server.Cli;

/// <summary>
/// Range checks for options. An option whose text does not even convert is already reported by
/// the parser; reading its value in a validator would throw, so such values are skipped here.
/// </summary>
internal static class OptionChecks
{
    public static void AddRange<T>(this Option<T> option, Func<T, bool> isValid, string message) =>
        option.Validators.Add(result =>
        {
            T value;
            try
            {
                value = result.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                return;
            }

            if (!isValid(value))
            {
                result.AddError(message);
            }
        });
}
