using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Snoop.Benchmarks.Analyzers;

/// <summary>
/// Profiling aid: runs an analyzer with every callback it registers timed by its own clock, by kind and by site, so that
/// the expensive sites can be named (the driver's telemetry gives one total per analyzer).
/// </summary>
public sealed class CallbackTimer(DiagnosticAnalyzer inner) : DiagnosticAnalyzer
{
    private readonly ConcurrentDictionary<string, long> _byKind = new();
    private readonly ConcurrentBag<(long Ticks, string Kind, object Where)> _sites = new();

    public DiagnosticAnalyzer Inner => inner;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => inner.SupportedDiagnostics;

    public override void Initialize(AnalysisContext context) => inner.Initialize(new Proxy(context, this));

    public void Report(TextWriter output, int top)
    {
        foreach (var pair in _byKind.OrderByDescending(p => p.Value))
        {
            output.WriteLine($"- {pair.Key}: {pair.Value * 1000.0 / Stopwatch.Frequency:F2} ms in all");
        }

        foreach (var site in _sites.OrderByDescending(s => s.Ticks).Take(top))
        {
            output.WriteLine($"  - {site.Ticks * 1_000_000.0 / Stopwatch.Frequency:F0} µs {site.Kind} {Describe(site.Where)}");
        }

        foreach (var kind in _sites.GroupBy(s => s.Kind))
        {
            output.WriteLine($"- {kind.Key}: {kind.Count()} callbacks, median {Median(kind.Select(s => s.Ticks)) * 1_000_000_000.0 / Stopwatch.Frequency:F0} ns");
        }

        var groups = _sites.GroupBy(s => s.Kind + " " + Describe(s.Where).Split(':')[0]).Select(g => (g.Key, Ticks: g.Sum(s => s.Ticks), Count: g.Count())).OrderByDescending(g => g.Ticks).Take(top);
        foreach (var g in groups)
        {
            output.WriteLine($"  - {g.Ticks * 1000.0 / Stopwatch.Frequency:F2} ms in {g.Count} callbacks: {g.Key}");
        }
    }

    private Action<T> Time<T>(string kind, Action<T> action, Func<T, object> where) => c =>
    {
        var start = Stopwatch.GetTimestamp();
        action(c);
        var ticks = Stopwatch.GetTimestamp() - start;
        _byKind.AddOrUpdate(kind, ticks, (_, t) => t + ticks);
        _sites.Add((ticks, kind, where(c)));
    };

    private static long Median(IEnumerable<long> values) => values.OrderBy(v => v).ElementAt(values.Count() / 2);

    private static string Describe(object where) => where switch
    {
        IOperation operation => At(operation.Syntax.GetLocation()),
        Location location => At(location),
        ISymbol symbol => At(symbol),
        _ => where.ToString() ?? "?",
    };

    private static string At(Location location) => location.GetLineSpan() is var span ? $"{Path.GetFileName(span.Path)}:{span.StartLinePosition.Line + 1}" : "?";

    private static string At(ISymbol symbol) => symbol.Locations.FirstOrDefault() is { } l ? At(l) + " " + symbol.Name : symbol.Name;

    private sealed class Proxy(AnalysisContext real, CallbackTimer timer) : AnalysisContext
    {
        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action)
            => real.RegisterCompilationStartAction(timer.Time<CompilationStartAnalysisContext>("compilation start", c => action(new StartProxy(c, timer)), _ => "compilation"));

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => real.ConfigureGeneratedCodeAnalysis(analysisMode);

        public override void EnableConcurrentExecution() => real.EnableConcurrentExecution();

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => throw new NotSupportedException();

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => throw new NotSupportedException();

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => throw new NotSupportedException();

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => throw new NotSupportedException();

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => throw new NotSupportedException();

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => throw new NotSupportedException();

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => throw new NotSupportedException();
    }

    private sealed class StartProxy(CompilationStartAnalysisContext real, CallbackTimer timer) : CompilationStartAnalysisContext(real.Compilation, real.Options, real.CancellationToken)
    {
        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
            => real.RegisterOperationAction(timer.Time<OperationAnalysisContext>("operation " + string.Join(",", operationKinds), action, c => c.Operation), operationKinds);

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds)
            => real.RegisterSymbolAction(timer.Time<SymbolAnalysisContext>("symbol", action, c => c.Symbol), symbolKinds);

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind)
            => real.RegisterSymbolStartAction(timer.Time<SymbolStartAnalysisContext>("symbol start", c => action(new SymbolStartProxy(c, timer)), c => c.Symbol), symbolKind);

        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => throw new NotSupportedException();

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => throw new NotSupportedException();

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => throw new NotSupportedException();

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => throw new NotSupportedException();

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => throw new NotSupportedException();

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
            => real.RegisterSyntaxNodeAction(timer.Time<SyntaxNodeAnalysisContext>("syntax node", action, c => c.Node.GetLocation()), syntaxKinds);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => throw new NotSupportedException();

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => throw new NotSupportedException();
    }

    private sealed class SymbolStartProxy(SymbolStartAnalysisContext real, CallbackTimer timer) : SymbolStartAnalysisContext(real.Symbol, real.Compilation, real.Options, real.CancellationToken)
    {
        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action)
            => real.RegisterOperationBlockAction(timer.Time<OperationBlockAnalysisContext>("operation block", action, c => c.OwningSymbol));

        public override void RegisterSymbolEndAction(Action<SymbolAnalysisContext> action)
            => real.RegisterSymbolEndAction(timer.Time<SymbolAnalysisContext>("symbol end", action, c => c.Symbol));

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
            => real.RegisterOperationAction(timer.Time<OperationAnalysisContext>("symbol operation", action, c => c.Operation), operationKinds);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => throw new NotSupportedException();

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => throw new NotSupportedException();

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => throw new NotSupportedException();

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => throw new NotSupportedException();
    }
}
