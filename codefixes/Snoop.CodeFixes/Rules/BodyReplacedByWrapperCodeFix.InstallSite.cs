using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers;
using Snoop.Analyzers.Rules;
using Snoop.Analyzers.Shared;

namespace Snoop.CodeFixes.Rules;

/// <content>Syntax facts about the install site: the <c>HttpContext</c> text, declarations, adjacency, a free capture name.</content>
public sealed partial class BodyReplacedByWrapperCodeFix
{
    /// <summary>The <c>HttpContext</c> to pass to <c>BeginMetrics</c>, as source text: <c>context</c> of <c>context.Response</c>, or <c>response.HttpContext</c>.</summary>
    private static string? GetContextText(IOperation? response, KnownTypes known)
    {
        var context = ResponseBodySwap.GetHttpContextOfResponse(response, known);
        if (context is null || context.IsImplicit || !IsSimpleReference(context))
        {
            return null;
        }

        if (KnownTypes.InheritsFromOrEquals(context.Type, known.HttpContext))
        {
            return context.Syntax.ToString();
        }

        return KnownTypes.InheritsFromOrEquals(context.Type, known.HttpResponse) ? context.Syntax + ".HttpContext" : null;
    }

    /// <summary>A parameter, local, field or property chain: safe to evaluate once more, earlier.</summary>
    private static bool IsSimpleReference(IOperation? operation)
    {
        for (var i = 0; i < 8; i++)
        {
            switch (OperationFacts.Unwrap(operation))
            {
                case IParameterReferenceOperation or ILocalReferenceOperation or IInstanceReferenceOperation:
                    return true;
                case IPropertyReferenceOperation { Arguments.Length: 0 } property:
                    if (property.Instance is null)
                    {
                        return true;
                    }

                    operation = property.Instance;
                    break;
                case IFieldReferenceOperation field:
                    if (field.Instance is null)
                    {
                        return true;
                    }

                    operation = field.Instance;
                    break;
                default:
                    return false;
            }
        }

        return false;
    }

    private static LocalDeclarationStatementSyntax? DeclarationOf(ILocalSymbol local, SyntaxNode functionBody, CancellationToken cancellationToken)
    {
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax statement } }
                && functionBody.Span.Contains(statement.Span))
            {
                return statement;
            }
        }

        return null;
    }

    private static string ChooseName(SemanticModel model, SyntaxNode functionBody, CancellationToken cancellationToken)
    {
        var taken = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var node in functionBody.DescendantNodes())
        {
            switch (node)
            {
                case VariableDeclaratorSyntax variable:
                    taken.Add(variable.Identifier.ValueText);
                    break;
                case SingleVariableDesignationSyntax designation:
                    taken.Add(designation.Identifier.ValueText);
                    break;
                case IdentifierNameSyntax identifier:
                    taken.Add(identifier.Identifier.ValueText);
                    break;
            }
        }

        for (var i = 1; ; i++)
        {
            var name = i == 1 ? "capture" : "capture" + i;
            if (!taken.Contains(name) && model.LookupSymbols(functionBody.SpanStart, name: name).IsEmpty)
            {
                return name;
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
