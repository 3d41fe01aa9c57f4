using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Snoop.Analyzers.Shared;

/// <content>
/// The optional modes: created inners (SNOOP006: an inner object the class creates itself, and an inner read through a
/// property of a member of the class, <c>_pipe.Writer</c>, <c>response.BodyWriter</c>) and conditional access (SNOOP003:
/// <c>_inner?.Dispose()</c>).
/// </content>
internal sealed partial class WrapperFacts
{
    /// <summary>A field or property of the class, or a primary-constructor parameter captured by a member.</summary>
    private ISymbol? GetHolder(IOperation? operation, IMethodSymbol? owner)
        => operation switch
        {
            IFieldReferenceOperation or IPropertyReferenceOperation => OperationFacts.MemberOfThis(operation),
            IParameterReferenceOperation parameter
                when parameter.Parameter?.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
                    && SymbolEqualityComparer.Default.Equals(constructor.ContainingType?.OriginalDefinition, _type.OriginalDefinition)
                    && !SymbolEqualityComparer.Default.Equals(constructor, owner) => parameter.Parameter,
            _ => null,
        };

    /// <summary>Handed in from outside (<see cref="IsFromParameter"/>) or, for a rule accepting it, created by the class.</summary>
    private bool IsHandedInOrCreated(IOperation? value)
    {
        if (IsFromParameter(value))
        {
            return true;
        }

        if (!_acceptsCreatedInner)
        {
            return false;
        }

        switch (OperationFacts.Unwrap(value))
        {
            case IObjectCreationOperation:
                // new Pipe(), new SomeWriter(...): only a member whose type is the inner type, or that a property of the
                // inner type is read off, is ever a candidate (GetInnerCandidate).
                return true;
            case IInvocationOperation { TargetMethod.IsStatic: true } factory:
                // PipeWriter.Create(stream), PipeWriter.Create(stream, options).
                return IsInnerType(factory.Type);
            case IPropertyReferenceOperation { Arguments.Length: 0 } property:
                // new Pipe().Writer, pipe.Writer over a local.
                return IsInnerType(property.Type) && OperationFacts.Unwrap(property.Instance) is IObjectCreationOperation or ILocalReferenceOperation;
            default:
                return false;
        }
    }

    /// <summary>The receiver of <c>x?.M()</c>: the operation of the closest enclosing conditional access, unwrapped.</summary>
    private static IOperation? ConditionalAccessReceiver(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IConditionalAccessOperation access)
            {
                return OperationFacts.Unwrap(access.Operation);
            }
        }

        return null;
    }
}
