using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Snoop.Analyzers.Rules;

/// <summary>
/// SNOOP008: an <c>HttpResponseMessage</c>'s content is replaced by new content built from reading that same content
/// (a logging <c>DelegatingHandler</c>, an extension method), and the content headers are not carried over.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ResponseContentReplacedAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SNOOP008_ResponseContentReplaced);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.Create(start.Compilation);
            if (types.HttpResponseMessage is null || types.HttpContent is null)
            {
                return;
            }

            start.RegisterOperationAction(
                c =>
                {
                    var assignment = (ISimpleAssignmentOperation)c.Operation;
                    if (assignment.Target is not IPropertyReferenceOperation { Property.Name: "Content" } target
                        || !KnownTypes.InheritsFromOrEquals(target.Property.ContainingType, types.HttpResponseMessage)
                        || ResponseContentReplacement.Create(assignment, types, c.CancellationToken) is not { } replacement)
                    {
                        return;
                    }

                    var properties = replacement.Blocker == ContentFixBlocker.None
                        ? ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.FixableKey, DiagnosticProperties.True)
                        : ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.NotFixableKey, replacement.Blocker.ToString());
                    c.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.SNOOP008_ResponseContentReplaced,
                        assignment.Syntax.GetLocation(),
                        properties,
                        replacement.NewContent.Type?.Name,
                        Why(replacement.Blocker)));
                },
                OperationKind.SimpleAssignment);
        });
    }

    /// <summary>The end of the message: why no fix is offered, or nothing.</summary>
    internal static string Why(ContentFixBlocker blocker) => blocker switch
    {
        ContentFixBlocker.Transformed => "; no automatic fix: the new content's bytes are not always the ones read (the body is rewritten, decompressed, re-serialized, or something else on some path), so copy the content headers that still hold onto the new content",
        ContentFixBlocker.NotAsync => "; no automatic fix: the code is not async and HttpContent has no public synchronous LoadIntoBuffer, so buffer with LoadIntoBufferAsync on the async path (SendAsync) or copy the content headers",
        ContentFixBlocker.StreamRead => "; no automatic fix: the body is read through ReadAsStream(Async) or an extension method that may use it, and once the content is buffered that same stream is handed to every later reader at its end, so read it with ReadAsStringAsync, ReadAsByteArrayAsync or CopyToAsync after LoadIntoBufferAsync",
        _ => string.Empty,
    };
}
