using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>How a body-feature member fails to reach the wrapped feature.</summary>
internal enum BodyFeatureShape
{
    /// <summary>The body does nothing (or returns a completed task).</summary>
    Empty,

    /// <summary>The body throws <c>NotImplementedException</c>.</summary>
    NotImplemented,

    /// <summary><c>SendFileAsync</c> copies the file through the wrapper's own stream.</summary>
    CopyFallback,

    /// <summary><c>Writer</c> is a pipe built over a stream.</summary>
    PipeOverStream,

    /// <summary><c>StartAsync</c> only flushes the wrapper's own stream (reported when that stream is built over the inner's).</summary>
    FlushOnly,

    /// <summary><c>CompleteAsync</c> does its own work (logging) and returns a completed task (reported when other members forward).</summary>
    OwnWorkOnly,
}

/// <summary>
/// What one operation block of a body-feature wrapper does, computed from that block alone (no shared state) and
/// recorded in the type's <see cref="WrapperFacts"/>; <see cref="BodyFeatureWrapperRule"/> combines the blocks'
/// summaries at the end of the type.
/// </summary>
internal sealed class BodyFeatureWrapperBlock
{
    private BodyFeatureWrapperBlock(
        BodyFeatureShape? memberShape,
        bool writerUsesInner,
        bool writerCreatesPipe,
        bool writerThrows,
        ImmutableArray<ISymbol> writerSources,
        bool streamForwards,
        ImmutableArray<ISymbol> assignedPipeOverStream,
        BodyFeatureStreamFacts streams)
    {
        MemberShape = memberShape;
        WriterUsesInner = writerUsesInner;
        WriterCreatesPipe = writerCreatesPipe;
        WriterThrows = writerThrows;
        WriterSources = writerSources;
        StreamForwards = streamForwards;
        AssignedPipeOverStream = assignedPipeOverStream;
        Streams = streams;
    }

    /// <summary>The streams this block assigns, returns as <c>Stream</c> or flushes (see <see cref="BodyFeatureStreamFacts"/>).</summary>
    public BodyFeatureStreamFacts Streams { get; }

    /// <summary>For an implementation of a feature method: how it fails to reach the wrapped feature; null when it does not fail.</summary>
    public BodyFeatureShape? MemberShape { get; }

    /// <summary><c>Writer</c> getter: it reads another feature's <c>Writer</c>.</summary>
    public bool WriterUsesInner { get; }

    /// <summary><c>Writer</c> getter: it builds a pipe over a stream itself (<c>PipeWriter.Create(stream)</c>).</summary>
    public bool WriterCreatesPipe { get; }

    /// <summary><c>Writer</c> getter: it throws <c>NotImplementedException</c>.</summary>
    public bool WriterThrows { get; }

    /// <summary><c>Writer</c> getter: the fields and properties of this instance it returns.</summary>
    public ImmutableArray<ISymbol> WriterSources { get; }

    /// <summary><c>Stream</c> getter: it is <c>return holder.Stream</c>, so the wrapper's stream adds no logic.</summary>
    public bool StreamForwards { get; }

    /// <summary>Fields and properties of this instance assigned a pipe over a stream in this block.</summary>
    public ImmutableArray<ISymbol> AssignedPipeOverStream { get; }

    /// <summary>Summarizes one block of the wrapper; null when it holds nothing the rule needs.</summary>
    public static BodyFeatureWrapperBlock? Summarize(BodyFeatureWrapperRule.Wrapper wrapper, ISymbol owner, ImmutableArray<IOperation> blocks)
    {
        var assigned = FindPipeOverStreamAssignments(blocks, wrapper.Known);
        var streams = BodyFeatureStreamFacts.Collect(wrapper, blocks);
        var method = owner as IMethodSymbol;
        BodyFeatureShape? memberShape = null;
        var writerUsesInner = false;
        var writerCreatesPipe = false;
        var writerThrows = false;
        var writerSources = ImmutableArray<ISymbol>.Empty;
        var streamForwards = false;
        if (method is not null && wrapper.MemberOf(method) is { } member)
        {
            memberShape = AnalyzeMember(wrapper, blocks, member, method, streams);
        }
        else if (method is not null && SymbolEqualityComparer.Default.Equals(method, wrapper.Writer?.GetMethod))
        {
            AnalyzeWriterGetter(wrapper, blocks, out writerUsesInner, out writerCreatesPipe, out writerThrows, out writerSources);
        }
        else if (method is not null && SymbolEqualityComparer.Default.Equals(method, wrapper.Stream?.GetMethod))
        {
            streamForwards = IsForwardingStreamGetter(wrapper, blocks);
            streams.AddStreamGetter(wrapper, blocks);
        }

        if (memberShape is null && !writerUsesInner && !writerCreatesPipe && !writerThrows && writerSources.IsEmpty && !streamForwards && assigned.IsEmpty && streams.IsEmpty)
        {
            return null;
        }

        return new BodyFeatureWrapperBlock(memberShape, writerUsesInner, writerCreatesPipe, writerThrows, writerSources, streamForwards, assigned, streams);
    }

    private static BodyFeatureShape? AnalyzeMember(BodyFeatureWrapperRule.Wrapper wrapper, ImmutableArray<IOperation> blocks, BodyFeatureMember member, IMethodSymbol method, BodyFeatureStreamFacts streams)
    {
        if (method.Locations.IsEmpty || ReachesInner(wrapper, blocks, BodyFeatureMembers.Name(member)))
        {
            streams.ReachesInner = true;
            return null;
        }

        var statements = TopLevelStatements(blocks);
        if (statements is null)
        {
            return null;
        }

        if (IsEmpty(statements, wrapper.Known))
        {
            return BodyFeatureShape.Empty;
        }

        if (ThrowsNotImplemented(statements, wrapper.Known))
        {
            return BodyFeatureShape.NotImplemented;
        }

        return member switch
        {
            BodyFeatureMember.SendFileAsync when CopiesTheFile(blocks, wrapper.Known) => BodyFeatureShape.CopyFallback,
            BodyFeatureMember.StartAsync when BodyFeatureOwnWork.OnlyFlushes(wrapper, statements, streams) => BodyFeatureShape.FlushOnly,
            BodyFeatureMember.CompleteAsync when BodyFeatureOwnWork.OnlyOwnWork(wrapper, method, statements) => BodyFeatureShape.OwnWorkOnly,
            _ => null,
        };
    }

    private static void AnalyzeWriterGetter(
        BodyFeatureWrapperRule.Wrapper wrapper,
        ImmutableArray<IOperation> blocks,
        out bool usesInner,
        out bool createsPipe,
        out bool throws,
        out ImmutableArray<ISymbol> sources)
    {
        usesInner = false;
        createsPipe = false;
        throws = false;
        sources = ImmutableArray<ISymbol>.Empty;
        foreach (var block in blocks)
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                if (operation is IPropertyReferenceOperation { Property.Name: "Writer" } reference && !OperationFacts.IsThis(reference.Instance))
                {
                    usesInner = true;
                    return;
                }

                if (operation is IInvocationOperation invocation && IsPipeWriterCreate(invocation, wrapper.Known))
                {
                    createsPipe = true;
                }
            }
        }

        if (createsPipe)
        {
            return;
        }

        if (TopLevelStatements(blocks) is { } statements && ThrowsNotImplemented(statements, wrapper.Known))
        {
            throws = true;
            return;
        }

        var returned = ImmutableArray.CreateBuilder<ISymbol>();
        foreach (var block in blocks)
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                if (operation is IReturnOperation { ReturnedValue: { } value } && OperationFacts.MemberOfThis(value) is { } source)
                {
                    returned.Add(source);
                }
            }
        }

        sources = returned.ToImmutable();
    }

    private static bool IsForwardingStreamGetter(BodyFeatureWrapperRule.Wrapper wrapper, ImmutableArray<IOperation> blocks)
    {
        var statements = TopLevelStatements(blocks);
        return statements is { Count: 1 } && statements[0] is IReturnOperation { ReturnedValue: { } value }
            && OperationFacts.Unwrap(value) is IPropertyReferenceOperation { Property.Name: "Stream" } stream
            && wrapper.IsHolderReference(stream.Instance);
    }

    private static ImmutableArray<ISymbol> FindPipeOverStreamAssignments(ImmutableArray<IOperation> blocks, KnownTypes known)
    {
        ImmutableArray<ISymbol>.Builder? assigned = null;
        foreach (var block in blocks)
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IAssignmentOperation assignment when IsPipeWriterOverStream(assignment.Value, known) && OperationFacts.MemberOfThis(assignment.Target) is { } target:
                        (assigned ??= ImmutableArray.CreateBuilder<ISymbol>()).Add(target);
                        break;
                    case IFieldInitializerOperation fieldInitializer when IsPipeWriterOverStream(fieldInitializer.Value, known):
                        (assigned ??= ImmutableArray.CreateBuilder<ISymbol>()).AddRange(fieldInitializer.InitializedFields);
                        break;
                    case IPropertyInitializerOperation propertyInitializer when IsPipeWriterOverStream(propertyInitializer.Value, known):
                        (assigned ??= ImmutableArray.CreateBuilder<ISymbol>()).AddRange(propertyInitializer.InitializedProperties);
                        break;
                }
            }
        }

        return assigned?.ToImmutable() ?? ImmutableArray<ISymbol>.Empty;
    }

    private static bool IsPipeWriterOverStream(IOperation operation, KnownTypes known)
        => OperationFacts.Unwrap(operation) is IInvocationOperation invocation && IsPipeWriterCreate(invocation, known);

    private static bool IsPipeWriterCreate(IInvocationOperation invocation, KnownTypes known)
    {
        var method = invocation.TargetMethod;
        return method.Name == "Create"
            && method.IsStatic
            && method.Parameters.Length >= 1
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, known.PipeWriter)
            && KnownTypes.InheritsFromOrEquals(method.Parameters[0].Type, known.Stream);
    }

    /// <summary>
    /// A call of the member on another feature instance reaches the wrapped feature: on a holder, on a local that only ever
    /// holds a holder (<see cref="BodyFeatureWrapperRule.Wrapper.IsHolderReference"/>), or on an instance the rule
    /// cannot place (precision first). Not on this instance, on a feature created right there, or on a local the member
    /// stores something else in (<c>var f = new StreamResponseBodyFeature(_counter);</c>, the previous feature replaced).
    /// </summary>
    private static bool ReachesInner(BodyFeatureWrapperRule.Wrapper wrapper, ImmutableArray<IOperation> blocks, string name)
    {
        foreach (var block in blocks)
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                if (operation is IInvocationOperation invocation
                    && invocation.TargetMethod.Name == name
                    && invocation.Instance is { } instance
                    && SymbolFacts.IsOrImplements(instance.Type, wrapper.Feature)
                    && IsAnotherFeature(wrapper, OperationFacts.Unwrap(instance)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsAnotherFeature(BodyFeatureWrapperRule.Wrapper wrapper, IOperation? receiver) => receiver switch
    {
        IInstanceReferenceOperation or IObjectCreationOperation => false,
        ILocalReferenceOperation local => wrapper.IsHolderReference(local) || OperationFacts.StoredValues(local) is null,
        _ => true,
    };

    private static bool CopiesTheFile(ImmutableArray<IOperation> blocks, KnownTypes known)
    {
        var opensFile = false;
        var copies = false;
        foreach (var block in blocks)
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                if (operation is IInvocationOperation invocation)
                {
                    var target = invocation.TargetMethod;
                    if (target.Name == "SendFileAsync"
                        && (SymbolEqualityComparer.Default.Equals(target.ContainingType, known.SendFileFallback) || IsStreamFeature(invocation.Instance, known)))
                    {
                        return true;
                    }

                    if (target.Name.StartsWith("Open", System.StringComparison.Ordinal) && SymbolEqualityComparer.Default.Equals(target.ContainingType, known.File))
                    {
                        opensFile = true;
                    }
                    else if ((target.Name == "CopyToAsync" || target.Name == "CopyTo") && KnownTypes.InheritsFromOrEquals(target.ContainingType, known.Stream))
                    {
                        copies = true;
                    }
                }
                else if (operation is IObjectCreationOperation creation && KnownTypes.InheritsFromOrEquals(creation.Type, known.FileStream))
                {
                    opensFile = true;
                }
            }
        }

        return opensFile && copies;
    }

    /// <summary>
    /// A <c>StreamResponseBodyFeature</c> (whose send-file is <c>SendFileFallback</c>, a copy through its stream), or a local
    /// the member stores one in.
    /// </summary>
    private static bool IsStreamFeature(IOperation? receiver, KnownTypes known)
    {
        receiver = OperationFacts.Unwrap(receiver);
        if (receiver is null || known.StreamResponseBodyFeature is null)
        {
            return false;
        }

        if (KnownTypes.InheritsFromOrEquals(receiver.Type, known.StreamResponseBodyFeature))
        {
            return true;
        }

        if (receiver is ILocalReferenceOperation local && OperationFacts.StoredValues(local) is { } stored)
        {
            foreach (var value in stored)
            {
                if (KnownTypes.InheritsFromOrEquals(value.Type, known.StreamResponseBodyFeature))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsEmpty(List<IOperation> statements, KnownTypes known)
    {
        if (statements.Count == 0)
        {
            return true;
        }

        if (statements.Count != 1)
        {
            return false;
        }

        var value = statements[0] switch
        {
            IReturnOperation ret => ret.ReturnedValue,
            IExpressionStatementOperation { Operation: IAwaitOperation awaited } => awaited.Operation,
            _ => null,
        };
        return value is not null && IsCompletedTask(value, known);
    }

    internal static bool IsCompletedTask(IOperation value, KnownTypes known)
    {
        var stripped = OperationFacts.Unwrap(value);
        return stripped is IDefaultValueOperation
            || (stripped is IPropertyReferenceOperation { Property.Name: "CompletedTask" } completed
                && (SymbolEqualityComparer.Default.Equals(completed.Property.ContainingType, known.Task)
                    || SymbolEqualityComparer.Default.Equals(completed.Property.ContainingType, known.ValueTask)));
    }

    private static bool ThrowsNotImplemented(List<IOperation> statements, KnownTypes known)
    {
        foreach (var statement in statements)
        {
            var current = statement;
            if (current is IExpressionStatementOperation expression)
            {
                current = expression.Operation;
            }
            else if (current is IReturnOperation { ReturnedValue: { } returned })
            {
                current = OperationFacts.Unwrap(returned);
            }

            if (current is IThrowOperation { Exception: { } exception }
                && OperationFacts.Unwrap(exception) is IObjectCreationOperation creation
                && SymbolEqualityComparer.Default.Equals(creation.Type, known.NotImplementedException))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The statements of the body, without the implicit trailing return; null when there is no body.</summary>
    internal static List<IOperation>? TopLevelStatements(ImmutableArray<IOperation> blocks)
    {
        IBlockOperation? body = null;
        foreach (var block in blocks)
        {
            switch (block)
            {
                case IMethodBodyOperation methodBody:
                    body = methodBody.BlockBody ?? methodBody.ExpressionBody;
                    break;
                case IBlockOperation plain:
                    body = plain;
                    break;
            }
        }

        if (body is null)
        {
            return null;
        }

        var statements = new List<IOperation>();
        foreach (var operation in body.Operations)
        {
            if (operation is IReturnOperation { ReturnedValue: null, IsImplicit: true })
            {
                continue;
            }

            if (operation is IInvalidOperation)
            {
                return null;
            }

            statements.Add(operation);
        }

        return statements;
    }
}
