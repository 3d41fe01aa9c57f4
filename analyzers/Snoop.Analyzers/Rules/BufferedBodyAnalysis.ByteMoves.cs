using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <content>
/// The byte-moves half of <see cref="BufferedBodyAnalysis"/> (pass 1): the statements that only move bytes around (rewinds,
/// copy-back, dispose), the writes that change the buffered bytes, and what each use of the buffer and of the kept original is.
/// </content>
internal sealed partial class BufferedBodyAnalysis
{
    /// <summary>Pass 1: statements that only move bytes around (rewinds, copy-back, dispose), and writes that change them.</summary>
    private void ClassifyByteMoves(CancellationToken cancellationToken)
    {
        foreach (var op in FunctionScope.EnumerateAll(Swap.Scope))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (IsBufferReference(op))
            {
                ClassifyBufferUse(OperationFacts.Climb(op));
            }
            else if (IsOriginalReference(op))
            {
                ClassifyOriginalUse(OperationFacts.Climb(op));
            }
            else if (IsWriteToTheResponseAfterRestore(op))
            {
                _responseWrittenAfterRestore = true;
            }
        }
    }

    private void ClassifyBufferUse(IOperation use)
    {
        switch (use.Parent)
        {
            case IInvocationOperation invocation when invocation.Instance == use:
                var name = invocation.TargetMethod.Name;
                if ((name == "Seek" && IsRewind(invocation)) || name is "Dispose" or "DisposeAsync" or "Flush" or "FlushAsync")
                {
                    AddStandalone(invocation);
                }
                else if (name is "CopyTo" or "CopyToAsync" or "WriteTo" && invocation.Arguments.Length >= 1)
                {
                    if (IsOriginalReference(invocation.Arguments[0].Value))
                    {
                        AddStandalone(invocation);
                        _copiedBack = true;
                    }
                    else
                    {
                        _unknownUse = true;
                    }
                }

                break;
            case IPropertyReferenceOperation { Property.Name: "Length" } length when length.Instance == use && IsContentLengthFromTheBuffer(length):
                // response.ContentLength = buffer.Length: the streamed response is framed by the server (see docs/rules/SNOOP001.md).
                _removals.Add(length.Syntax.FirstAncestorOrSelf<ExpressionStatementSyntax>()!);
                break;
            case IPropertyReferenceOperation { Property.Name: "Position" } position when position.Instance == use
                && position.Parent is ISimpleAssignmentOperation assignment && assignment.Target == position
                && IsZero(assignment.Value) && assignment.Syntax.Parent is ExpressionStatementSyntax rewind:
                _removals.Add(rewind);
                break;
        }
    }

    /// <summary>
    /// <c>response.ContentLength = buffer.Length;</c> or <c>response.Headers.ContentLength = buffer.Length;</c> as a whole
    /// statement: the length of the bytes copied back unchanged, which the server frames itself once the response streams.
    /// </summary>
    private bool IsContentLengthFromTheBuffer(IPropertyReferenceOperation length)
    {
        var value = OperationFacts.Climb(length);
        return value.Parent is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "ContentLength" } target } assignment
            && assignment.Value == value
            && assignment.Syntax.Parent is ExpressionStatementSyntax
            && IsOnTheResponse(target);
    }

    private void ClassifyOriginalUse(IOperation use)
    {
        switch (use.Parent)
        {
            case IInvocationOperation invocation when invocation.Instance == use
                && invocation.TargetMethod.Name is "Write" or "WriteAsync" && invocation.Arguments.Length >= 1:
                var written = OperationFacts.Unwrap(invocation.Arguments[0].Value);
                if (written is IInvocationOperation { TargetMethod.Name: "ToArray" or "GetBuffer" } array
                    && array.Instance is not null && IsBufferReference(array.Instance))
                {
                    AddStandalone(invocation);
                    _copiedBack = true;
                }
                else
                {
                    _bytesChanged = true;
                }

                break;
            case IInvocationOperation invocation when invocation.Instance == use:
                _unknownUse = true;
                break;
            case IArgumentOperation { Parent: IObjectCreationOperation }:
                // new StreamWriter(original), new GZipStream(original, ...): something else is written.
                _bytesChanged = true;
                break;
            case IArgumentOperation { Parent: IInvocationOperation copy } when copy.TargetMethod.Name is "CopyTo" or "CopyToAsync" or "WriteTo":
                if (copy.Instance is null || !IsBufferReference(copy.Instance))
                {
                    _bytesChanged = true;
                }

                break;
        }
    }

    /// <summary><c>response.WriteAsync(...)</c> after the original is back: something other than the buffer reaches the client.</summary>
    private bool IsWriteToTheResponseAfterRestore(IOperation op)
        => op is IInvocationOperation write && write.TargetMethod.Name.StartsWith("Write", System.StringComparison.Ordinal)
            && IsAfterRestore(op.Syntax.SpanStart)
            && (OperationFacts.SameInstance(write.Instance, Swap.Response)
                || (write.TargetMethod.IsExtensionMethod && write.Arguments.Length > 0 && OperationFacts.SameInstance(write.Arguments[0].Value, Swap.Response)));

    private static bool IsAssignmentTarget(IOperation op) => op.Parent is IAssignmentOperation assignment && assignment.Target == op;

    /// <summary>The buffer: the local, or <c>response.Body</c> read between the swap and the first restore after it.</summary>
    private bool IsBufferReference(IOperation op)
    {
        if (op is ILocalReferenceOperation local)
        {
            return SymbolEqualityComparer.Default.Equals(local.Local, Buffer);
        }

        if (!IsSameBodyRead(op))
        {
            return false;
        }

        var position = op.Syntax.SpanStart;
        var swapPosition = Swap.Swap.Syntax.SpanStart;
        if (position <= swapPosition)
        {
            return false;
        }

        foreach (var restore in _restorePositions)
        {
            if (restore.Position > swapPosition && restore.Position < position)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The original: the local, or <c>response.Body</c> read after a restore that is not in a catch.</summary>
    private bool IsOriginalReference(IOperation? op)
    {
        op = OperationFacts.Unwrap(op);
        if (op is ILocalReferenceOperation local)
        {
            return SymbolEqualityComparer.Default.Equals(local.Local, Swap.Original);
        }

        return op is not null && IsSameBodyRead(op) && IsAfterRestore(op.Syntax.SpanStart);
    }

    private bool IsAfterRestore(int position)
    {
        var swapPosition = Swap.Swap.Syntax.SpanStart;
        foreach (var restore in _restorePositions)
        {
            if (!restore.InCatch && restore.Position > swapPosition && restore.Position < position)
            {
                return true;
            }
        }

        return false;
    }

    private bool IsSameBodyRead(IOperation op)
        => op is IPropertyReferenceOperation property && ResponseBodySwap.IsBodyProperty(property.Property, _types)
            && !IsAssignmentTarget(property) && op != Swap.OriginalRead
            && OperationFacts.SameInstance(property.Instance, Swap.Response);
}
