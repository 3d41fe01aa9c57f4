using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Snoop.Analyzers.Shared;

/// <content>Recognizing the wrapper class's own members (fields, properties, constructor parameters) in an operation.</content>
internal static partial class StreamWrapperWrites
{
    /// <summary>A getter that only returns a member of the class (<c>=&gt; _count</c>, <c>Volatile.Read(ref _count)</c>, <c>Interlocked.Read(ref _count)</c>).</summary>
    private static ISymbol? TryGetReturnedMember(IOperation? block, INamedTypeSymbol type)
    {
        var body = block as IBlockOperation;
        if (body is null || body.Operations.Length != 1 || body.Operations[0] is not IReturnOperation { ReturnedValue: { } value })
        {
            return null;
        }

        value = OperationFacts.Unwrap(value);
        if (value is IInvocationOperation { TargetMethod.Name: "Read", TargetMethod.ContainingType.Name: "Volatile" or "Interlocked", Arguments.Length: 1 } read)
        {
            value = read.Arguments[0].Value;
        }

        return GetMemberOfThis(value, type, owner: null);
    }

    private static ISymbol? GetMemberOfThis(IOperation? operation, INamedTypeSymbol type, IMethodSymbol? owner)
    {
        switch (OperationFacts.Unwrap(operation))
        {
            case IFieldReferenceOperation field when IsThis(field.Instance) && SymbolFacts.IsDeclaredIn(field.Field, type):
                return field.Field;
            case IPropertyReferenceOperation property when IsThis(property.Instance) && property.Arguments.Length == 0 && SymbolFacts.IsDeclaredIn(property.Property, type):
                return property.Property;
            case IParameterReferenceOperation parameter
                when parameter.Parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
                    && SymbolEqualityComparer.Default.Equals(constructor.ContainingType?.OriginalDefinition, type.OriginalDefinition)
                    && !SymbolEqualityComparer.Default.Equals(constructor, owner):
                return parameter.Parameter;
            default:
                return null;
        }
    }

    private static bool IsThis(IOperation? instance)
        => instance is null || instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance };

    private static bool IsAssignmentTarget(IOperation operation)
        => operation.Parent is IAssignmentOperation assignment && assignment.Target == operation;
}
