using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers;

namespace Snoop.Benchmarks.Analyzers;

/// <summary>
/// The registration floor: one analyzer with the registrations of Snoop's two hosts (every assignment, every invocation,
/// every named type at symbol start) whose callbacks only read the member name or base types the rules start from. No
/// analyzer that looks at these sites can cost less under the driver's telemetry.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RegistrationFloorAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new(
        "BENCH001", "Floor", "Floor", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

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
            start.RegisterOperationAction(
                c =>
                {
                    if (((ISimpleAssignmentOperation)c.Operation).Target is IPropertyReferenceOperation { Property.Name: "Body" or "Content" })
                    {
                        Interlocked.Increment(ref s_seen);
                    }
                },
                OperationKind.SimpleAssignment);
            start.RegisterOperationAction(
                c =>
                {
                    if (((IInvocationOperation)c.Operation).TargetMethod.Name == "Set")
                    {
                        Interlocked.Increment(ref s_seen);
                    }
                },
                OperationKind.Invocation);
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
