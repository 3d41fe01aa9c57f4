using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>Where a stream a body-feature wrapper holds (or returns as its <c>Stream</c>) comes from.</summary>
internal enum StreamOriginKind
{
    /// <summary>Not recognized (a local, a call, a conditional...): precision first, treated as "unsure".</summary>
    Unknown,

    /// <summary>The wrapped feature's own stream (<c>inner.Stream</c>, <c>context.Response.Body</c>).</summary>
    Inner,

    /// <summary>A constructor parameter: the stream is given by the caller (a general stream-to-feature adapter).</summary>
    Caller,

    /// <summary>The class itself (<c>Stream =&gt; this</c>, a class deriving from <c>Stream</c>).</summary>
    Self,

    /// <summary>A field or property of the class, resolved at the end of the type from what is assigned to it.</summary>
    Member,

    /// <summary>A stream the class builds (<c>new T(...)</c>, <c>factory.Create(...)</c>) over another origin.</summary>
    Built,
}

/// <summary>
/// The origin of one stream value of a body-feature wrapper, computed from one operation block and resolved at the end
/// of the type (<see cref="Resolve"/>). Decides, with SNOOP007's <see cref="StreamWrapperModels"/>, whether the wrapper's
/// own stream only observes the bytes (its <c>Writer</c> and send-file copy then lose the server's capabilities for
/// nothing) or transforms them (they must go through the stream), or whether the rule cannot tell (silent).
/// </summary>
internal sealed class StreamOrigin
{
    public static readonly StreamOrigin Unknown = new(StreamOriginKind.Unknown, null, null, null);
    public static readonly StreamOrigin Inner = new(StreamOriginKind.Inner, null, null, null);
    public static readonly StreamOrigin Caller = new(StreamOriginKind.Caller, null, null, null);
    public static readonly StreamOrigin Self = new(StreamOriginKind.Self, null, null, null);

    private const int MaxDepth = 6;

    private StreamOrigin(StreamOriginKind kind, ISymbol? member, ITypeSymbol? builtType, StreamOrigin? over)
    {
        Kind = kind;
        Member = member;
        BuiltType = builtType;
        Over = over;
    }

    public StreamOriginKind Kind { get; }

    /// <summary>For <see cref="StreamOriginKind.Member"/>: the field or property.</summary>
    public ISymbol? Member { get; }

    /// <summary>For <see cref="StreamOriginKind.Built"/>: the type of the stream built (null for a factory call).</summary>
    public ITypeSymbol? BuiltType { get; }

    /// <summary>For <see cref="StreamOriginKind.Built"/>: what it was built over.</summary>
    public StreamOrigin? Over { get; }

    /// <summary>The origin "whatever the class assigns to <paramref name="member"/>" (resolved with <see cref="Resolve"/>).</summary>
    public static StreamOrigin OfMember(ISymbol member) => new(StreamOriginKind.Member, member.OriginalDefinition, null, null);

    /// <summary>The origin of <paramref name="value"/> (conversions, parentheses and <c>?? throw</c> removed).</summary>
    public static StreamOrigin Of(IOperation? value, KnownTypes known, INamedTypeSymbol feature, int depth = 0)
    {
        value = OperationFacts.Unwrap(value);
        if (value is null || depth > MaxDepth)
        {
            return Unknown;
        }

        if (OperationFacts.IsThis(value))
        {
            return Self;
        }

        if (value is IPropertyReferenceOperation { Property.Name: "Stream" } stream
            && stream.Instance is { } instance && !OperationFacts.IsThis(instance)
            && SymbolFacts.IsOrImplements(instance.Type, feature))
        {
            return Inner;
        }

        if (ResponseBodySwap.IsBodyRead(value, known))
        {
            return Inner;
        }

        if (value is IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } })
        {
            return Caller;
        }

        if (OperationFacts.MemberOfThis(value) is { } member && member is IFieldSymbol or IPropertySymbol)
        {
            return new StreamOrigin(StreamOriginKind.Member, member.OriginalDefinition, null, null);
        }

        switch (value)
        {
            case IInvocationOperation { TargetMethod: { Name: "Create", IsStatic: true } create } pipe
                when SymbolEqualityComparer.Default.Equals(create.ContainingType, known.PipeWriter) && pipe.Arguments.Length >= 1:
                // PipeWriter.Create(stream): the pipe writes where the stream does.
                return Of(pipe.Arguments[0].Value, known, feature, depth + 1);
            case IObjectCreationOperation creation when KnownTypes.InheritsFromOrEquals(creation.Type, known.Stream):
                return Built(creation.Type, creation.Arguments, known, feature, depth);
            case IInvocationOperation factory when KnownTypes.InheritsFromOrEquals(factory.Type, known.Stream):
                return Built(null, factory.Arguments, known, feature, depth);
            default:
                return Unknown;
        }
    }

    /// <summary>
    /// Follows <see cref="StreamOriginKind.Member"/> origins through what the class assigns to them (every assignment
    /// must agree; two different origins give <see cref="Unknown"/>), and the base of built streams.
    /// </summary>
    public StreamOrigin Resolve(Dictionary<ISymbol, List<StreamOrigin>> assignments, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            return Unknown;
        }

        switch (Kind)
        {
            case StreamOriginKind.Member:
                if (Member is null || !assignments.TryGetValue(Member, out var assigned) || assigned.Count == 0)
                {
                    return Unknown;
                }

                StreamOrigin? result = null;
                foreach (var origin in assigned)
                {
                    var resolved = origin.Resolve(assignments, depth + 1);
                    if (result is null)
                    {
                        result = resolved;
                    }
                    else if (!result.SameAs(resolved))
                    {
                        return Unknown;
                    }
                }

                return result ?? Unknown;

            case StreamOriginKind.Built:
                var over = Over?.Resolve(assignments, depth + 1) ?? Unknown;
                return over.Kind is StreamOriginKind.Inner or StreamOriginKind.Self ? new StreamOrigin(StreamOriginKind.Built, null, BuiltType, Inner) : Unknown;

            default:
                return this;
        }
    }

    /// <summary>
    /// For a resolved origin: the stream writes the same bytes as it receives on to the wrapped feature's stream (the
    /// inner stream itself, or a wrapper SNOOP007 judges observing: counting, hashing, a tee). Transforming, buffering,
    /// caller-given and unrecognized streams are not.
    /// </summary>
    public bool Observes(INamedTypeSymbol wrapperType, StreamWrapperModels? models, SemanticModel? model, CancellationToken cancellationToken)
    {
        switch (Kind)
        {
            case StreamOriginKind.Inner:
                return true;
            case StreamOriginKind.Self:
                return IsObserving(wrapperType, models, model, cancellationToken);
            case StreamOriginKind.Built:
                return BuiltType is INamedTypeSymbol { TypeKind: TypeKind.Class } built
                    && !built.DeclaringSyntaxReferences.IsEmpty
                    && IsObserving(built, models, model, cancellationToken);
            default:
                return false;
        }
    }

    /// <summary>
    /// For a resolved origin: the class's own stream, built over the wrapped feature's (or the class itself), whose writes
    /// go on to it (observing or transforming). A stream that buffers (writes go to a buffer, out later) or whose writes
    /// the rule cannot see (inherited from a base class) is not: holding the start back may be its design.
    /// </summary>
    public bool IsOwnOverInner(INamedTypeSymbol wrapperType, StreamWrapperModels? models, SemanticModel? model, CancellationToken cancellationToken)
    {
        switch (Kind)
        {
            case StreamOriginKind.Self:
                return WritesThrough(wrapperType, models, model, cancellationToken);
            case StreamOriginKind.Built:
                return BuiltType is not INamedTypeSymbol { DeclaringSyntaxReferences.IsEmpty: false } built
                    || WritesThrough(built, models, model, cancellationToken);
            default:
                return false;
        }
    }

    private static bool IsObserving(INamedTypeSymbol type, StreamWrapperModels? models, SemanticModel? model, CancellationToken cancellationToken)
        => models is not null && model is not null
            && models.Get(type, model, cancellationToken).Kind is WrapperWriteKind.Observes or WrapperWriteKind.CountsOnly;

    private static bool WritesThrough(INamedTypeSymbol type, StreamWrapperModels? models, SemanticModel? model, CancellationToken cancellationToken)
        => models is not null && model is not null
            && models.Get(type, model, cancellationToken).Kind is WrapperWriteKind.Observes or WrapperWriteKind.CountsOnly or WrapperWriteKind.Transforms;

    private static StreamOrigin Built(ITypeSymbol? type, System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, KnownTypes known, INamedTypeSymbol feature, int depth)
    {
        foreach (var argument in arguments)
        {
            if (!KnownTypes.InheritsFromOrEquals(OperationFacts.Unwrap(argument.Value)?.Type, known.Stream))
            {
                continue;
            }

            var over = Of(argument.Value, known, feature, depth + 1);
            if (over.Kind is StreamOriginKind.Inner or StreamOriginKind.Member or StreamOriginKind.Built)
            {
                return new StreamOrigin(StreamOriginKind.Built, null, type, over);
            }
        }

        return Unknown;
    }

    private bool SameAs(StreamOrigin other)
        => Kind == other.Kind
            && SymbolEqualityComparer.Default.Equals(Member, other.Member)
            && SymbolEqualityComparer.Default.Equals(BuiltType, other.BuiltType);
}
