using System.Diagnostics;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;
using Snoop.Benchmarks.Analyzers;
using Snoop.Benchmarks.EndToEnd;
using Snoop.Benchmarks.Infrastructure;
using Snoop.Benchmarks.InProcess;

namespace Snoop.Benchmarks;

/// <summary>
/// Modes:
///   (no mode)    BenchmarkDotNet switcher over the in-process benchmarks; any BenchmarkDotNet argument works
///                (e.g. --filter *RequestBenchmarks*).
///   --quick      the head-to-head table of the targets from a short run: short in-process job, 3 end-to-end
///                rounds, small analyzer corpora (about a minute).
///   head-to-head the same table from a full run: 15 in-process iterations, 25 end-to-end rounds (--rounds N).
///   e2e          Kestrel on loopback driven by HttpClient, all variants in one run (add --quick for a short run).
///   e2e-ratios   the end-to-end targets: 1 MiB responses, median ratio to no capture over rotated rounds with its
///                confidence interval (--rounds N, --milliseconds per measurement, --stream-only / --writer-only;
///                --quick for 3 short rounds).
///   analyzers    every Snoop analyzer over two large generated compilations (the rule-shape corpus, then a
///                realistic application corpus), as a share of the compiler's time (GetDiagnostics, and a build's
///                parse + emit) (--files N generated files per corpus, --repetitions R measurements, the median
///                reported; --generated-only or --realistic-only; --per-rule adds each rule alone in a host of its
///                own and the registration floor). --callback-times N instead times every callback of each analyzer
///                (each rule with --per-rule) by its own clock and lists the N slowest sites: a profiling aid.
///   write-corpus DIR  writes the realistic corpus (--generated: the rule-shape corpus, without the runtime's own
///                files) to DIR as source files (--files N), for benchmarks/analyzers-in-csc.sh.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var quick = args.Contains("--quick");
        var rest = args.Where(a => a != "--quick").ToArray();
        var mode = rest.FirstOrDefault();

        if (mode == "e2e-ratios")
        {
            var ratioSettings = quick ? RatioSettings.Quick : RatioSettings.Full;
            ratioSettings = ratioSettings with
            {
                Rounds = Option(rest, "--rounds") ?? ratioSettings.Rounds,
                Duration = Option(rest, "--milliseconds") is { } ms ? TimeSpan.FromMilliseconds(ms) : ratioSettings.Duration,
            };
            WritePath[]? paths = rest.Contains("--stream-only") ? [WritePath.Stream] : rest.Contains("--writer-only") ? [WritePath.Writer] : null;
            await RatioRunner.RunAsync(ratioSettings, Console.Out, paths);
            return 0;
        }

        if (mode == "e2e")
        {
            await EndToEndRunner.RunAsync(quick ? EndToEndSettings.Quick : EndToEndSettings.Full, Console.Out);
            return 0;
        }

        if (mode == "write-corpus")
        {
            // The analyzers' corpus as files, for a real compiler run (benchmarks/analyzers-in-csc.sh).
            if (rest.Length < 2 || rest[1].StartsWith("--", StringComparison.Ordinal))
            {
                Console.Error.WriteLine("Usage: write-corpus DIR [--files N] [--generated]");
                return 2;
            }

            var directory = rest[1];
            var files = Option(rest, "--files") ?? AnalyzerSettings.Full.GeneratedFiles;
            var sources = rest.Contains("--generated") ? CorpusGenerator.Generate(files) : RealisticCorpus.Generate(files);
            var written = 0;
            foreach (var (path, text) in sources)
            {
                var target = Path.Combine(directory, path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllText(target, text);
                written++;
            }

            Console.WriteLine($"{written:N0} files written to {directory}");
            return 0;
        }

        if (mode == "analyzers")
        {
            var settings = quick ? AnalyzerSettings.Quick : AnalyzerSettings.Full;
            settings = settings with
            {
                GeneratedFiles = Option(rest, "--files") ?? settings.GeneratedFiles,
                Repetitions = Option(rest, "--repetitions") ?? settings.Repetitions,
                PerRule = rest.Contains("--per-rule"),
                CallbackTimes = Option(rest, "--callback-times"),
                Corpora = rest.Contains("--generated-only") ? [AnalyzerCorpus.Generated] : rest.Contains("--realistic-only") ? [AnalyzerCorpus.Realistic] : settings.Corpora,
            };
            await AnalyzerRunner.RunAsync(settings, Console.Out);
            return 0;
        }

        if (quick || mode == "head-to-head")
        {
            // The head-to-head table of the targets: the in-process rows, the end-to-end ratios, then the analyzers.
            var total = Stopwatch.StartNew();
            var summaries = RunHeadToHeadInProcess(quick);
            var ratioSettings = quick ? RatioSettings.Quick : RatioSettings.Full with { Rounds = Option(rest, "--rounds") ?? RatioSettings.Full.Rounds };
            var ratios = await RatioRunner.RunAsync(ratioSettings, Console.Out);
            HeadToHead.Print(summaries, ratios, Console.Out);
            if (quick)
            {
                await AnalyzerRunner.RunAsync(AnalyzerSettings.Quick, Console.Out);
            }

            Console.WriteLine($"{(quick ? "Quick mode" : "Head to head")} finished in {total.Elapsed.TotalSeconds:F0} s.");
            return 0;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest, DefaultConfig.Instance);
        return 0;
    }

    private static int? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : null;
    }

    /// <summary>
    /// The in-process rows of the head-to-head table, run inside this process (no generated project to build): with
    /// <paramref name="quick"/> a short job, enough for ratios that are far apart, not for small absolute differences;
    /// otherwise 3 warm-up and 15 measured iterations. Request sizes 1 KiB and 64 KiB; the per-write costs; the metrics
    /// cost rows beside their floor; logging the kept body.
    /// </summary>
    private static Summary[] RunHeadToHeadInProcess(bool quick)
    {
        var job = new Job(quick ? "Quick" : "HeadToHead")
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(quick ? 1 : 3)
            .WithIterationCount(quick ? 4 : 15);
        if (quick)
        {
            job = job.WithIterationTime(TimeInterval.FromMilliseconds(50));
        }

        string[] costRows =
        [
            nameof(MetricsCostBenchmarks.None), nameof(MetricsCostBenchmarks.Metrics), nameof(MetricsCostBenchmarks.Scope),
            nameof(MetricsCostBenchmarks.Floor), nameof(MetricsCostBenchmarks.FloorScope), nameof(MetricsCostBenchmarks.Counting),
        ];
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(job)
            .AddFilter(new SimpleFilter(benchmark =>
                (benchmark.Descriptor.Type != typeof(RequestBenchmarks) || (int)benchmark.Parameters["BodySize"] != 1024 * 1024)
                && (benchmark.Descriptor.Type != typeof(MetricsCostBenchmarks) || costRows.Contains(benchmark.Descriptor.WorkloadMethod.Name))))
            .WithOptions(ConfigOptions.DisableLogFile | ConfigOptions.JoinSummary);
        return BenchmarkRunner.Run([typeof(RequestBenchmarks), typeof(WriteBenchmarks), typeof(MetricsCostBenchmarks), typeof(BodyTextLoggingBenchmarks)], config);
    }
}
