using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Snoop.Analyzers.Rules;

/// <summary>
/// SNOOP001: the original response body is kept and a buffering stream (MemoryStream, a temp FileStream...) is installed
/// in its place. Reports the facts of <see cref="BufferedBodyAnalysis"/> as diagnostic properties: fixable or why not
/// (<see cref="DiagnosticProperties.FixableKey"/>, <see cref="DiagnosticProperties.NotFixableKey"/>), consumption,
/// copy-back kind, headers changed. The fixer plans its rewrite itself, when the fix is applied.
/// </summary>
public sealed class BufferedResponseBodyRule : SnoopRule
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.SNOOP001_BufferedResponseBody,
        Descriptors.SNOOP001_BytesChanged,
        Descriptors.SNOOP001_HeadersChanged);

    /// <inheritdoc/>
    internal override void Start(RuleStartContext start)
    {
        var types = KnownTypes.Create(start.Compilation);
        if (types.HttpResponse is null || types.HttpContext is null || types.Stream is null || types.MemoryStream is null)
        {
            return;
        }

        start.RegisterAssignmentAction(c => Analyze(c, types), "Body", ResponseBodySwap.ResponseBodyStoreFilter(types));
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes types)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property.Name: "Body" }
            || ResponseBodySwap.FromAssignment(assignment, types) is not { } swap
            || BufferedBodyAnalysis.Create(swap, types, context.CancellationToken) is not { } analysis)
        {
            return;
        }

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        if (analysis.Reason is { } reason)
        {
            properties.Add(DiagnosticProperties.NotFixableKey, reason.ToString());
        }
        else
        {
            properties.Add(DiagnosticProperties.FixableKey, DiagnosticProperties.True);
        }

        properties.Add(DiagnosticProperties.CopyBackKey, analysis.CopyBack.ToString());
        properties.Add(DiagnosticProperties.ConsumptionKey, analysis.DescribeConsumption());
        if (analysis.HeadersChangedAfterHandler)
        {
            properties.Add(DiagnosticProperties.HeadersChangedKey, DiagnosticProperties.True);
        }

        // The message says why there is no fix for these two reasons (the others are in the NotFixable property only).
        var descriptor = analysis.CopyBack == CopyBack.Changed ? Descriptors.SNOOP001_BytesChanged
            : analysis.HeadersChangedAfterHandler && analysis.CopyBack == CopyBack.Unchanged ? Descriptors.SNOOP001_HeadersChanged
            : Descriptors.SNOOP001_BufferedResponseBody;
        context.ReportDiagnostic(Diagnostic.Create(descriptor, assignment.Syntax.GetLocation(), properties.ToImmutable(), analysis.BufferType.Name));
    }
}
