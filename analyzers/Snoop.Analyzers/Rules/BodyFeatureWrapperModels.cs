using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>
/// SNOOP007's verdict on a hand-written body-feature wrapper installed with <c>Features.Set</c>: it only observes when
/// SNOOP004 finds nothing it drops (<see cref="BodyFeatureWrapperRule.CollectFindings"/>), its <c>Stream</c> is a
/// source stream wrapper built over the wrapped feature's stream that <see cref="StreamWrapperModels"/> judges observing
/// or counting, and every other member (<c>Writer</c>, <c>DisableBuffering</c>, <c>StartAsync</c>, <c>SendFileAsync</c>,
/// <c>CompleteAsync</c>) only hands its arguments to the wrapped feature's same member. Anything else: no verdict
/// (precision first). Computed on demand from an install site, once per class.
/// </summary>
internal sealed partial class BodyFeatureWrapperModels
{
    private readonly ConcurrentDictionary<INamedTypeSymbol, BodyFeatureWrapperModel> _cache = new(SymbolEqualityComparer.Default);
    private readonly Compilation _compilation;
    private readonly KnownTypes _known;
    private readonly BodyFeatureMembers _members;
    private readonly StreamWrapperModels _streams;
    private readonly PipeWriterWrapperModels? _writers;

    public BodyFeatureWrapperModels(Compilation compilation, KnownTypes known, BodyFeatureMembers members, StreamWrapperModels streams, PipeWriterWrapperModels? writers)
    {
        _writers = writers;
        _compilation = compilation;
        _known = known;
        _members = members;
        _streams = streams;
    }

    public BodyFeatureWrapperModel Get(INamedTypeSymbol type, SemanticModel current, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(type, out var cached))
        {
            return cached;
        }

        return _cache.GetOrAdd(type, Compute(type, current, cancellationToken));
    }

    private BodyFeatureWrapperModel Compute(INamedTypeSymbol type, SemanticModel current, CancellationToken cancellationToken)
    {
        if (type.DeclaringSyntaxReferences.Length != 1 || type.IsAbstract || type.IsGenericType
            || KnownTypes.InheritsFromOrEquals(type, _known.Stream)
            || type.BaseType is { SpecialType: not SpecialType.System_Object }
            || type.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not ClassDeclarationSyntax declaration)
        {
            return BodyFeatureWrapperModel.None;
        }

        var holders = WrapperHolders.Find(type, _members.Feature, cancellationToken);
        if (holders.Count == 0)
        {
            return BodyFeatureWrapperModel.None;
        }

        var wrapper = new BodyFeatureWrapperRule.Wrapper(_known, _members, type, holders);
        var model = declaration.SyntaxTree == current.SyntaxTree ? current : GetModel(declaration.SyntaxTree);
        var blocks = new List<KeyValuePair<ISymbol, BodyFeatureWrapperBlock>>();
        var bodies = new Dictionary<ISymbol, IOperation>(SymbolEqualityComparer.Default);
        foreach (var (owner, body) in MemberBodies.Of(declaration, model, cancellationToken))
        {
            if (model.GetOperation(body, cancellationToken) is not { } operation)
            {
                continue;
            }

            bodies[owner] = operation;
            if (BodyFeatureWrapperBlock.Summarize(wrapper, owner, ImmutableArray.Create(operation)) is { } summary)
            {
                blocks.Add(new KeyValuePair<ISymbol, BodyFeatureWrapperBlock>(owner, summary));
            }
        }

        var verdict = BodyFeatureStreamVerdict.Decide(wrapper, blocks, _streams, model, cancellationToken);
        if (BodyFeatureWrapperRule.CollectFindings(wrapper, blocks, verdict, out _).Count != 0
            || verdict.IsInner
            || verdict.Resolved is not { Kind: StreamOriginKind.Built, BuiltType: INamedTypeSymbol { DeclaringSyntaxReferences.IsEmpty: false } streamType, Over.Kind: StreamOriginKind.Inner }
            || !OnlyForwards(wrapper, bodies, out var writerType))
        {
            return BodyFeatureWrapperModel.None;
        }

        var stream = _streams.Get(streamType, model, cancellationToken);
        if (stream.Kind is not (WrapperWriteKind.CountsOnly or WrapperWriteKind.Observes))
        {
            return BodyFeatureWrapperModel.None;
        }

        if (writerType is not null)
        {
            return WithOwnWriter(type, bodies, streamType, stream, writerType, model, cancellationToken);
        }

        // The feature's own getters of the stream's count (long BytesWritten => _stream.BytesWritten).
        var countMembers = ImmutableArray.CreateBuilder<string>();
        if (stream.Kind == WrapperWriteKind.CountsOnly)
        {
            foreach (var member in type.GetMembers())
            {
                if (member is IPropertySymbol { GetMethod: { } getter, SetMethod: null, Parameters.Length: 0 } property
                    && bodies.TryGetValue(getter, out var getterBody)
                    && ReturnedValue(getterBody) is IPropertyReferenceOperation { Instance: { } instance } read
                    && SymbolEqualityComparer.Default.Equals(OperationFacts.Unwrap(instance)?.Type, streamType)
                    && stream.CountMembers.Contains(read.Property.Name))
                {
                    countMembers.Add(property.Name);
                }
            }
        }

        return new BodyFeatureWrapperModel(stream.Kind, streamType, countMembers.ToImmutable());
    }

#pragma warning disable RS1030 // The wrapper class is another type, usually in another file; analyzed once per compilation (see the cache above).
    private SemanticModel GetModel(SyntaxTree tree) => _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030

    /// <summary>
    /// <c>Writer</c> returns the wrapped feature's <c>Writer</c>, and each feature method is one call of the wrapped feature's
    /// same method with the method's own parameters, in order (returned, awaited, or as a statement).
    /// </summary>
    private bool OnlyForwards(BodyFeatureWrapperRule.Wrapper wrapper, Dictionary<ISymbol, IOperation> bodies, out INamedTypeSymbol? writerType)
    {
        writerType = null;
        if (wrapper.Writer?.GetMethod is not { } writer || !bodies.TryGetValue(writer, out var writerBody))
        {
            return false;
        }

        var returned = ReturnedValue(writerBody);
        if (!IsPreviousWriter(returned, wrapper))
        {
            // Or a PipeWriter wrapper of the class's own, built once over the previous feature's Writer.
            writerType = OwnWriterOverPrevious(returned, wrapper, bodies);
            if (writerType is null)
            {
                return false;
            }
        }

        for (var i = 0; i < BodyFeatureMembers.MethodCount; i++)
        {
            if (_members.GetMethod((BodyFeatureMember)i) is not { } member
                || wrapper.Type.FindImplementationForInterfaceMember(member) is not IMethodSymbol implementation
                || !bodies.TryGetValue(implementation, out var body)
                || !IsForwardCall(Single(body), implementation, wrapper))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsForwardCall(IOperation? statement, IMethodSymbol method, BodyFeatureWrapperRule.Wrapper wrapper)
    {
        var value = statement switch
        {
            IReturnOperation returned => returned.ReturnedValue,
            IExpressionStatementOperation expression => expression.Operation,
            _ => null,
        };
        value = OperationFacts.Unwrap(value);
        if (value is IAwaitOperation awaited)
        {
            value = OperationFacts.Unwrap(awaited.Operation);
        }

        if (value is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
        {
            value = OperationFacts.Unwrap(configured);
        }

        if (value is not IInvocationOperation call || call.TargetMethod.Name != method.Name || !wrapper.IsHolderReference(call.Instance)
            || call.Arguments.Length != method.Parameters.Length)
        {
            return false;
        }

        for (var i = 0; i < call.Arguments.Length; i++)
        {
            if (OperationFacts.Unwrap(call.Arguments[i].Value) is not IParameterReferenceOperation parameter
                || call.Arguments[i].Parameter is not { } target || target.Ordinal >= method.Parameters.Length
                || !SymbolEqualityComparer.Default.Equals(parameter.Parameter, method.Parameters[target.Ordinal]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The only statement of a body (the implicit trailing return left out); null otherwise.</summary>
    private static IOperation? Single(IOperation body)
        => BodyFeatureWrapperBlock.TopLevelStatements(ImmutableArray.Create(body)) is { Count: 1 } statements ? statements[0] : null;

    private static IOperation? ReturnedValue(IOperation body)
        => Single(body) is IReturnOperation { ReturnedValue: { } value } ? OperationFacts.Unwrap(value) : null;
}

/// <summary>SNOOP007's verdict on one body-feature wrapper class (<see cref="BodyFeatureWrapperModels"/>).</summary>
internal sealed class BodyFeatureWrapperModel
{
    public static readonly BodyFeatureWrapperModel None = new(WrapperWriteKind.None, null, ImmutableArray<string>.Empty);

    public BodyFeatureWrapperModel(WrapperWriteKind kind, INamedTypeSymbol? stream, ImmutableArray<string> countMembers, INamedTypeSymbol? writer = null, bool fixable = true)
    {
        Kind = kind;
        Stream = stream;
        CountMembers = countMembers;
        Writer = writer;
        Fixable = fixable;
    }

    /// <summary>The observing <c>PipeWriter</c> wrapper the feature builds over the wrapped feature's <c>Writer</c>; null when its <c>Writer</c> is that one.</summary>
    public INamedTypeSymbol? Writer { get; }

    /// <summary>
    /// False when the runtime cannot take over what the feature observes provably: its <c>Writer</c> observes other than
    /// by counting (the generated observer covers the stream's per-write logic only), or only one of stream and writer counts.
    /// </summary>
    public bool Fixable { get; }

    /// <summary><see cref="WrapperWriteKind.CountsOnly"/> or <see cref="WrapperWriteKind.Observes"/> (the kind of its stream); <see cref="WrapperWriteKind.None"/> otherwise.</summary>
    public WrapperWriteKind Kind { get; }

    /// <summary>The observing stream wrapper the feature builds over the wrapped feature's stream.</summary>
    public INamedTypeSymbol? Stream { get; }

    /// <summary>For a counting stream: the feature's properties that read its count.</summary>
    public ImmutableArray<string> CountMembers { get; }
}
