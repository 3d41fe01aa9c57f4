using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <content>
/// A feature whose <c>Writer</c> is a <c>PipeWriter</c> wrapper of its own over the previous feature's <c>Writer</c>
/// (usage metering counting both ways): observing when <see cref="PipeWriterWrapperModels"/> says the writer observes.
/// </content>
internal sealed partial class BodyFeatureWrapperModels
{
    /// <summary><c>previous.Writer</c>, <paramref name="value"/> read off the wrapped feature.</summary>
    private static bool IsPreviousWriter(IOperation? value, BodyFeatureWrapperRule.Wrapper wrapper)
        => value is IPropertyReferenceOperation { Property.Name: "Writer", Instance: { } writerOf } && wrapper.IsHolderReference(writerOf);

    /// <summary>
    /// The type <c>W</c> when <paramref name="returned"/> is a field or property of the class assigned exactly once, in a
    /// constructor or an initializer, with <c>new W(previous.Writer)</c> (<c>W</c> a source <c>PipeWriter</c> class); else null.
    /// </summary>
    private INamedTypeSymbol? OwnWriterOverPrevious(IOperation? returned, BodyFeatureWrapperRule.Wrapper wrapper, Dictionary<ISymbol, IOperation> bodies)
    {
        if (_writers is null || OperationFacts.MemberOfThis(returned) is not { } member || member is not (IFieldSymbol or IPropertySymbol))
        {
            return null;
        }

        member = member.OriginalDefinition;
        IOperation? assigned = null;
        var count = 0;
        foreach (var pair in bodies)
        {
            foreach (var operation in pair.Value.DescendantsAndSelf())
            {
                IOperation? value = operation switch
                {
                    IAssignmentOperation assignment when SymbolEqualityComparer.Default.Equals(OperationFacts.MemberOfThis(assignment.Target)?.OriginalDefinition, member) => assignment.Value,
                    IFieldInitializerOperation field when field.InitializedFields.Length == 1 && SymbolEqualityComparer.Default.Equals(field.InitializedFields[0].OriginalDefinition, member) => field.Value,
                    IPropertyInitializerOperation property when property.InitializedProperties.Length == 1 && SymbolEqualityComparer.Default.Equals(property.InitializedProperties[0].OriginalDefinition, member) => property.Value,
                    _ => null,
                };
                if (value is null)
                {
                    continue;
                }

                if (pair.Key is IMethodSymbol { MethodKind: not MethodKind.Constructor })
                {
                    return null;
                }

                assigned = value;
                count++;
            }
        }

        if (count != 1 || OperationFacts.Unwrap(assigned) is not IObjectCreationOperation { Type: INamedTypeSymbol { DeclaringSyntaxReferences.IsEmpty: false } writerType } creation
            || !KnownTypes.InheritsFromOrEquals(writerType, _known.PipeWriter))
        {
            return null;
        }

        // Built over the previous feature's Writer (read off the holder or the constructor's feature parameter), and given no other writer.
        var overPrevious = 0;
        foreach (var argument in creation.Arguments)
        {
            if (KnownTypes.InheritsFromOrEquals(argument.Parameter?.Type, _known.PipeWriter))
            {
                if (!IsPreviousWriter(OperationFacts.Unwrap(argument.Value), wrapper)
                    && !(OperationFacts.Unwrap(argument.Value) is IPropertyReferenceOperation { Property.Name: "Writer", Instance: { } writerOf }
                        && OperationFacts.Unwrap(writerOf) is IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } } parameter
                        && SymbolEqualityComparer.Default.Equals(parameter.Type, _members.Feature)
                        && FeatureParameters((IMethodSymbol)parameter.Parameter.ContainingSymbol) == 1))
                {
                    return null;
                }

                overPrevious++;
            }
        }

        return overPrevious == 1 ? writerType : null;
    }

    /// <summary>
    /// The verdict when the stream and the <c>Writer</c> are both the feature's own observing wrappers. Counting both:
    /// the feature's count getters are those that return the sum of the two counts (what <c>BytesWritten</c> of the
    /// runtime's metrics capture equals). Anything else observed: reported without a fix.
    /// </summary>
    private BodyFeatureWrapperModel WithOwnWriter(
        INamedTypeSymbol type,
        Dictionary<ISymbol, IOperation> bodies,
        INamedTypeSymbol streamType,
        StreamWrapperModel stream,
        INamedTypeSymbol writerType,
        SemanticModel model,
        CancellationToken cancellationToken)
    {
        var writer = _writers!.Get(writerType, model, cancellationToken);
        if (writer.Kind is not (WrapperWriteKind.CountsOnly or WrapperWriteKind.Observes))
        {
            return BodyFeatureWrapperModel.None;
        }

        if (stream.Kind != WrapperWriteKind.CountsOnly || writer.Kind != WrapperWriteKind.CountsOnly)
        {
            return new BodyFeatureWrapperModel(WrapperWriteKind.Observes, streamType, ImmutableArray<string>.Empty, writerType, fixable: false);
        }

        var countMembers = ImmutableArray.CreateBuilder<string>();
        foreach (var member in type.GetMembers())
        {
            if (member is IPropertySymbol { GetMethod: { } getter, SetMethod: null, Parameters.Length: 0 } property
                && bodies.TryGetValue(getter, out var getterBody)
                && ReturnedValue(getterBody) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } sum
                && (IsCountRead(sum.LeftOperand, streamType, stream) && IsCountRead(sum.RightOperand, writerType, writer)
                    || IsCountRead(sum.LeftOperand, writerType, writer) && IsCountRead(sum.RightOperand, streamType, stream)))
            {
                countMembers.Add(property.Name);
            }
        }

        return new BodyFeatureWrapperModel(WrapperWriteKind.CountsOnly, streamType, countMembers.ToImmutable(), writerType);
    }

    private int FeatureParameters(IMethodSymbol constructor)
    {
        var count = 0;
        foreach (var parameter in constructor.Parameters)
        {
            count += SymbolEqualityComparer.Default.Equals(parameter.Type, _members.Feature) ? 1 : 0;
        }

        return count;
    }

    private static bool IsCountRead(IOperation? operand, INamedTypeSymbol wrapperType, StreamWrapperModel wrapper)
        => OperationFacts.Unwrap(operand) is IMemberReferenceOperation { Instance: { } instance } read
            && read is IPropertyReferenceOperation or IFieldReferenceOperation
            && SymbolEqualityComparer.Default.Equals(OperationFacts.Unwrap(instance)?.Type, wrapperType)
            && OperationFacts.MemberOfThis(instance) is not null
            && wrapper.CountMembers.Contains(read.Member.Name);
}
