using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Snoop.Analyzers;

namespace Snoop.Benchmarks.Analyzers;

/// <summary>
/// The registration floor: one analyzer with the registrations of Snoop's two hosts (every file, every named type at symbol
/// start) whose callbacks only search each file's text for the names the site rules ask for, and read the base type the
/// type rules start from. No analyzer that looks at these sites can cost less under the driver's telemetry.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RegistrationFloorAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new(
        "BENCH001", "Floor", "Floor", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    private static readonly string[] Names = ["Body", "Content", "Set"];

    private static int s_seen;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <summary>How many sites had the names the rules look for (read, so the checks are not optimized away).</summary>
    public static int Seen => s_seen;

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var stream = start.Compilation.GetTypeByMetadataName("System.IO.Stream");
            start.RegisterSemanticModelAction(c =>
            {
                // The site host's least work per file: one search of the file's text per name.
                var text = c.SemanticModel.SyntaxTree.GetText(c.CancellationToken).ToString();
                foreach (var name in Names)
                {
                    if (text.IndexOf(name, StringComparison.Ordinal) >= 0)
                    {
                        Interlocked.Increment(ref s_seen);
                    }
                }
            });
            start.RegisterSymbolStartAction(
                c =>
                {
                    var type = (INamedTypeSymbol)c.Symbol;
                    if (SymbolEqualityComparer.Default.Equals(type.BaseType, stream) || type.BaseType?.Name == "HttpResponse")
                    {
                        Interlocked.Increment(ref s_seen);
                    }
                },
                SymbolKind.NamedType);
        });
    }
}

/// <summary>One Snoop rule alone in a host of its own: the per-rule measurement (one analyzer per rule).</summary>
#pragma warning disable RS1001 // Built by the benchmark for one rule, never loaded by a compiler.
public sealed class SingleRuleHost(SnoopRule rule) : RuleHostAnalyzer(rule);
#pragma warning restore RS1001
