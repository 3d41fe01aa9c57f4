using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Snoop.Analyzers.Rules;

/// <summary>SNOOP001: the original response body is kept and a buffering stream (MemoryStream, a temp FileStream...) is installed in its place.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BufferedResponseBodyAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Property: <see cref="FixCapture"/>, <see cref="FixMetrics"/> or <see cref="FixNone"/>.</summary>
    internal const string FixProperty = "Fix";

    /// <summary>Property: what happens to the buffered bytes (<see cref="CopyBack"/> name).</summary>
    internal const string CopyBackProperty = "CopyBack";

    /// <summary>Property: how the buffer is consumed, comma separated: text, bytes, length.</summary>
    internal const string ConsumptionProperty = "Consumption";

    /// <summary>Property: the buffer local.</summary>
    internal const string BufferProperty = "Buffer";

    /// <summary>Property: the local keeping the original body.</summary>
    internal const string OriginalProperty = "Original";

    internal const string FixCapture = "Capture";
    internal const string FixMetrics = "Metrics";
    internal const string FixNone = "None";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SNOOP001_BufferedResponseBody);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.Create(start.Compilation);
            if (types.HttpResponse is null || types.HttpContext is null || types.Stream is null || types.MemoryStream is null)
            {
                return;
            }

            start.RegisterOperationAction(
                c =>
                {
                    var assignment = (ISimpleAssignmentOperation)c.Operation;
                    if (assignment.Target is not IPropertyReferenceOperation { Property.Name: "Body" }
                        || ResponseBodySwap.FromAssignment(assignment, types) is not { } swap
                        || BufferedBodyPlan.Create(swap, types, c.CancellationToken) is not { } plan)
                    {
                        return;
                    }

                    var fix = !plan.IsFixable ? FixNone : plan.NeedsBody ? FixCapture : FixMetrics;
                    var properties = ImmutableDictionary<string, string?>.Empty
                        .Add(FixProperty, fix)
                        .Add(CopyBackProperty, plan.CopyBack.ToString())
                        .Add(ConsumptionProperty, plan.DescribeConsumption())
                        .Add(BufferProperty, plan.Buffer?.Name)
                        .Add(OriginalProperty, swap.Original.Name);
                    var why = plan.CopyBack == CopyBack.Changed
                        ? "; no automatic fix: the bytes written back to the original body are not the buffered bytes unchanged (an envelope, a rewrite or an injection), so move that transformation to a dedicated stream or filter"
                        : string.Empty;
                    c.ReportDiagnostic(Diagnostic.Create(Descriptors.SNOOP001_BufferedResponseBody, assignment.Syntax.GetLocation(), properties, plan.BufferType.Name, why));
                },
                OperationKind.SimpleAssignment);
        });
    }
}
