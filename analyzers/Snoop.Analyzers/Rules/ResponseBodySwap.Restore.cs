using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>SNOOP002's half of the swap: how (and whether) the kept original is put back, and which uses of it cannot put it back.</summary>
internal sealed partial class ResponseBodySwap
{
    /// <summary>Decides how (and whether) the original is put back on every path.</summary>
    public RestoreKind ClassifyRestore(KnownTypes types, out IOperation? restore)
    {
        restore = null;
        var swapPosition = Swap.Syntax.SpanStart;
        var tally = default(RestoreTally);

        foreach (var op in FunctionScope.EnumerateAll(Scope))
        {
            if (op is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, Original))
            {
                if (FunctionScope.IsInNestedFunction(op, Scope))
                {
                    // A lambda or local function (OnCompleted, RegisterForDispose...) may restore: we cannot follow it.
                    return RestoreKind.Delegated;
                }

                if (!IsUnderstoodUseOfOriginal(reference, types))
                {
                    // Handed to a helper (a restoring scope object, a field, another method): assume it restores.
                    return RestoreKind.Delegated;
                }
            }

            if (op.Syntax.SpanStart <= swapPosition || !IsRestore(op, types))
            {
                continue;
            }

            if (tally.AddIsFinally(op, Scope, out restore))
            {
                return RestoreKind.Finally;
            }
        }

        return tally.Result(out restore);
    }

    /// <summary>The uses of the kept original that cannot restore it: the restore itself, copies and writes into it.</summary>
    private bool IsUnderstoodUseOfOriginal(ILocalReferenceOperation reference, KnownTypes types)
    {
        var current = OperationFacts.Climb(reference);

        switch (current.Parent)
        {
            case ISimpleAssignmentOperation assignment when assignment.Value == current:
                return IsRestore(assignment, types);
            case ISimpleAssignmentOperation assignment when assignment.Target == current:
                // original = context.Response.Body (kept late, inside the branch that swaps), original = null.
                return IsBodyRead(assignment.Value, types) || IsPreviousFeatureRead(assignment.Value, types, out _) || OperationFacts.IsNullValue(assignment.Value);
            case IArgumentOperation { Parent: IObjectCreationOperation creation }:
                // Wrapped by the replacement itself (new GZipStream(original), new StreamResponseBodyFeature(s, original)).
                return KnownTypes.InheritsFromOrEquals(creation.Type, types.Stream) || SymbolFacts.Implements(creation.Type, types.IHttpResponseBodyFeature);
            case IArgumentOperation argument:
                return IsStreamCopyArgument(argument, types) || (argument.Parent is { } parent && IsRestore(parent, types));
            case IPropertyReferenceOperation property when property.Instance == current && !IsAssignmentTargetOf(property):
                return true;
            case IInvocationOperation invocation when invocation.Instance == current:
                return (invocation.TargetMethod.Name is "Write" or "WriteAsync" or "WriteByte" or "Flush" or "FlushAsync"
                        && KnownTypes.InheritsFromOrEquals(invocation.TargetMethod.ContainingType, types.Stream))
                    || (OriginalIsFeature && SymbolFacts.IsOrImplements(invocation.TargetMethod.ContainingType, types.IHttpResponseBodyFeature));
            case IConditionalAccessOperation conditional when conditional.Operation == current:
                // original?.Stream, previous?.DisableBuffering(): a member of the original, not a hand-over.
                return true;
            default:
                // original != null, original is null, previous is { }: a guard cannot put anything back.
                return IsNullCheck(current);
        }
    }

    /// <summary><c>x == null</c>, <c>x != null</c>, <c>x is null</c>, <c>x is not null</c>, <c>x is { }</c>, <c>ArgumentNullException.ThrowIfNull(x)</c>.</summary>
    private static bool IsNullCheck(IOperation value) => value.Parent switch
    {
        IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary
            => OperationFacts.IsNullValue(binary.LeftOperand == value ? binary.RightOperand : binary.LeftOperand),
        IIsPatternOperation pattern => pattern.Value == value,
        IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { Name: "ThrowIfNull", ContainingType.Name: "ArgumentNullException" } } } => true,
        _ => false,
    };

    /// <summary>
    /// SNOOP002's read of the previous feature: <see cref="IsFeatureGet"/>, or the extension
    /// <c>features.GetRequiredFeature&lt;IHttpResponseBodyFeature&gt;()</c> (SNOOP001 keeps to <see cref="IsFeatureGet"/>).
    /// </summary>
    public static bool IsPreviousFeatureRead(IOperation? op, KnownTypes types, out IOperation? features)
    {
        if (IsFeatureGet(op, types, out features))
        {
            return true;
        }

        if (OperationFacts.Unwrap(op) is IInvocationOperation { TargetMethod: { Name: "GetRequiredFeature", IsExtensionMethod: true, TypeArguments.Length: 1 } method, Arguments.Length: 1 } invocation
            && SymbolEqualityComparer.Default.Equals(method.TypeArguments[0], types.IHttpResponseBodyFeature))
        {
            features = invocation.Arguments[0].Value;
            return true;
        }

        return false;
    }
}
