using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Snoop.Analyzers.Rules;

/// <summary>SNOOP001: the original response body is kept and a buffering stream (MemoryStream, a temp FileStream...) is installed in its place.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BufferedResponseBodyAnalyzer : DiagnosticAnalyzer
{
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

                    var fix = !plan.IsFixable ? DiagnosticProperties.FixNone : plan.NeedsBody ? DiagnosticProperties.FixCapture : DiagnosticProperties.FixMetrics;
                    var properties = ImmutableDictionary<string, string?>.Empty
                        .Add(DiagnosticProperties.FixKey, fix)
                        .Add(DiagnosticProperties.CopyBackKey, plan.CopyBack.ToString())
                        .Add(DiagnosticProperties.HeadersChangedKey, plan.HeadersChangedAfterHandler ? "true" : "false")
                        .Add(DiagnosticProperties.ConsumptionKey, plan.DescribeConsumption())
                        .Add(DiagnosticProperties.BufferKey, plan.Buffer?.Name)
                        .Add(DiagnosticProperties.OriginalKey, swap.Original.Name);
                    var why = plan.CopyBack == CopyBack.Changed
                        ? "; no automatic fix: the bytes written back to the original body are not the buffered bytes unchanged (an envelope, a rewrite or an injection), so move that transformation to a dedicated stream or filter"
                        : plan.HeadersChangedAfterHandler && plan.CopyBack == CopyBack.Unchanged
                        ? "; no automatic fix: the status or headers are set after the next component ran, which works only while the body is held back; set them before the response starts (Response.OnStarting)"
                        : string.Empty;
                    c.ReportDiagnostic(Diagnostic.Create(Descriptors.SNOOP001_BufferedResponseBody, assignment.Syntax.GetLocation(), properties, plan.BufferType.Name, why));
                },
                OperationKind.SimpleAssignment);
        });
    }
}
