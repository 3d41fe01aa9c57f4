using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>SNOOP002: the response body (or body feature) is replaced and the original is not put back in a finally block.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BodyNotRestoredAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.SNOOP002_NeverRestored,
        Descriptors.SNOOP002_RestoredOnSuccessOnly,
        Descriptors.SNOOP002_RestoredInCatchOnly);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.Create(start.Compilation);
            if (types.HttpResponse is null || types.HttpContext is null || types.Stream is null)
            {
                return;
            }

            start.RegisterOperationAction(
                c =>
                {
                    var assignment = (ISimpleAssignmentOperation)c.Operation;
                    if (assignment.Target is IPropertyReferenceOperation { Property.Name: "Body" } && ResponseBodySwap.FromAssignment(assignment, types) is { } swap)
                    {
                        Analyze(c, swap, types);
                    }
                },
                OperationKind.SimpleAssignment);

            if (types.IFeatureCollection is not null && types.IHttpResponseBodyFeature is not null)
            {
                start.RegisterOperationAction(
                    c =>
                    {
                        var invocation = (IInvocationOperation)c.Operation;
                        if (invocation.TargetMethod.Name == "Set" && ResponseBodySwap.FromFeatureSet(invocation, types) is { } swap)
                        {
                            Analyze(c, swap, types);
                        }
                    },
                    OperationKind.Invocation);
            }
        });
    }

    private static void Analyze(OperationAnalysisContext context, ResponseBodySwap swap, KnownTypes types)
    {
        var kind = swap.ClassifyRestore(types, out var restore);
        DiagnosticDescriptor descriptor;
        switch (kind)
        {
            case RestoreKind.Never:
                descriptor = Descriptors.SNOOP002_NeverRestored;
                break;
            case RestoreKind.SuccessPathOnly when restore is not null && CanThrowBetween(swap, restore):
                descriptor = Descriptors.SNOOP002_RestoredOnSuccessOnly;
                break;
            case RestoreKind.CatchOnly:
                descriptor = Descriptors.SNOOP002_RestoredInCatchOnly;
                break;
            default:
                return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.RestoreKey, kind.ToString());
        if (RestoreRegion.Find(swap, kind, restore, types) is not null)
        {
            properties = properties.Add(DiagnosticProperties.FixableKey, DiagnosticProperties.True);
        }

        context.ReportDiagnostic(Diagnostic.Create(descriptor, swap.Swap.Syntax.GetLocation(), properties, swap.Original.Name));
    }

    /// <summary>True when a call or an await sits between the swap and the restore (something that can throw).</summary>
    private static bool CanThrowBetween(ResponseBodySwap swap, IOperation restore)
    {
        var start = swap.Swap.Syntax.Span.End;
        var end = restore.Syntax.SpanStart;
        foreach (var op in FunctionScope.EnumerateOwn(swap.Scope))
        {
            var position = op.Syntax.SpanStart;
            if (position >= start && position < end && op is IInvocationOperation or IAwaitOperation or IObjectCreationOperation or IThrowOperation)
            {
                return true;
            }
        }

        return false;
    }
}
