using AssistantLsp.Features.Prompts;

namespace AssistantLsp.Features.Tests.Prompts;

public class BudgetSearchTests
{
    // The "prompt" of content budget c costs cost(c); the budget is 100. Expected: the largest c that fits.
    [Theory]
    [InlineData("exact", 90, 90)] // cost c + 10: the first guess fits
    [InlineData("overhead", 100, 80)] // cost c + 20: one correction
    [InlineData("joins", 100, 91)] // one more token per 10: found by bisection
    [InlineData("sawtooth", 100, 90)] // not monotonic: every third budget costs too much
    [InlineData("overestimate", 100, 110)] // the parts overestimate the whole: larger budgets are tried
    [InlineData("nothing", 100, 0)] // only an empty content fits
    public void Finds_a_large_content_budget_that_fits(string shape, int max, int expected)
    {
        Func<int, int> cost = shape switch
        {
            "exact" => c => c + 10,
            "overhead" => c => c + 20,
            "joins" => c => c + (c / 10),
            "sawtooth" => c => c % 3 == 0 && c > 0 ? 200 : c + 5,
            "overestimate" => c => c * 10 / 11,
            _ => c => c == 0 ? 0 : 500,
        };
        var tried = new List<int>();

        var chosen = BudgetSearch.LargestFitting(max, c =>
        {
            tried.Add(c);
            return (c, cost(c) - 100);
        });

        Assert.True(cost(chosen) <= 100);
        Assert.InRange(chosen, expected, expected + 5);
        Assert.True(tried.Count <= 12, $"{tried.Count} attempts");
    }

    [Fact]
    public void Memoize_counts_each_text_once()
    {
        var calls = 0;
        var count = BudgetSearch.Memoize(s =>
        {
            calls++;
            return s.Length;
        });

        Assert.Equal(3, count("abc"));
        Assert.Equal(3, count("abc"));
        Assert.Equal(1, count("x"));
        Assert.Equal(2, calls);
    }
}
