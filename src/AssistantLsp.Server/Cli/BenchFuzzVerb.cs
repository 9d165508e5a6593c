using System.CommandLine;
using System.Globalization;
using AssistantLsp.ModelWriting;
using AssistantLsp.Server.Cli.Fuzzing;
using Newtonsoft.Json;

namespace AssistantLsp.Server.Cli;

/// <summary>
/// `bench fuzz`: seeded hostile LSP traffic against the real binary over its real stdio (see
/// <see cref="FuzzMessages"/> for the families). Prints messages, crashes, hangs, -32603 answers
/// and the server's RSS at start and end; exits 1 when it found any crash, hang or -32603.
/// </summary>
internal static class BenchFuzzVerb
{
    public static Command Create(TextWriter stdout)
    {
        var messages = new Option<int>("--messages") { Description = "Hostile messages to send.", DefaultValueFactory = _ => 3000 };
        messages.AddRange(m => m is >= 1 and <= 10_000_000, "--messages must be from 1 to 10000000.");
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed sends the same bytes.", DefaultValueFactory = _ => 1 };
        var model = new Option<string?>("--model") { Description = "Model folder (default: a tiny scripted test model written to a temp folder)." };
        var skip = new Option<string[]>("--skip") { Description = "Message families to leave out (repeatable).", AllowMultipleArgumentsPerToken = true };
        var json = new Option<bool>("--json") { Description = "Print the figures as one JSON object." };

        var fuzz = new Command("fuzz", "Send seeded hostile LSP traffic to the real server; report crashes, hangs and internal errors.") { messages, seed, model, skip, json };
        fuzz.SetAction(async (parse, cancellationToken) =>
        {
            var skipped = new HashSet<string>(parse.GetValue(skip) ?? [], StringComparer.Ordinal);
            var unknown = skipped.Except(new FuzzMessages(0).FamilyNames).ToArray();
            if (unknown.Length > 0)
            {
                Console.Error.WriteLine($"assistant-lsp: unknown --skip family {string.Join(", ", unknown)}; families: {string.Join(", ", new FuzzMessages(0).FamilyNames)}.");
                return ServerCommandLine.UsageError;
            }

            var folder = parse.GetValue(model) ?? WriteTinyModel();
            var report = await FuzzRun.RunAsync(folder, parse.GetValue(messages), parse.GetValue(seed), skipped, parse.GetValue(json) ? TextWriter.Null : stdout);
            Print(stdout, report, parse.GetValue(seed), parse.GetValue(json));
            return report.Clean ? 0 : 1;
        });
        return fuzz;
    }

    /// <summary>A scripted model: completions and code actions really run, in milliseconds.</summary>
    private static string WriteTinyModel()
    {
        var folder = Path.Combine(Path.GetTempPath(), "assistant-lsp-fuzz", Guid.NewGuid().ToString("N"));
        return TestModelWriter.Write(TestModelSpec.Scripted("<think>\nAdd them.\n</think>\n\n```python\nreturn a + b\n```"), folder).Directory;
    }

    private static void Print(TextWriter stdout, FuzzReport report, int seed, bool json)
    {
        if (json)
        {
            stdout.WriteLine(JsonConvert.SerializeObject(new
            {
                seed,
                messages = report.Messages,
                crashes = report.Crashes,
                hangs = report.Hangs,
                internalErrors = report.InternalErrors,
                rssStartMb = report.RssStartMb,
                rssEndMb = report.RssEndMb,
                seconds = Math.Round(report.Seconds, 1),
                families = report.Families,
                problems = report.Problems,
            }));
            return;
        }

        var c = CultureInfo.InvariantCulture;
        stdout.WriteLine(string.Create(c, $"bench fuzz: seed {seed}, {report.Messages} messages in {report.Seconds:0.0} s"));
        stdout.WriteLine(string.Create(c, $"  crashes {report.Crashes}, hangs {report.Hangs}, internal errors (-32603) {report.InternalErrors}"));
        stdout.WriteLine(string.Create(c, $"  server RSS: {report.RssStartMb:0.0} MB at start, {report.RssEndMb:0.0} MB at end"));
        stdout.WriteLine("  families: " + string.Join(", ", report.Families.OrderByDescending(f => f.Value).Select(f => $"{f.Key} {f.Value}")));
        foreach (var problem in report.Problems)
        {
            stdout.WriteLine("  " + problem);
        }
    }
}
