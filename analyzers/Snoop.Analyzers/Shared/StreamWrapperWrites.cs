using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Snoop.Analyzers.Shared;

/// <summary>What a <c>Stream</c> wrapper's write path does with the bytes it is given.</summary>
internal enum WrapperWriteKind
{
    /// <summary>Not a write wrapper: no write member is overridden, or none reaches the wrapped stream.</summary>
    None,

    /// <summary>The writes go into a buffer (a <c>MemoryStream</c>) instead of the wrapped stream (SNOOP001's shape).</summary>
    Buffers,

    /// <summary>
    /// The bytes reaching the wrapped stream may differ from the bytes received: they go through an encoder the class
    /// created over it, the buffer is changed, bytes are added outside the write path, or the shape is not one we can
    /// prove (precision first: unsure counts as transforming).
    /// </summary>
    Transforms,

    /// <summary>Every write hands its own arguments to the wrapped stream unchanged, and does something else on the side.</summary>
    Observes,

    /// <summary>Every write hands its arguments on unchanged and only adds the written length to one counter.</summary>
    CountsOnly,
}

/// <summary>The verdict on one <c>Stream</c> wrapper class, computed once at the end of the class.</summary>
internal sealed class StreamWrapperModel
{
    public static readonly StreamWrapperModel NotAWrapper = new(WrapperWriteKind.None, ImmutableArray<string>.Empty);

    public StreamWrapperModel(WrapperWriteKind kind, ImmutableArray<string> countMembers)
    {
        Kind = kind;
        CountMembers = countMembers;
    }

    public WrapperWriteKind Kind { get; }

    /// <summary>For <see cref="WrapperWriteKind.CountsOnly"/>: the public <c>long</c> members that read the counter.</summary>
    public ImmutableArray<string> CountMembers { get; }
}

/// <summary>
/// The one place that decides whether a <c>Stream</c> wrapper observes or transforms the bytes it writes.
/// Observing: the bytes written to the wrapped stream are exactly the bytes received (counting, hashing, a tee).
/// Transforming: the bytes go to an encoder the class created, or are changed or augmented on the way.
/// Per operation block a <see cref="Summary"/> is recorded in <see cref="WrapperFacts"/>; <see cref="Classify"/> reads them back.
/// </summary>
internal static class StreamWrapperWrites
{
    /// <summary>Records the write-relevant facts of one operation block of a class deriving from <c>Stream</c>.</summary>
    public static void Summarize(OperationBlockAnalysisContext context, INamedTypeSymbol type, WrapperFacts facts, StreamMembers members)
        => Summarize(context.OwningSymbol, context.OperationBlocks, type, facts, members);

    /// <summary>Records the write-relevant facts of the operation blocks of <paramref name="owningSymbol"/>.</summary>
    public static void Summarize(ISymbol owningSymbol, IEnumerable<IOperation?> operationBlocks, INamedTypeSymbol type, WrapperFacts facts, StreamMembers members)
    {
        if (owningSymbol is not IMethodSymbol owner)
        {
            // Field and property initializers: only encoders created over a constructor parameter matter.
            var initializerSummary = new Summary(null, isWriteEntry: false);
            foreach (var block in operationBlocks)
            {
                Walk(block, initializerSummary, type, members, owner: null);
            }

            if (initializerSummary.Encoders.Count > 0)
            {
                facts.RecordSummary(owningSymbol, initializerSummary);
            }

            return;
        }

        var summary = new Summary(owner, IsWriteEntry(owner, members));
        foreach (var block in operationBlocks)
        {
            if (owner.MethodKind == MethodKind.PropertyGet && TryGetReturnedMember(block, type) is { } returned)
            {
                summary.Returns = returned;
                continue;
            }

            Walk(block, summary, type, members, owner);
        }

        facts.RecordSummary(owner, summary);
    }

    /// <summary>Decides what the class does with written bytes, from the summaries recorded for it.</summary>
    public static StreamWrapperModel Classify(INamedTypeSymbol type, WrapperFacts facts)
    {
        var summaries = facts.GetSummaries<Summary>();
        var encoders = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var pair in summaries)
        {
            foreach (var encoder in pair.Value.Encoders)
            {
                encoders.Add(encoder.OriginalDefinition);
            }
        }

        var writeEntries = 0;
        var reachesInner = false;
        var buffers = false;
        var transforms = false;
        var everyEntryForwards = true;
        var otherEffects = false;
        var counters = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var wrappedWritten = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var pair in summaries)
        {
            var summary = pair.Value;
            if (summary.IsWriteEntry)
            {
                writeEntries++;
            }

            var forwards = summary.CallsOwnWrite;
            foreach (var write in summary.StreamWrites)
            {
                if (facts.IsWrapped(write.Receiver))
                {
                    // Only a write path that reaches the stream makes a wrapper; a class that keeps the bytes and writes them
                    // out later (on flush or dispose) buffers.
                    reachesInner |= summary.IsWriteEntry;
                    if (summary.IsWriteEntry)
                    {
                        wrappedWritten.Add(write.Receiver.OriginalDefinition);
                    }

                    if (!summary.IsWriteEntry || !write.Unchanged)
                    {
                        transforms = true;
                    }

                    forwards = true;
                }
                else if (encoders.Contains(write.Receiver.OriginalDefinition))
                {
                    reachesInner |= summary.IsWriteEntry;
                    transforms = true;
                }
                else if (write.IntoBuffer)
                {
                    buffers |= summary.IsWriteEntry;
                }
                else
                {
                    // A tee into another stream: observation.
                    otherEffects |= summary.IsWriteEntry;
                }
            }

            if (!summary.IsWriteEntry)
            {
                continue;
            }

            everyEntryForwards &= forwards;
            transforms |= summary.ChangesBytes;
            otherEffects |= summary.OtherEffects;
            foreach (var counter in summary.Counters)
            {
                counters.Add(counter.OriginalDefinition);
            }
        }

        if (buffers)
        {
            // Written into a buffer (and copied on later, if at all): SNOOP001's shape, not this one.
            return new StreamWrapperModel(WrapperWriteKind.Buffers, ImmutableArray<string>.Empty);
        }

        if (writeEntries == 0 || !reachesInner)
        {
            return StreamWrapperModel.NotAWrapper;
        }

        if (transforms || !everyEntryForwards)
        {
            return new StreamWrapperModel(WrapperWriteKind.Transforms, ImmutableArray<string>.Empty);
        }

        // Writes to two streams given from outside: one of them is a tee (a log, a copy), an observation.
        if (otherEffects || counters.Count != 1 || wrappedWritten.Count > 1)
        {
            return new StreamWrapperModel(WrapperWriteKind.Observes, ImmutableArray<string>.Empty);
        }

        // Counting only when nothing but a getter reads the counter (a wrapper reporting its count itself observes).
        ISymbol? counterSymbol = null;
        foreach (var counter in counters)
        {
            counterSymbol = counter;
        }

        var countMembers = ImmutableArray.CreateBuilder<string>();
        if (counterSymbol is IPropertySymbol { DeclaredAccessibility: Accessibility.Public, Type.SpecialType: SpecialType.System_Int64 }
            || counterSymbol is IFieldSymbol { DeclaredAccessibility: Accessibility.Public, Type.SpecialType: SpecialType.System_Int64 })
        {
            countMembers.Add(counterSymbol.Name);
        }

        foreach (var pair in summaries)
        {
            var summary = pair.Value;
            if (summary.Returns is { } returned && SymbolEqualityComparer.Default.Equals(returned.OriginalDefinition, counterSymbol))
            {
                if (summary.Owner?.AssociatedSymbol is IPropertySymbol { DeclaredAccessibility: Accessibility.Public, Type.SpecialType: SpecialType.System_Int64 } property)
                {
                    countMembers.Add(property.Name);
                }

                continue;
            }

            if (!summary.IsWriteEntry && summary.Reads.Contains(counterSymbol!))
            {
                return new StreamWrapperModel(WrapperWriteKind.Observes, ImmutableArray<string>.Empty);
            }
        }

        return new StreamWrapperModel(WrapperWriteKind.CountsOnly, countMembers.ToImmutable());
    }

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
            case IObjectCreationOperation creation when IsEncoderOverParameter(creation, members):
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

    /// <summary><c>new X(..., inner, ...)</c> with <c>X</c> a stream and <c>inner</c> a parameter: an encoder over the wrapped stream.</summary>
    private static bool IsEncoderOverParameter(IObjectCreationOperation creation, StreamMembers members)
    {
        if (!KnownTypes.InheritsFromOrEquals(creation.Type, members.Stream))
        {
            return false;
        }

        foreach (var argument in creation.Arguments)
        {
            if (OperationFacts.Unwrap(argument.Value) is IParameterReferenceOperation parameter
                && KnownTypes.InheritsFromOrEquals(parameter.Type, members.Stream))
            {
                return true;
            }
        }

        return false;
    }

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

    /// <summary>One write to a stream held by the class.</summary>
    internal sealed class StreamWrite
    {
        public StreamWrite(ISymbol receiver, bool unchanged, bool intoBuffer)
        {
            Receiver = receiver;
            Unchanged = unchanged;
            IntoBuffer = intoBuffer;
        }

        public ISymbol Receiver { get; }

        public bool Unchanged { get; }

        public bool IntoBuffer { get; }
    }

    /// <summary>What one operation block does with the written bytes (built by one thread, read at the end of the type).</summary>
    internal sealed class Summary
    {
        public Summary(IMethodSymbol? owner, bool isWriteEntry)
        {
            Owner = owner;
            IsWriteEntry = isWriteEntry;
        }

        public IMethodSymbol? Owner { get; }

        /// <summary>The block overrides a write entry point of <c>Stream</c>.</summary>
        public bool IsWriteEntry { get; }

        public List<StreamWrite> StreamWrites { get; } = new();

        /// <summary>Stream members the class created over a constructor parameter (encoders, compressors).</summary>
        public List<ISymbol> Encoders { get; } = new();

        /// <summary>Members the block adds the written length to.</summary>
        public List<ISymbol> Counters { get; } = new();

        /// <summary>Members of the class the block reads (original definitions).</summary>
        public HashSet<ISymbol> Reads { get; } = new(SymbolEqualityComparer.Default);

        /// <summary>For a getter that only returns a member: that member.</summary>
        public ISymbol? Returns { get; set; }

        public bool CallsOwnWrite { get; set; }

        /// <summary>The buffer is changed, or handed to code that may change it.</summary>
        public bool ChangesBytes { get; set; }

        /// <summary>Something besides forwarding and counting happens (an observation).</summary>
        public bool OtherEffects { get; set; }
    }
}
