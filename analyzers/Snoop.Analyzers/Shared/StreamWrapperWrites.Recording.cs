using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Snoop.Analyzers.Shared;

/// <content>Walking one operation block and recording what it does with the written bytes into its <see cref="Summary"/>.</content>
internal static partial class StreamWrapperWrites
{
    private static bool IsWriteEntry(IMethodSymbol method, StreamMembers members)
    {
        if (!method.IsOverride)
        {
            return false;
        }

        var root = SymbolFacts.Root(method);
        foreach (var entry in members.WriteEntryPoints)
        {
            if (SymbolEqualityComparer.Default.Equals(root, entry))
            {
                return true;
            }
        }

        return SymbolEqualityComparer.Default.Equals(root, members.BeginWrite);
    }

    private static bool IsStreamWrite(IMethodSymbol target, StreamMembers members)
    {
        var root = SymbolFacts.Root(target);
        foreach (var entry in members.WriteEntryPoints)
        {
            if (SymbolEqualityComparer.Default.Equals(root, entry))
            {
                return true;
            }
        }

        return SymbolEqualityComparer.Default.Equals(root, members.BeginWrite);
    }

    private static void Walk(IOperation? root, Summary summary, INamedTypeSymbol type, StreamMembers members, IMethodSymbol? owner)
    {
        if (root is null)
        {
            return;
        }

        var stack = new Stack<IOperation>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var operation = stack.Pop();
            if (Record(operation, summary, type, members, owner))
            {
                continue;
            }

            foreach (var child in operation.ChildOperations)
            {
                if (child is not null)
                {
                    stack.Push(child);
                }
            }
        }
    }

    /// <summary>Records one operation; true when its children need no visit.</summary>
    private static bool Record(IOperation operation, Summary summary, INamedTypeSymbol type, StreamMembers members, IMethodSymbol? owner)
    {
        switch (operation)
        {
            case IObjectCreationOperation creation when IsEncoderOverStream(creation.Type, creation.Arguments, members, type, owner):
                if (operation.Parent is IAssignmentOperation { Target: { } target } && GetMemberOfThis(target, type, owner) is { } encoderField)
                {
                    summary.Encoders.Add(encoderField);
                }
                else if (operation.Parent is IFieldInitializerOperation fieldInitializer)
                {
                    foreach (var field in fieldInitializer.InitializedFields)
                    {
                        summary.Encoders.Add(field);
                    }
                }

                return false;

            case IInvocationOperation invocation:
                return RecordInvocation(invocation, summary, type, members, owner);

            case ICompoundAssignmentOperation compound:
                if (IsBufferElement(compound.Target, owner))
                {
                    summary.ChangesBytes = true;
                }
                else if (compound.OperatorKind == BinaryOperatorKind.Add && GetMemberOfThis(compound.Target, type, owner) is { } counter && IsWrittenLength(compound.Value, owner))
                {
                    summary.Counters.Add(counter);
                    return true;
                }
                else
                {
                    summary.OtherEffects = true;
                }

                return false;

            case IIncrementOrDecrementOperation increment:
                if (IsBufferElement(increment.Target, owner))
                {
                    summary.ChangesBytes = true;
                }
                else if (operation.Kind == OperationKind.Increment && IsWriteByte(owner, members) && GetMemberOfThis(increment.Target, type, owner) is { } byteCounter)
                {
                    summary.Counters.Add(byteCounter);
                    return true;
                }
                else
                {
                    summary.OtherEffects = true;
                }

                return false;

            case ISimpleAssignmentOperation assignment:
                if (IsBufferElement(assignment.Target, owner))
                {
                    summary.ChangesBytes = true;
                }
                else if (owner is not { MethodKind: MethodKind.Constructor })
                {
                    summary.OtherEffects = true;
                }

                return false;

            case IFieldReferenceOperation or IPropertyReferenceOperation:
                if (GetMemberOfThis(operation, type, owner) is { } read && !IsAssignmentTarget(operation))
                {
                    summary.Reads.Add(read.OriginalDefinition);
                }

                return false;

            default:
                return false;
        }
    }

    private static bool RecordInvocation(IInvocationOperation invocation, Summary summary, INamedTypeSymbol type, StreamMembers members, IMethodSymbol? owner)
    {
        var target = invocation.TargetMethod;
        var instance = OperationFacts.Unwrap(invocation.Instance);

        // _compressionStream = provider.CreateStream(_innerStream): a stream made by a factory over the wrapped one is an encoder.
        if (OperationFacts.Climb(invocation) is { Parent: IAssignmentOperation { Target: { } encoderTarget } assignment } assigned
            && assignment.Value == assigned
            && IsEncoderOverStream(target.ReturnType, invocation.Arguments, members, type, owner)
            && GetMemberOfThis(encoderTarget, type, owner) is { } factoryEncoder)
        {
            summary.Encoders.Add(factoryEncoder);
        }

        if (target.Name == "ConfigureAwait")
        {
            // await inner.WriteAsync(...).ConfigureAwait(false): the awaited call is what matters.
            return false;
        }

        if (IsStreamWrite(target, members))
        {
            if (instance is IInstanceReferenceOperation)
            {
                // this.Write(...) / base.WriteAsync(...): another write entry of the class (or the base's routing).
                summary.CallsOwnWrite |= ArgumentsUnchanged(invocation, owner);
                summary.ChangesBytes |= !ArgumentsUnchanged(invocation, owner);
                return true;
            }

            if (GetMemberOfThis(instance, type, owner) is { } receiver)
            {
                var intoBuffer = KnownTypes.InheritsFromOrEquals(receiver switch
                {
                    IFieldSymbol field => field.Type,
                    IPropertySymbol property => property.Type,
                    IParameterSymbol parameter => parameter.Type,
                    _ => null,
                }, members.MemoryStream);
                summary.StreamWrites.Add(new StreamWrite(receiver, ArgumentsUnchanged(invocation, owner), intoBuffer));
                return true;
            }
        }

        // Interlocked.Add(ref _count, count) / Interlocked.Increment(ref _count) in WriteByte.
        if (target.ContainingType is { Name: "Interlocked", ContainingNamespace.Name: "Threading" }
            && invocation.Arguments.Length >= 1
            && GetMemberOfThis(invocation.Arguments[0].Value, type, owner) is { } counter
            && (target.Name == "Add" && invocation.Arguments.Length == 2 && IsWrittenLength(invocation.Arguments[1].Value, owner)
                || target.Name == "Increment" && IsWriteByte(owner, members)))
        {
            summary.Counters.Add(counter);
            return true;
        }

        if (summary.IsWriteEntry)
        {
            summary.OtherEffects = true;
            foreach (var argument in invocation.Arguments)
            {
                if (IsBufferParameter(argument.Value, owner) && !IsReadOnlyUse(argument, target))
                {
                    // Handed to code that may change it: unsure, so not an observer.
                    summary.ChangesBytes = true;
                }
            }
        }

        return false;
    }
}
