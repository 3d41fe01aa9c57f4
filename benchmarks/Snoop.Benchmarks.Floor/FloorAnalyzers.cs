using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Snoop.Benchmarks.Floor;

/// <summary>
/// The registration floor's callbacks: the registrations of Snoop's two hosts (every assignment and every invocation for
/// <c>ResponseSiteAnalyzer</c>, every named type at symbol start for <c>WrapperTypeAnalyzer</c>) with callbacks that only
/// read the member name or the base type the rules start from. No analyzer that looks at these sites can cost less under
/// the driver's telemetry.
/// </summary>
public static class FloorCallbacks
{
    private static int s_seen;

    /// <summary>How many sites or types had the names the rules look for (read, so the checks are not optimized away).</summary>
    public static int Seen => Volatile.Read(ref s_seen);

    /// <summary>The site host's registrations: one callback per simple assignment, one per invocation.</summary>
    public static void RegisterSites(CompilationStartAnalysisContext start)
    {
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
    }

    /// <summary>The type host's registration: one symbol-start callback per named type.</summary>
    public static void RegisterTypes(CompilationStartAnalysisContext start)
    {
        var stream = start.Compilation.GetTypeByMetadataName("System.IO.Stream");
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
    }

    /// <summary>
    /// Never reported. A warning, as Snoop's are: the command-line compiler skips an analyzer whose diagnostics are all
    /// hidden (or info), so a hidden descriptor would leave nothing to measure.
    /// </summary>
    internal static readonly DiagnosticDescriptor Rule = new(
        "BENCH001", "Floor", "Floor", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);
}

/// <summary>
/// A floor as an analyzer: <see cref="FloorCallbacks.Rule"/> (never reported), generated code skipped and concurrent
/// execution, as Snoop's hosts, and the registrations it is given at compilation start.
/// </summary>
public abstract class FloorAnalyzer : DiagnosticAnalyzer
{
    private readonly Action<CompilationStartAnalysisContext> _register;

    /// <summary>An analyzer that makes <paramref name="register"/>'s registrations at every compilation start.</summary>
    protected FloorAnalyzer(Action<CompilationStartAnalysisContext> register) => _register = register;

    /// <inheritdoc/>
    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(FloorCallbacks.Rule);

    /// <inheritdoc/>
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(_register);
    }
}

/// <summary>The site host's registration floor, as an analyzer of its own (for csc's <c>/reportanalyzer</c>).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SiteFloorAnalyzer() : FloorAnalyzer(FloorCallbacks.RegisterSites);

/// <summary>The type host's registration floor, as an analyzer of its own (for csc's <c>/reportanalyzer</c>).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TypeFloorAnalyzer() : FloorAnalyzer(FloorCallbacks.RegisterTypes);
