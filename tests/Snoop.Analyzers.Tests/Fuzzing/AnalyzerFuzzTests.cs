using System.Diagnostics;
using Xunit.Abstractions;

namespace Snoop.Analyzers.Tests.Fuzzing;

/// <summary>
/// Every analyzer and every fixer, over mutated versions of every test source: no exception, and no offered fix
/// that adds a compiler error. The CI run takes a deterministic sample; the full run is
/// <c>SNOOP_FUZZ_INPUTS=10000 dotnet test tests/Snoop.Analyzers.Tests -c Release --filter FullyQualifiedName~Fuzz</c>.
/// </summary>
public class AnalyzerFuzzTests(ITestOutputHelper output)
{
    private const int DefaultInputs = 1500;
    private const int RandomSeed = 20261129;

    [Fact]
    public async Task AnalyzersAndFixersSurviveMutatedSources()
    {
        var seeds = FuzzCorpus.LoadSeeds();
        Assert.True(seeds.Count >= 20, $"expected the rule tests to provide at least 20 seed sources, found {seeds.Count}");
        var budget = int.TryParse(Environment.GetEnvironmentVariable("SNOOP_FUZZ_INPUTS"), out var n) && n > 0 ? n : DefaultInputs;

        using var runner = await FuzzRunner.CreateAsync();
        Assert.True(runner.AnalyzerCount > 0, "no analyzers found");
        var failures = new List<string>();
        var inputs = 0;
        var watch = Stopwatch.StartNew();
        foreach (var input in Mutator.Generate(seeds, budget, RandomSeed))
        {
            inputs++;
            failures.AddRange(await runner.CheckAsync(input));
            if (failures.Count >= 10)
            {
                break;
            }
        }

        output.WriteLine($"{inputs} inputs from {seeds.Count} seeds, {runner.AnalyzerCount} analyzers, {runner.FixerCount} fixers, {watch.Elapsed.TotalSeconds:F0} s");
        Assert.True(failures.Count == 0, $"{failures.Count} failure(s); the first:\n\n{string.Join("\n\n", failures.Take(3))}");
        Assert.Equal(budget, inputs);
    }
}
