using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Snoop.Analyzers.Shared;
using Microsoft.CodeAnalysis.Operations;

namespace Snoop.Analyzers.Rules;

/// <content>Why the fix may not apply (<see cref="ContentFixBlocker"/>): the function is not async, a stream read keeps being used, the replacement is not a statement in a block, or the new content's local is used otherwise.</content>
internal sealed partial class ResponseContentReplacement
{
    /// <summary>
    /// True for a read that hands out the content's stream (<c>ReadAsStream</c>, <c>ReadAsStreamAsync</c>), or an extension
    /// method that may (a helper of the application's own, <c>ReadFromJsonAsync</c>): once the content is buffered, the content
    /// hands that same stream to every later reader, left at its end (or disposed) by this one.
    /// </summary>
    public static bool IsStreamRead(IInvocationOperation read) => read.TargetMethod.Name is "ReadAsStreamAsync" or "ReadAsStream" || read.TargetMethod.IsExtensionMethod;

    private bool IsAsyncFunction()
    {
        var symbol = Scope switch
        {
            IAnonymousFunctionOperation lambda => lambda.Symbol,
            ILocalFunctionOperation local => local.Symbol,
            _ => Assignment.SemanticModel?.GetEnclosingSymbol(Assignment.Syntax.SpanStart) as IMethodSymbol,
        };
        return symbol is { IsAsync: true };
    }

    /// <summary>A stream read of the original whose stream is used for more than building the new content.</summary>
    private bool KeepsReadingAStream()
    {
        foreach (var read in _reads)
        {
            if (IsStreamRead(read) && !FeedsOnlyTheNewContent(read))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The read's value goes straight into the new content's constructor, or into a local used only there.</summary>
    private bool FeedsOnlyTheNewContent(IOperation read)
    {
        var value = read;
        while (value.Parent is IAwaitOperation or IConversionOperation
            || (value.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance == value))
        {
            value = value.Parent;
        }

        if (value.Parent is IArgumentOperation { Parent: { } creation } && creation == NewContent)
        {
            return true;
        }

        if (value.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            var span = NewContent.Syntax.Span;
            foreach (var op in _operations)
            {
                if (op is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, declarator.Symbol) && !span.Contains(op.Syntax.Span))
                {
                    return false;
                }
            }

            return true;
        }

        return false;
    }

    /// <summary>
    /// The new content's local (<c>var replacement = new StringContent(...)</c>) is declared other than by a statement of its
    /// own, or used (nested functions included) other than by the replacement and statements that set up its <c>Headers</c>:
    /// the fix removes all of those.
    /// </summary>
    private bool NewContentUsedOtherwise()
    {
        if (NewContentLocal is not { } local)
        {
            return false;
        }

        LocalDeclarationStatementSyntax? declaration = null;
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax { Parent: BlockSyntax } statement } }
                && Scope.Syntax.Span.Contains(statement.Span))
            {
                declaration = statement;
            }
        }

        if (declaration is null)
        {
            return true;
        }

        var replacement = Assignment.Syntax.Parent;
        foreach (var op in FunctionScope.EnumerateAll(Scope))
        {
            if (op is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                continue;
            }

            var statement = op.Syntax.FirstAncestorOrSelf<StatementSyntax>();
            if (statement is null
                || statement != replacement && statement != declaration
                    && !(reference.Parent is IPropertyReferenceOperation { Property.Name: "Headers" } && statement is ExpressionStatementSyntax { Parent: BlockSyntax }))
            {
                return true;
            }
        }

        return false;
    }
}
