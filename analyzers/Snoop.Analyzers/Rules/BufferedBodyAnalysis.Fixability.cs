using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>
/// The fixability half of <see cref="BufferedBodyAnalysis"/>: the copy-back kind the classified uses add up to, whether
/// headers change after the handler, and one named check per shape the rewrite needs (each records a
/// <see cref="NotFixableReason"/>).
/// </summary>
internal sealed partial class BufferedBodyAnalysis
{
    /// <summary>Records a reason the rewrite cannot be done; the first one found is kept.</summary>
    private void Reject(NotFixableReason reason) => _shapeProblem ??= reason;

    private CopyBack DecideCopyBack()
        => _bytesChanged || (!_copiedBack && _responseWrittenAfterRestore) ? CopyBack.Changed
            : _unknownUse ? CopyBack.Unknown
            : _copiedBack ? CopyBack.Unchanged
            : CopyBack.Missing;

    /// <summary>Only whole statements of a block can go (an embedded <c>if (x) ms.Position = 0;</c> cannot).</summary>
    private void CheckRemovalsAreWholeStatements()
    {
        foreach (var removal in _removals)
        {
            if (removal.Parent is not BlockSyntax)
            {
                Reject(NotFixableReason.NotAWholeStatement);
            }
        }
    }

    /// <summary>Every read of the capture must sit in the capture's scope: after the swap, in the block that will hold it.</summary>
    private void CheckReadsAreInTheCaptureScope()
    {
        var swapPosition = Swap.Swap.Syntax.SpanStart;
        var captureBlock = BufferDeclaration is UsingStatementSyntax { Statement: BlockSyntax usingBody } ? usingBody : Swap.SwapStatement?.Parent as BlockSyntax;
        foreach (var replacement in _replacements)
        {
            if (captureBlock is null || replacement.Node.SpanStart <= swapPosition || !IsWithin(replacement.Node, captureBlock))
            {
                Reject(NotFixableReason.ReadOutsideTheCapture);
            }
        }
    }

    /// <summary><c>Task Invoke(...) =&gt; _next(context)</c>: the capture would end before the next component runs.</summary>
    private void CheckTheFunctionAwaits()
    {
        if (Swap.ReturnsTaskWithoutAwaiting(_types))
        {
            Reject(NotFixableReason.TaskNotAwaited);
        }
    }

    /// <summary>The capture is handed the context as written: it must be an explicit expression that is not declared nullable.</summary>
    private void CheckTheContextIsUsable()
    {
        if (Swap.HttpContext.Syntax is not ExpressionSyntax || Swap.HttpContext.IsImplicit || IsDeclaredNullable(Swap.HttpContext) || Swap.Swap.SemanticModel is null)
        {
            Reject(NotFixableReason.ContextNotUsable);
        }
    }

    private bool ChangesHeadersAfterTheHandler(int swapPosition)
    {
        // The handler: the first delegate invocation after the swap (next(), _next(context), next(context)).
        var handlerEnd = -1;
        foreach (var op in FunctionScope.EnumerateOwn(Swap.Scope))
        {
            if (op.Syntax.SpanStart > swapPosition && op is IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke })
            {
                handlerEnd = op.Syntax.Span.End;
                break;
            }
        }

        if (handlerEnd < 0)
        {
            return false;
        }

        foreach (var op in FunctionScope.EnumerateOwn(Swap.Scope))
        {
            if (op.Syntax.SpanStart < handlerEnd || IsRemoved(op.Syntax))
            {
                continue;
            }

            switch (op)
            {
                case IAssignmentOperation { Target: IPropertyReferenceOperation target } when !ResponseBodySwap.IsBodyProperty(target.Property, _types) && IsOnTheResponse(target):
                    return true;
                case IInvocationOperation invocation when invocation.Instance is IPropertyReferenceOperation { Property.Name: "Headers" } headers && IsOnTheResponse(headers)
                    && invocation.TargetMethod.Name is "Add" or "Append" or "Remove" or "Clear" or "TryAdd" or "Set":
                    return true;
            }
        }

        return false;
    }

    /// <summary><c>response.StatusCode</c>, <c>response.Headers[...]</c>, <c>response.Headers.ContentType</c>: a member reached from the swapped response.</summary>
    private bool IsOnTheResponse(IPropertyReferenceOperation property)
    {
        for (IOperation? current = property.Instance; current is not null;)
        {
            if (OperationFacts.SameInstance(current, Swap.Response))
            {
                return true;
            }

            current = OperationFacts.Unwrap(current) is IPropertyReferenceOperation parent ? parent.Instance : null;
        }

        return false;
    }

    /// <summary>True when <paramref name="node"/> is inside <paramref name="block"/> without crossing into a nested function.</summary>
    private static bool IsWithin(SyntaxNode node, BlockSyntax block)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            if (current == block)
            {
                return true;
            }

            if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>HttpContext? context</c>: the removed read (<c>context!.Response.Body</c>) may be what proved it not null, and the
    /// capture (or the code after it) would then get nullable warnings, so no fix is offered.
    /// </summary>
    private static bool IsDeclaredNullable(IOperation operation) => OperationFacts.Unwrap(operation) switch
    {
        IParameterReferenceOperation parameter => parameter.Parameter.NullableAnnotation == NullableAnnotation.Annotated,
        IFieldReferenceOperation field => field.Field.NullableAnnotation == NullableAnnotation.Annotated,
        IPropertyReferenceOperation property => property.Property.NullableAnnotation == NullableAnnotation.Annotated,
        ILocalReferenceOperation local => local.Local.NullableAnnotation == NullableAnnotation.Annotated
            && local.Local.DeclaringSyntaxReferences.Length == 1
            && local.Local.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Type.IsVar: false } },
        _ => false,
    };
}
