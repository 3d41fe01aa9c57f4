using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Snoop.Analyzers;

namespace Snoop.Benchmarks.Analyzers;

/// <summary>Which corpus the compilation is made of.</summary>
public enum AnalyzerCorpus
{
    /// <summary><see cref="CorpusGenerator"/>: every shape the rules look at, in large proportions (about 20% of the files).</summary>
    Generated,

    /// <summary><see cref="RealisticCorpus"/>: ordinary application code, one file in 200 a shape the rules look at.</summary>
    Realistic,
}

/// <summary>
/// How large the compilations are, which corpora are measured (each in its own compilation, one after the other)
/// and how many times each measurement is repeated (the median is reported).
/// </summary>
public sealed record AnalyzerSettings(int GeneratedFiles, int Repetitions, AnalyzerCorpus[] Corpora, bool PerRule = false, int? CallbackTimes = null)
{
    public static AnalyzerSettings Full { get; } = new(GeneratedFiles: 2000, Repetitions: 3, Corpora: [AnalyzerCorpus.Generated, AnalyzerCorpus.Realistic]);

    public static AnalyzerSettings Quick { get; } = new(GeneratedFiles: 200, Repetitions: 1, Corpora: [AnalyzerCorpus.Generated, AnalyzerCorpus.Realistic]);

    /// <summary>The target: all Snoop analyzers together at most this share of the compiler's time.</summary>
    public const double TargetShare = 0.003;

    /// <summary>The target: no analyzer above this multiple of the median of the others.</summary>
    public const double TargetSpread = 2.0;
}

/// <summary>
/// Runs every <see cref="DiagnosticAnalyzer"/> of the Snoop.Analyzers assembly (found by reflection: zero or
/// many) over a large compilation (generated application code plus the Snoop runtime's own sources) and puts
/// their execution time (CompilationWithAnalyzers telemetry, logAnalyzerExecutionTime) beside the compiler's
/// own time on the same compilation (GetDiagnostics without analyzers) and beside an analyzer that does nothing.
/// Single-threaded on both sides (concurrentBuild and concurrentAnalysis off) so that the times compare.
/// </summary>
public static class AnalyzerRunner
{
    public static async Task RunAsync(AnalyzerSettings settings, TextWriter output)
    {
        foreach (var corpus in settings.Corpora)
        {
            await RunAsync(settings, corpus, output);
        }
    }

    private static async Task RunAsync(AnalyzerSettings settings, AnalyzerCorpus corpus, TextWriter output)
    {
        var total = Stopwatch.StartNew();
        var analyzers = DiscoverSnoopAnalyzers(output);
        var trees = Parse(settings, corpus, out var lines, out var realFiles);
        var references = FrameworkReferences();

        output.WriteLine();
        output.WriteLine($"## Analyzers, {corpus} corpus: {analyzers.Length} Snoop analyzer(s) over {trees.Length:N0} files ({realFiles} of the runtime's own, the rest generated), {lines:N0} lines, {references.Length} framework references");

        // Warm-up: JIT (and tier up) the compiler and the analyzers on the whole compilation, so that neither pays for
        // it in the measurement: the compiler server (VBCSCompiler) keeps both loaded from build to build. A slice
        // left the first measured compilation 3x slower, and left the rules' rarer paths (one file in 200 on the
        // realistic corpus) to be compiled by the JIT inside the first measured analysis.
        _ = Create(trees, references).GetDiagnostics();
        await AnalyzeAsync(Create(trees, references), [.. analyzers, new EmptyAnalyzer()]);

        if (settings.CallbackTimes is { } top)
        {
            await TimeCallbacksAsync(settings, trees, references, analyzers, top, output);
            return;
        }

        var compilerTimes = new List<TimeSpan>();
        var compilerCpu = new List<TimeSpan>();
        var buildTimes = new List<TimeSpan>();
        var emptyRuns = new List<AnalysisRun>();
        var snoopRuns = new List<AnalysisRun>();
        var ruleRuns = new List<AnalysisRun>();
        var floorRuns = new List<AnalysisRun>();
        var rules = analyzers.OfType<RuleHostAnalyzer>().SelectMany(h => h.Rules).Select(r => (DiagnosticAnalyzer)new SingleRuleHost(r)).ToArray();
        for (var i = 0; i < settings.Repetitions; i++)
        {
            // A fresh compilation each time: a compilation caches what it bound.
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            var diagnostics = Create(trees, references).GetDiagnostics();
            compilerTimes.Add(stopwatch.Elapsed);
            compilerCpu.Add(Process.GetCurrentProcess().TotalProcessorTime - cpuBefore);

            // What a build's compiler does with the same sources: parse them, then emit (binding, flow analysis,
            // lowering, IL and metadata), single-threaded.
            stopwatch.Restart();
            var reparsed = trees.Select(t => CSharpSyntaxTree.ParseText(t.GetText(), (CSharpParseOptions)t.Options, t.FilePath)).ToArray();
            using (var pe = new MemoryStream())
            {
                var emit = Create(reparsed, references).Emit(pe);
                if (!emit.Success && i == 0)
                {
                    output.WriteLine("Emit failed: " + emit.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error));
                }
            }

            buildTimes.Add(stopwatch.Elapsed);
            if (i == 0)
            {
                var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
                output.WriteLine(errors.Length == 0 ? "The compilation has no errors." : $"The compilation has {errors.Length} error(s); first: {errors[0]}");
            }

            emptyRuns.Add(await AnalyzeAsync(Create(trees, references), [new EmptyAnalyzer()]));

            // The shipped analyzers, each rule alone and the floor, in an order rotated every repetition: whichever
            // runs first after the compiler's runs inherits their garbage, and a collection inside a callback is
            // charged to that analyzer (AnalyzeAsync also collects before it starts).
            var measurements = new List<Func<Task>>
            {
                async () => snoopRuns.Add(await AnalyzeAsync(Create(trees, references), [.. analyzers, new EmptyAnalyzer()])),
            };
            if (settings.PerRule)
            {
                measurements.Add(async () => ruleRuns.Add(await AnalyzeAsync(Create(trees, references), [.. rules, new EmptyAnalyzer()])));
                measurements.Add(async () => floorRuns.Add(await AnalyzeAsync(Create(trees, references), [new RegistrationFloorAnalyzer(), new EmptyAnalyzer()])));
            }

            for (var m = 0; m < measurements.Count; m++)
            {
                await measurements[(m + i) % measurements.Count]();
            }
        }

        var compiler = Median(compilerTimes);
        output.WriteLine();
        var build = Median(buildTimes);
        output.WriteLine($"Compiler alone (GetDiagnostics, no analyzers, single-threaded): {compiler.TotalMilliseconds:N0} ms wall clock, {Median(compilerCpu).TotalMilliseconds:N0} ms process CPU (median of {settings.Repetitions}). Shares below are of the wall-clock time, which is what the telemetry measures too.");
        output.WriteLine($"A build's compiler work on the same sources (parse, then Emit: binding, flow analysis, lowering, IL; no analyzers, single-threaded): {build.TotalMilliseconds:N0} ms wall clock (median of {settings.Repetitions}); the second share column is of this time.");
        output.WriteLine();
        output.WriteLine("| analyzer | execution time (telemetry) | share of compiler time (GetDiagnostics) | share of a build's compiler time (parse + emit) | × median of the others | diagnostics reported |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|");

        var times = analyzers.Select(a => Median(snoopRuns.Select(r => r.Times[a.GetType().Name]).ToList())).ToArray();
        var snoopTotal = TimeSpan.Zero;
        var worstSpread = 0.0;
        for (var a = 0; a < analyzers.Length; a++)
        {
            var name = analyzers[a].GetType().Name;
            var time = times[a];
            snoopTotal += time;
            var others = times.Where((_, j) => j != a).ToList();
            var spread = others.Count == 0 ? 1.0 : MedianOf(others) is var m && m > TimeSpan.Zero ? time / m : double.PositiveInfinity;
            worstSpread = Math.Max(worstSpread, time > TimeSpan.Zero ? spread : 0);
            output.WriteLine($"| {name} ({string.Join(", ", analyzers[a].SupportedDiagnostics.Select(d => d.Id).Distinct())}) | {time.TotalMilliseconds:N1} ms | {time / compiler:P3} | {time / build:P3} | {spread:F2} | {snoopRuns[^1].Diagnostics.GetValueOrDefault(name)} |");
        }

        var empty = Median(emptyRuns.Select(r => r.Times[nameof(EmptyAnalyzer)]).ToList());
        output.WriteLine($"| **all Snoop analyzers** | **{snoopTotal.TotalMilliseconds:N1} ms** | **{snoopTotal / compiler:P3}** | **{snoopTotal / build:P3}** | | {snoopRuns[^1].Diagnostics.Values.Sum()} |");
        output.WriteLine($"| empty analyzer (baseline) | {empty.TotalMilliseconds:N1} ms | {empty / compiler:P3} | {empty / build:P3} | | 0 |");
        var share = snoopTotal / compiler;
        var buildShare = snoopTotal / build;
        output.WriteLine();
        output.WriteLine($"Targets ({corpus} corpus): all together ≤ {AnalyzerSettings.TargetShare:P1} of the compiler's time: {share:P3} of GetDiagnostics, {(share <= AnalyzerSettings.TargetShare ? "met" : "NOT met")}; {buildShare:P3} of a build's parse + emit, {(buildShare <= AnalyzerSettings.TargetShare ? "met" : "NOT met")}; no analyzer above {AnalyzerSettings.TargetSpread:F0}× the median of the others: worst {worstSpread:F2}×, {(worstSpread <= AnalyzerSettings.TargetSpread ? "met" : "NOT met")}.");

        var emptyWall = Median(emptyRuns.Select(r => r.Wall).ToList());
        var snoopWall = Median(snoopRuns.Select(r => r.Wall).ToList());
        var emptyCpu = Median(emptyRuns.Select(r => r.Cpu).ToList());
        var snoopCpu = Median(snoopRuns.Select(r => r.Cpu).ToList());
        var cpuCompiler = Median(compilerCpu);
        output.WriteLine();
        output.WriteLine($"Analysis through CompilationWithAnalyzers.GetAnalysisResultAsync (which binds the compilation for its events), wall clock: {emptyWall.TotalMilliseconds:N0} ms with the empty analyzer only, {snoopWall.TotalMilliseconds:N0} ms with all Snoop analyzers; the compiler alone {compiler.TotalMilliseconds:N0} ms.");
        output.WriteLine($"Same, process CPU time (less sensitive to other load on the machine): {emptyCpu.TotalMilliseconds:N0} ms with the empty analyzer only, {snoopCpu.TotalMilliseconds:N0} ms with all Snoop analyzers; the compiler alone {cpuCompiler.TotalMilliseconds:N0} ms. All Snoop analyzers' analysis is {snoopCpu / cpuCompiler:P0} of the compiler's CPU time.");
        var exceptions = snoopRuns.Sum(r => r.Exceptions);
        output.WriteLine(exceptions == 0 ? "No analyzer threw (no AD0001)." : $"Analyzers threw {exceptions} time(s) (AD0001): {snoopRuns.First(r => r.Exceptions > 0).FirstException}");
        if (settings.PerRule)
        {
            WritePerRule(output, compiler, build, rules, ruleRuns, floorRuns);
        }

        output.WriteLine($"(analyzers mode took {total.Elapsed.TotalSeconds:F0} s)");
    }

    /// <summary>
    /// Each rule alone in a host of its own (one analyzer per rule, as before the rules were hosted), in one analysis, and
    /// the registration floor: one analyzer with the hosts' registrations whose callbacks only look at a member name.
    /// </summary>
    private static void WritePerRule(TextWriter output, TimeSpan compiler, TimeSpan build, DiagnosticAnalyzer[] rules, List<AnalysisRun> ruleRuns, List<AnalysisRun> floorRuns)
    {
        output.WriteLine();
        output.WriteLine("Each rule alone in a host of its own (nine analyzers in one analysis, median of the runs):");
        output.WriteLine();
        output.WriteLine("| rule | execution time (telemetry) | share of compiler time (GetDiagnostics) | share of a build's compiler time (parse + emit) | × median of the others |");
        output.WriteLine("|---|---:|---:|---:|---:|");
        var times = rules.Select(r => Median(ruleRuns.Select(run => run.Times[Name(r)]).ToList())).ToArray();
        for (var i = 0; i < rules.Length; i++)
        {
            var others = times.Where((_, j) => j != i).ToList();
            var spread = MedianOf(others) is var m && m > TimeSpan.Zero ? times[i] / m : double.PositiveInfinity;
            output.WriteLine($"| {Name(rules[i])} ({string.Join(", ", rules[i].SupportedDiagnostics.Select(d => d.Id).Distinct())}) | {times[i].TotalMilliseconds:N1} ms | {times[i] / compiler:P3} | {times[i] / build:P3} | {spread:F2} |");
        }

        var sum = times.Aggregate(TimeSpan.Zero, (a, b) => a + b);
        output.WriteLine($"| **all rules, one analyzer each** | **{sum.TotalMilliseconds:N1} ms** | **{sum / compiler:P3}** | **{sum / build:P3}** | |");
        var floor = Median(floorRuns.Select(run => run.Times[nameof(RegistrationFloorAnalyzer)]).ToList());
        output.WriteLine($"| registration floor (one analyzer, the hosts' registrations, callbacks that read a name) | {floor.TotalMilliseconds:N1} ms | {floor / compiler:P3} | {floor / build:P3} | |");
    }

    /// <summary>
    /// Profiling aid (not a measurement of the targets): every callback of each analyzer (each rule alone with
    /// --per-rule) timed by its own clock, by kind and by site, after two unreported runs; prints the slowest sites.
    /// </summary>
    private static async Task TimeCallbacksAsync(AnalyzerSettings settings, SyntaxTree[] trees, MetadataReference[] references, DiagnosticAnalyzer[] analyzers, int top, TextWriter output)
    {
        for (var run = 0; run < 3; run++)
        {
            var timers = (settings.PerRule
                ? analyzers.OfType<RuleHostAnalyzer>().SelectMany(h => h.Rules).Select(r => (DiagnosticAnalyzer)new SingleRuleHost(r))
                : analyzers).Select(a => new CallbackTimer(a)).ToArray();
            var result = await AnalyzeAsync(Create(trees, references), [.. timers, new EmptyAnalyzer()]);
            output.WriteLine($"Run {run + 1} (telemetry, including the timers' own cost): {string.Join(", ", result.Times.Where(t => t.Key != nameof(EmptyAnalyzer)).Select(t => $"{t.Key} {t.Value.TotalMilliseconds:F1} ms"))}");
            if (run == 2)
            {
                foreach (var timer in timers)
                {
                    output.WriteLine();
                    output.WriteLine("### " + Name(timer.Inner));
                    timer.Report(output, top);
                }
            }
        }
    }

    private static string Name(DiagnosticAnalyzer analyzer) => analyzer is CallbackTimer timer ? Name(timer.Inner) : analyzer is SingleRuleHost host ? host.Rules[0].GetType().Name : analyzer.GetType().Name;

    private static DiagnosticAnalyzer[] DiscoverSnoopAnalyzers(TextWriter output)
    {
        var assembly = Assembly.Load(new AssemblyName("Snoop.Analyzers"));
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = e.Types.Where(t => t is not null).ToArray()!;
        }

        var analyzers = types
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToArray();
        if (analyzers.Length == 0)
        {
            output.WriteLine("Snoop.Analyzers contains no DiagnosticAnalyzer yet: only the compiler and the empty baseline are measured.");
        }

        return analyzers;
    }

    private static SyntaxTree[] Parse(AnalyzerSettings settings, AnalyzerCorpus corpus, out int lines, out int realFiles)
    {
        var options = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);
        var sources = (corpus == AnalyzerCorpus.Realistic ? RealisticCorpus.Generate(settings.GeneratedFiles) : CorpusGenerator.Generate(settings.GeneratedFiles)).ToList();

        // Real code: the Snoop runtime's own sources (they compile against the same shared framework).
        // Not in the realistic corpus: the runtime is almost all streams, pipe writers and body features (the shapes).
        var root = corpus == AnalyzerCorpus.Realistic ? null : RepositoryRoot();
        var real = root is null
            ? []
            : Directory.EnumerateFiles(Path.Combine(root, "src", "Snoop"), "*.cs", SearchOption.AllDirectories)
                .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Select(p => (Path: p, Text: File.ReadAllText(p)))
                .ToList();
        realFiles = real.Count;
        sources.AddRange(real);

        // Implicit usings are off in the runtime; the generated files carry their own usings.
        lines = sources.Sum(s => s.Text.AsSpan().Count('\n') + 1);
        return sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, options, s.Path)).ToArray();
    }

    private static string? RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Snoop.Analyzers.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    /// <summary>The .NET and ASP.NET Core shared framework assemblies this process runs on.</summary>
    private static MetadataReference[] FrameworkReferences()
    {
        var directories = new HashSet<string>(StringComparer.Ordinal)
        {
            Path.GetDirectoryName(typeof(object).Assembly.Location)!,
            Path.GetDirectoryName(typeof(HttpContext).Assembly.Location)!,
        };
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return trusted
            .Where(p => directories.Contains(Path.GetDirectoryName(p)!) && p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Where(p => !Path.GetFileName(p).StartsWith("Microsoft.VisualBasic", StringComparison.Ordinal))
            .Where(IsManagedAssembly)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();
    }

    private static bool IsManagedAssembly(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    private static CSharpCompilation Create(SyntaxTree[] trees, MetadataReference[] references) => CSharpCompilation.Create(
        "Shop",
        trees,
        references,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: false));

    private static async Task<AnalysisRun> AnalyzeAsync(Compilation compilation, DiagnosticAnalyzer[] analyzers)
    {
        var exceptions = 0;
        Exception? first = null;
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, _, _) =>
            {
                Interlocked.Increment(ref exceptions);
                first ??= exception;
            },
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: true,
            reportSuppressedDiagnostics: false);
        // Bind the references and merge the declarations first, as the compiler does before it binds anything: otherwise
        // the first analyzer to resolve a type at compilation start is charged with that (about 35 ms here), which the
        // compiler does in any build and which the compiler-alone time above already includes.
        _ = compilation.GetTypeByMetadataName("System.Object");
        var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create(analyzers), options);

        // Start every analysis from a collected heap, so that no analyzer is charged a collection of earlier garbage.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();

        // Then use up a random part of the young generation's budget. From a collected heap the same analysis allocates
        // the same way every time, so each collection during it fell inside the same callback in every repetition: one
        // analyzer was charged the same pause five times over, and the median could not tell. With the collections
        // falling elsewhere each time, the median is an analyzer's own time.
        ConsumeRandomAllocationBudget();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();

        // GetAnalysisResultAsync binds the compilation itself (to produce the events the analyzers subscribe to) and
        // carries the per-analyzer telemetry (GetAnalyzerTelemetryInfoAsync after GetAllDiagnosticsAsync reported
        // zero times). Binding it beforehand with GetDiagnostics would make the driver bind a second time.
        var result = await withAnalyzers.GetAnalysisResultAsync(CancellationToken.None);
        var wall = stopwatch.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var diagnostics = result.GetAllDiagnostics();

        var times = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var analyzer in analyzers)
        {
            var name = Name(analyzer);
            times[name] = result.AnalyzerTelemetryInfo.TryGetValue(analyzer, out var telemetry) ? telemetry.ExecutionTime : TimeSpan.Zero;
            var ids = analyzer.SupportedDiagnostics.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
            counts[name] = diagnostics.Count(d => ids.Contains(d.Id));
        }

        counts.Remove(nameof(EmptyAnalyzer));
        return new AnalysisRun(wall, cpu, times, counts, exceptions, first);
    }

    private static readonly Random s_offsets = new(14);

    private static void ConsumeRandomAllocationBudget()
    {
        // 0–64 MiB in 8 KiB arrays (below the large object heap), dropped at once; a collection during this is outside
        // the measurement and only moves the starting point again.
        var chunks = s_offsets.Next(0, 8192);
        for (var i = 0; i < chunks; i++)
        {
            GC.KeepAlive(new byte[8 * 1024]);
        }
    }

    private static TimeSpan MedianOf(List<TimeSpan> values)
    {
        // The median of an even count is the mean of the two middle values (the "median of the others" of 8 analyzers is over 7).
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }

    private static TimeSpan Median(List<TimeSpan> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private sealed record AnalysisRun(TimeSpan Wall, TimeSpan Cpu, Dictionary<string, TimeSpan> Times, Dictionary<string, int> Diagnostics, int Exceptions, Exception? FirstException);
}
