using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>
/// The reads half of <see cref="BufferedBodyAnalysis"/> (pass 2): once the statements that only move bytes are set aside,
/// every remaining use of the buffer must be a read the capture can serve (text, bytes, length), else the use is unknown.
/// </summary>
internal sealed partial class BufferedBodyAnalysis
{
    /// <summary>Pass 2: what is left must be a read the capture can serve. Returns the <c>StreamReader</c> locals over the buffer.</summary>
    private List<ILocalSymbol> ClassifyReads(CancellationToken cancellationToken)
    {
        var swap = Swap;
        var swapPosition = swap.Swap.Syntax.SpanStart;
        var readers = new List<ILocalSymbol>();
        foreach (var op in FunctionScope.EnumerateAll(swap.Scope))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (IsRemoved(op.Syntax))
            {
                continue;
            }

            if (op is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } other
                && ResponseBodySwap.IsBodyProperty(target.Property, _types) && other != swap.Swap && !swap.IsRestore(other, _types))
            {
                _unknownUse = true;
            }
            else if (IsBufferReference(op))
            {
                // A read in a callback (OnCompleted...) would run after the capture is disposed: leave it to a human.
                if (FunctionScope.IsInNestedFunction(op, swap.Scope) || !TryAddConsumption(op, readers))
                {
                    _unknownUse = true;
                }
            }
            else if (IsOriginalReference(op) && op != swap.OriginalRead)
            {
                _unknownUse = true;
            }
            else if (op is IArgumentOperation argument && op.Syntax.SpanStart > swapPosition && HandsOverTheResponse(argument))
            {
                // FormatResponse(context.Response) may read the buffer through Response.Body: we cannot follow it.
                _unknownUse = true;
            }
        }

        return readers;
    }

    /// <summary>The <c>StreamReader</c> locals: every use must be <c>ReadToEnd[Async]()</c>.</summary>
    private void ClassifyReaderLocals(List<ILocalSymbol> readers)
    {
        foreach (var reader in readers)
        {
            foreach (var op in FunctionScope.EnumerateAll(Swap.Scope))
            {
                if (op is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, reader))
                {
                    if (reference.Parent is IInvocationOperation { TargetMethod.Name: "ReadToEnd" or "ReadToEndAsync", Arguments.Length: 0 } read
                        && read.Instance == reference && ClimbAwait(read) is { } text && (text is IAwaitOperation || read.TargetMethod.Name == "ReadToEnd")
                        && text.Syntax is ExpressionSyntax textSyntax)
                    {
                        _replacements.Add(new Replacement(textSyntax, Consumption.Text, encoding: null));
                    }
                    else
                    {
                        _unknownUse = true;
                    }
                }
            }
        }
    }

    private bool TryAddConsumption(IOperation op, List<ILocalSymbol> readers)
    {
        var use = OperationFacts.Climb(op);
        switch (use.Parent)
        {
            // new StreamReader(buffer[, ...]).ReadToEnd[Async]()  or  var reader = new StreamReader(buffer);
            case IArgumentOperation { Parent: IObjectCreationOperation creation } argument
                when argument.Parameter?.Ordinal == 0 && KnownTypes.InheritsFromOrEquals(creation.Type, _types.StreamReader):
                var created = OperationFacts.Climb(creation);
                if (created.Parent is IInvocationOperation { TargetMethod.Name: "ReadToEnd" or "ReadToEndAsync", Arguments.Length: 0 } read && read.Instance == created)
                {
                    var text = ClimbAwait(read);
                    if ((text is IAwaitOperation || read.TargetMethod.Name == "ReadToEnd") && text.Syntax is ExpressionSyntax textSyntax)
                    {
                        _replacements.Add(new Replacement(textSyntax, Consumption.Text, encoding: null));
                        return true;
                    }

                    return false;
                }

                if (created.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
                    && GetDeclarationStatement(declarator.Syntax) is LocalDeclarationStatementSyntax readerDeclaration
                    && readerDeclaration.Declaration.Variables.Count == 1)
                {
                    _removals.Add(readerDeclaration);
                    readers.Add(declarator.Symbol);
                    return true;
                }

                return false;

            case IInvocationOperation { TargetMethod.Name: "ToArray", Arguments.Length: 0 } toArray when toArray.Instance == use:
                var array = OperationFacts.Climb(toArray);
                if (array.Parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "GetString", Arguments.Length: 1 } getString }
                    && KnownTypes.InheritsFromOrEquals(getString.TargetMethod.ContainingType, _types.Encoding)
                    && getString.Syntax is ExpressionSyntax getStringSyntax)
                {
                    var encoding = getString.Instance is IPropertyReferenceOperation { Property.Name: "UTF8", Instance: null } ? null : getString.Instance?.Syntax as ExpressionSyntax;
                    _replacements.Add(new Replacement(getStringSyntax, Consumption.Text, encoding));
                    return true;
                }

                if (toArray.Syntax is ExpressionSyntax bytes)
                {
                    _replacements.Add(new Replacement(bytes, Consumption.Bytes, encoding: null));
                    return true;
                }

                return false;

            case IPropertyReferenceOperation { Property.Name: "Length" } length when length.Instance == use && !IsAssignmentTarget(length) && length.Syntax is ExpressionSyntax lengthSyntax:
                _replacements.Add(new Replacement(lengthSyntax, Consumption.Length, encoding: null));
                return true;

            default:
                return false;
        }
    }

    /// <summary>The context or response passed to a method (not the next delegate, not a Write* helper).</summary>
    private bool HandsOverTheResponse(IArgumentOperation argument)
    {
        var value = OperationFacts.Unwrap(argument.Value);
        if (!OperationFacts.SameInstance(value, Swap.HttpContext) && !OperationFacts.SameInstance(value, Swap.Response))
        {
            return false;
        }

        return argument.Parent switch
        {
            IInvocationOperation invocation => invocation.TargetMethod.MethodKind != MethodKind.DelegateInvoke
                && !invocation.TargetMethod.Name.StartsWith("Write", System.StringComparison.Ordinal),
            _ => true,
        };
    }

    /// <summary>From an invocation up through <c>.ConfigureAwait(...)</c> and <c>await</c>.</summary>
    private static IOperation ClimbAwait(IOperation invocation)
    {
        var current = invocation;
        var up = OperationFacts.Climb(current);
        if (up.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance == up)
        {
            current = configure;
            up = OperationFacts.Climb(current);
        }

        if (up.Parent is IAwaitOperation awaited)
        {
            current = awaited;
        }

        return current;
    }
}
