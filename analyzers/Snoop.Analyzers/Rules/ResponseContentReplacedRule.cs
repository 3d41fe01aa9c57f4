using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Snoop.Analyzers.Rules;

/// <summary>
/// SNOOP008: an <c>HttpResponseMessage</c>'s content is replaced by new content built from reading that same content
/// (a logging <c>DelegatingHandler</c>, an extension method), and the content headers are not carried over.
/// </summary>
public sealed class ResponseContentReplacedRule : SnoopRule
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.SNOOP008_ResponseContentReplaced,
        Descriptors.SNOOP008_Transformed,
        Descriptors.SNOOP008_NotAsync,
        Descriptors.SNOOP008_StreamRead);

    /// <inheritdoc/>
    internal override void Start(RuleStartContext start)
    {
        var types = KnownTypes.Create(start.Compilation);
        if (types.HttpResponseMessage is null || types.HttpContent is null)
        {
            return;
        }

        start.RegisterAssignmentAction(
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
                    Descriptor(replacement.Blocker),
                    assignment.Syntax.GetLocation(),
                    properties,
                    replacement.NewContent.Type?.Name));
            },
            "Content");
    }

    /// <summary>The message format: fixable, or why no fix is offered.</summary>
    internal static DiagnosticDescriptor Descriptor(ContentFixBlocker blocker) => blocker switch
    {
        ContentFixBlocker.Transformed => Descriptors.SNOOP008_Transformed,
        ContentFixBlocker.NotAsync => Descriptors.SNOOP008_NotAsync,
        ContentFixBlocker.StreamRead => Descriptors.SNOOP008_StreamRead,
        _ => Descriptors.SNOOP008_ResponseContentReplaced,
    };
}
