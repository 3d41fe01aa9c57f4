using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Snoop.Analyzers.Shared;

/// <summary>
/// Facts about operations that every rule needs the same way: what a value stands for once the compiler's
/// wrapping is removed, and whether two expressions denote the same object.
/// </summary>
internal static class OperationFacts
{
    private const int MaxDepth = 16;

    /// <summary>
    /// The operation a value stands for: conversions (implicit and explicit), parentheses and the left side of
    /// <c>x ?? y</c> (including <c>x ?? throw ...</c>) are removed. <c>(Stream)inner ?? throw new ArgumentNullException()</c>
    /// stands for <c>inner</c>. Bounded, so a broken tree cannot loop.
    /// </summary>
    public static IOperation? Unwrap(IOperation? operation)
    {
        for (var i = 0; i < MaxDepth && operation is not null; i++)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                case ICoalesceOperation coalesce:
                    operation = coalesce.Value;
                    break;
                default:
                    return operation;
            }
        }

        return operation;
    }

    /// <summary>
    /// The inverse of <see cref="Unwrap"/>: from <paramref name="operation"/> up through the conversions, parentheses and
    /// <c>??</c> that wrap it, to the operation whose parent is the real use.
    /// </summary>
    public static IOperation Climb(IOperation operation)
    {
        for (var i = 0; i < MaxDepth; i++)
        {
            switch (operation.Parent)
            {
                case IConversionOperation conversion:
                    operation = conversion;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized;
                    break;
                case ICoalesceOperation coalesce when coalesce.Value == operation:
                    operation = coalesce;
                    break;
                default:
                    return operation;
            }
        }

        return operation;
    }

    /// <summary>True when both operations denote the same object: same parameter, local, field or parameterless property chain, or <c>this</c>.</summary>
    public static bool SameInstance(IOperation? a, IOperation? b)
    {
        a = Unwrap(a);
        b = Unwrap(b);
        switch (a)
        {
            case null:
                return false;
            case IParameterReferenceOperation pa when b is IParameterReferenceOperation pb:
                return SymbolEqualityComparer.Default.Equals(pa.Parameter, pb.Parameter);
            case ILocalReferenceOperation la when b is ILocalReferenceOperation lb:
                return SymbolEqualityComparer.Default.Equals(la.Local, lb.Local);
            case IFieldReferenceOperation fa when b is IFieldReferenceOperation fb:
                return SymbolEqualityComparer.Default.Equals(fa.Field, fb.Field)
                    && (fa.Instance is null ? fb.Instance is null : SameInstance(fa.Instance, fb.Instance));
            case IPropertyReferenceOperation qa when b is IPropertyReferenceOperation qb:
                return SymbolEqualityComparer.Default.Equals(qa.Property, qb.Property)
                    && qa.Arguments.Length == 0 && qb.Arguments.Length == 0
                    && (qa.Instance is null ? qb.Instance is null : SameInstance(qa.Instance, qb.Instance));
            case IInstanceReferenceOperation when b is IInstanceReferenceOperation:
                return true;
            default:
                return false;
        }
    }

    /// <summary>True when <paramref name="operation"/> is a read of <paramref name="local"/>.</summary>
    public static bool IsLocal(IOperation? operation, ILocalSymbol? local)
        => local is not null && Unwrap(operation) is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local);

    /// <summary>True for <c>null</c>, <c>default</c> and <c>default(T)</c>, with or without a cast.</summary>
    public static bool IsNullValue(IOperation? operation)
    {
        var value = Unwrap(operation);
        return value is IDefaultValueOperation
            || (value is ILiteralOperation && value.ConstantValue.HasValue && value.ConstantValue.Value is null);
    }

    /// <summary>True for <c>this</c> (explicit or implicit) of the containing type.</summary>
    public static bool IsThis(IOperation? operation)
        => Unwrap(operation) is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance };

    /// <summary>
    /// The field, or parameterless property, of the containing instance (or a static one) that <paramref name="operation"/>
    /// refers to (conversions removed); null for anything else.
    /// </summary>
    public static ISymbol? MemberOfThis(IOperation? operation) => Unwrap(operation) switch
    {
        IFieldReferenceOperation field when field.Instance is null || IsThis(field.Instance) => field.Field,
        IPropertyReferenceOperation property when (property.Instance is null || IsThis(property.Instance)) && property.Arguments.Length == 0 => property.Property,
        _ => null,
    };

    /// <summary>
    /// The value local <paramref name="local"/> is declared with (<c>var x = value;</c>, in <paramref name="model"/>'s tree),
    /// unwrapped (<see cref="Unwrap"/>, and <c>value!</c> stands for <c>value</c>); null when it is declared without one
    /// or elsewhere. What is stored in it later is not looked at (see <see cref="StoredValues"/> for that).
    /// </summary>
    public static IOperation? DeclaredValue(ILocalSymbol local, SemanticModel? model, System.Threading.CancellationToken cancellationToken = default)
    {
        if (model is null)
        {
            return null;
        }

        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == model.SyntaxTree && reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } initializer })
            {
                return Unwrap(model.GetOperation(WithoutSuppression(initializer), cancellationToken));
            }
        }

        return null;
    }

    /// <summary><c>x!</c> (any number of <c>!</c>) stands for <c>x</c>: the suppression has no operation of its own.</summary>
    public static ExpressionSyntax WithoutSuppression(ExpressionSyntax expression)
    {
        for (var i = 0; i < MaxDepth && expression is PostfixUnaryExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.SuppressNullableWarningExpression } suppressed; i++)
        {
            expression = suppressed.Operand;
        }

        return expression;
    }

    /// <summary>
    /// A store to a local: <c>var x = value;</c> (a declarator with an initializer) or <c>x = value;</c>. <paramref name="value"/>
    /// is the stored value, unwrapped (<see cref="Unwrap"/>).
    /// </summary>
    public static bool TryGetLocalStore(IOperation op, out ILocalSymbol? local, out IOperation? value)
    {
        switch (op)
        {
            case IVariableDeclaratorOperation { Initializer.Value: { } initial } declarator:
                local = declarator.Symbol;
                value = Unwrap(initial);
                return true;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                local = target.Local;
                value = Unwrap(assignment.Value);
                return true;
            default:
                local = null;
                value = null;
                return false;
        }
    }

    /// <summary>
    /// Every value stored to the local <paramref name="reference"/> reads, in the whole operation block it belongs to
    /// (nested lambdas and local functions included), unwrapped: the initializer of <c>var x = ...;</c> and each
    /// <c>x = ...;</c>. Null when the local may hold something else: it is not declared by a plain declarator (a pattern,
    /// <c>foreach</c>, <c>catch</c> or <c>out var</c> variable), is a <c>ref</c> local, is written another way (passed by
    /// <c>ref</c>/<c>out</c>, deconstructed into, compound-assigned), or is never stored to.
    /// </summary>
    public static List<IOperation>? StoredValues(ILocalReferenceOperation reference)
    {
        var local = reference.Local;
        if (local is null || local.IsRef || local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax)
        {
            return null;
        }

        IOperation root = reference;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        var values = new List<IOperation>();
        var stack = new Stack<IOperation>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var operation = stack.Pop();
            if (TryGetLocalStore(operation, out var stored, out var value) && SymbolEqualityComparer.Default.Equals(stored, local))
            {
                if (value is null)
                {
                    return null;
                }

                values.Add(value);
            }
            else if (operation is ILocalReferenceOperation other && SymbolEqualityComparer.Default.Equals(other.Local, local) && IsWrittenOtherwise(other))
            {
                return null;
            }

            foreach (var child in operation.ChildOperations)
            {
                stack.Push(child);
            }
        }

        return values.Count == 0 ? null : values;
    }

    /// <summary>A reference that writes its local other than as the target of a plain assignment.</summary>
    private static bool IsWrittenOtherwise(ILocalReferenceOperation reference)
    {
        var parent = reference.Parent;
        switch (parent)
        {
            case ISimpleAssignmentOperation:
                return false;
            case IAssignmentOperation assignment:
                // Compound and deconstruction assignments (and ??=) whose target is the local.
                return assignment.Target == reference;
            case IIncrementOrDecrementOperation:
                return true;
            case IArgumentOperation argument:
                return argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out;
            case ITupleOperation:
                // (a, b) = ...: the tuple is the target of a deconstruction.
                return true;
            default:
                return reference.IsDeclaration;
        }
    }
}
