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
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BufferedResponseBodyAnalyzer : DiagnosticAnalyzer
{
    private const string BytesChangedSuffix = "; no automatic fix: the bytes written back to the original body are not the buffered bytes unchanged (an envelope, a rewrite or an injection), so move that transformation to a dedicated stream or filter";

    private const string HeadersChangedSuffix = "; no automatic fix: the status or headers are set after the next component ran, which works only while the body is held back; set them before the response starts (Response.OnStarting)";

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

            start.RegisterOperationAction(c => Analyze(c, types), OperationKind.SimpleAssignment);
        });
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

        var why = analysis.CopyBack == CopyBack.Changed ? BytesChangedSuffix
            : analysis.HeadersChangedAfterHandler && analysis.CopyBack == CopyBack.Unchanged ? HeadersChangedSuffix
            : string.Empty;
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SNOOP001_BufferedResponseBody, assignment.Syntax.GetLocation(), properties.ToImmutable(), analysis.BufferType.Name, why));
    }
}
