using System.Diagnostics;
using Xunit.Abstractions;

namespace Snoop.Analyzers.Tests.Fuzzing;

/// <summary>
/// Every analyzer and every fixer, over every test source and mutated versions of them: no exception, and no offered fix
/// that adds a compiler error. The CI run takes a deterministic sample; the full run is
/// <c>SNOOP_FUZZ_INPUTS=10000 dotnet test tests/Snoop.Analyzers.Tests -c Release --filter FullyQualifiedName~Fuzz</c>.
/// </summary>
public class AnalyzerFuzzTests(ITestOutputHelper output)
{
    private const int DefaultInputs = 400;
    private const int RandomSeed = 20261129;
    private const int MinimumFixesExercised = 40;

    [Fact]
    public async Task AnalyzersAndFixersSurviveMutatedSources()
    {
        var seeds = FuzzCorpus.LoadSeeds();
        Assert.True(seeds.Count >= 20, $"expected the rule tests to provide at least 20 seed sources, found {seeds.Count}");
        var budget = int.TryParse(Environment.GetEnvironmentVariable("SNOOP_FUZZ_INPUTS"), out var n) && n > 0 ? n : DefaultInputs;

        using var runner = await FuzzRunner.CreateAsync();
        Assert.True(runner.AnalyzerCount > 0, "no analyzers found");
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var inputs = 0;
        var watch = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        try
        {
            // The runner only reads its immutable solution: inputs are checked in parallel, one per core.
            await Parallel.ForEachAsync(
                Mutator.Generate(seeds, budget, RandomSeed),
                new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = stop.Token },
                async (input, _) =>
                {
                    Interlocked.Increment(ref inputs);
                    foreach (var failure in await runner.CheckAsync(input))
                    {
                        failures.Enqueue(failure);
                    }

                    if (failures.Count >= 10)
                    {
                        stop.Cancel();
                    }
                });
        }
        catch (OperationCanceledException) when (failures.Count >= 10)
        {
        }

        output.WriteLine($"{inputs} inputs from {seeds.Count} seeds, {runner.AnalyzerCount} analyzers, {runner.FixerCount} fixers: {runner.DiagnosticsSeen} diagnostics, {runner.FixesChecked} fixes applied and compiled, {watch.Elapsed.TotalSeconds:F0} s");
        Assert.True(failures.Count == 0, $"{failures.Count} failure(s); the first:\n\n{string.Join("\n\n", failures.Take(3))}");
        Assert.Equal(seeds.Count + budget, inputs);
        // Most seeds are silent cases and most mutants do not compile (no fix is offered there): a floor, not a ratio.
        Assert.True(runner.FixesChecked >= MinimumFixesExercised, $"only {runner.FixesChecked} fixes were exercised over {inputs} inputs: the fuzzer is not reaching the fixers");
    }
}
