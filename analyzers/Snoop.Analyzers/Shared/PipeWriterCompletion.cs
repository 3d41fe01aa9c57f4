using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Snoop.Analyzers.Shared;

/// <summary>
/// SNOOP006's view of a wrapper's <c>Complete</c>/<c>CompleteAsync</c> overrides, shared by the analyzer (the
/// fixability fact) and the fixer (the rewrite): inner calls that drop the exception, and passing it on.
/// </summary>
internal static class PipeWriterCompletion
{
    /// <summary>The inner <c>Complete</c>/<c>CompleteAsync</c> calls in <paramref name="method"/> that drop the exception (no argument, <c>null</c>, <c>default</c>).</summary>
    public static List<InvocationExpressionSyntax> DroppingCalls(MethodDeclarationSyntax method, SemanticModel model, INamedTypeSymbol pipeWriter, IMethodSymbol? completeAsyncSlot, CancellationToken cancellationToken)
    {
        var calls = new List<InvocationExpressionSyntax>();
        foreach (var node in method.DescendantNodes())
        {
            if (node is InvocationExpressionSyntax call
                && call.ArgumentList.Arguments.Count <= 1
                && IsDropping(call.ArgumentList)
                && AsyncBodyTranslator.IsInnerCall(model, call, pipeWriter, slot: null, cancellationToken)
                && model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol target
                && (target.Name == "Complete" || SymbolEqualityComparer.Default.Equals(SymbolFacts.Root(target), completeAsyncSlot)))
            {
                calls.Add(call);
            }
        }

        return calls;
    }

    /// <summary>No argument, <c>null</c> or <c>default</c>.</summary>
    public static bool IsDropping(ArgumentListSyntax arguments)
        => arguments.Arguments.Count == 0
            || arguments.Arguments[0].Expression.IsKind(SyntaxKind.NullLiteralExpression)
            || arguments.Arguments[0].Expression.IsKind(SyntaxKind.DefaultLiteralExpression)
            || arguments.Arguments[0].Expression is DefaultExpressionSyntax;

    /// <summary>The async call's arguments for a sync <c>Complete</c> call: the method's exception parameter (null when the call passes something else).</summary>
    public static ArgumentListSyntax? PassedException(ArgumentListSyntax arguments, string exceptionName)
    {
        if (arguments.Arguments.Count > 1)
        {
            return null;
        }

        if (arguments.Arguments.Count == 1
            && !IsDropping(arguments)
            && !(arguments.Arguments[0].Expression is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == exceptionName))
        {
            return null;
        }

        return SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(exceptionName))));
    }
}
