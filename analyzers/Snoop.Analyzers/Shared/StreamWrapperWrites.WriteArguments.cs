using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Snoop.Analyzers.Shared;

/// <content>Facts about a write's arguments and buffer: unchanged, read-only uses, the written length, encoders over the wrapped stream.</content>
internal static partial class StreamWrapperWrites
{
    /// <summary>A use of the written buffer that cannot change it: a read-only span/memory parameter or a known reader.</summary>
    private static bool IsReadOnlyUse(IArgumentOperation argument, IMethodSymbol target)
    {
        if (argument.Parameter is { RefKind: RefKind.None or RefKind.In } parameter
            && parameter.Type is INamedTypeSymbol { Name: "ReadOnlySpan" or "ReadOnlyMemory", ContainingNamespace.Name: "System" })
        {
            return true;
        }

        var containing = target.ContainingType?.Name;
        return containing switch
        {
            "IncrementalHash" => target.Name == "AppendData",
            "HashAlgorithm" => target.Name is "TransformBlock" or "TransformFinalBlock" or "ComputeHash" && argument.Parameter?.Ordinal == 0,
            "Encoding" => target.Name is "GetString" or "GetChars" or "GetCharCount",
            "Convert" => target.Name is "ToBase64String" or "ToHexString",
            _ => false,
        };
    }

    /// <summary>The arguments are the method's own parameters (or a span/memory over them) in the same order: the same bytes.</summary>
    private static bool ArgumentsUnchanged(IInvocationOperation invocation, IMethodSymbol? owner)
    {
        if (owner is null)
        {
            return false;
        }

        var sawData = false;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            var value = OperationFacts.Unwrap(argument.Value);
            switch (value)
            {
                case IParameterReferenceOperation parameter when SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, owner):
                    sawData |= parameter.Parameter.Ordinal == 0;
                    break;
                case IInvocationOperation { TargetMethod.Name: "AsSpan" or "AsMemory" } slice when AllParameters(slice.Arguments, owner):
                    sawData = true;
                    break;
                case IObjectCreationOperation { Type.Name: "ReadOnlySpan" or "ReadOnlyMemory" or "Span" or "Memory" } slice when AllParameters(slice.Arguments, owner):
                    sawData = true;
                    break;
                case IPropertyReferenceOperation { Property.Name: "Span" } span when OperationFacts.Unwrap(span.Instance) is IParameterReferenceOperation:
                    sawData = true;
                    break;
                case IDefaultValueOperation:
                case IPropertyReferenceOperation { Property.Name: "None", Property.ContainingType.Name: "CancellationToken" }:
                    break;
                default:
                    return false;
            }
        }

        return sawData;
    }

    private static bool AllParameters(ImmutableArray<IArgumentOperation> arguments, IMethodSymbol owner)
    {
        foreach (var argument in arguments)
        {
            if (OperationFacts.Unwrap(argument.Value) is not IParameterReferenceOperation parameter
                || !SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, owner))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The length of what this write writes: the <c>count</c> parameter, or the data parameter's <c>Length</c>.</summary>
    private static bool IsWrittenLength(IOperation? value, IMethodSymbol? owner)
    {
        if (owner is null || owner.Parameters.Length == 0)
        {
            return false;
        }

        value = OperationFacts.Unwrap(value);
        if (value is IParameterReferenceOperation parameter
            && SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, owner)
            && parameter.Parameter.Type.SpecialType == SpecialType.System_Int32
            && parameter.Parameter.Ordinal == 2)
        {
            return true;
        }

        return value is IPropertyReferenceOperation { Property.Name: "Length" } length
            && owner.Parameters[0].Type is INamedTypeSymbol { Name: "ReadOnlySpan" or "ReadOnlyMemory" }
            && OperationFacts.Unwrap(length.Instance) is IParameterReferenceOperation data
            && SymbolEqualityComparer.Default.Equals(data.Parameter, owner.Parameters[0]);
    }

    private static bool IsWriteByte(IMethodSymbol? owner, StreamMembers members)
        => owner is not null && SymbolEqualityComparer.Default.Equals(SymbolFacts.Root(owner), members.WriteByte);

    private static bool IsBufferParameter(IOperation? value, IMethodSymbol? owner)
        => owner is { Parameters.Length: > 0 }
            && OperationFacts.Unwrap(value) is IParameterReferenceOperation parameter
            && SymbolEqualityComparer.Default.Equals(parameter.Parameter, owner.Parameters[0])
            && parameter.Parameter.Type is IArrayTypeSymbol or INamedTypeSymbol { Name: "Span" or "Memory" };

    private static bool IsBufferElement(IOperation? target, IMethodSymbol? owner)
        => OperationFacts.Unwrap(target) is IArrayElementReferenceOperation element && IsBufferParameter(element.ArrayReference, owner);

    /// <summary>
    /// <c>new X(..., inner, ...)</c> or <c>factory.Create(..., inner, ...)</c> giving a stream, with <c>inner</c> a stream
    /// parameter or a stream member of the class: an encoder over the wrapped stream (compression, encryption, encoding).
    /// </summary>
    private static bool IsEncoderOverStream(ITypeSymbol? createdType, ImmutableArray<IArgumentOperation> arguments, StreamMembers members, INamedTypeSymbol type, IMethodSymbol? owner)
    {
        if (!KnownTypes.InheritsFromOrEquals(createdType, members.Stream))
        {
            return false;
        }

        foreach (var argument in arguments)
        {
            var value = OperationFacts.Unwrap(argument.Value);
            if (value is IParameterReferenceOperation parameter && KnownTypes.InheritsFromOrEquals(parameter.Type, members.Stream))
            {
                return true;
            }

            if (value is IFieldReferenceOperation or IPropertyReferenceOperation
                && GetMemberOfThis(value, type, owner) is not null
                && KnownTypes.InheritsFromOrEquals(value.Type, members.Stream)
                && !KnownTypes.InheritsFromOrEquals(value.Type, members.MemoryStream))
            {
                return true;
            }
        }

        return false;
    }
}
