using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>
/// The end-of-type verdict on a body-feature wrapper's own stream, from the blocks' <see cref="BodyFeatureStreamFacts"/>:
/// is it the wrapped feature's stream, one that passes the same bytes on (then a <c>Writer</c> over it and a send-file copy
/// through it lose the server's capabilities for nothing), or one that transforms, is given by the caller, or is not
/// recognized (then they are right, or the rule cannot tell: silent).
/// </summary>
internal sealed class BodyFeatureStreamVerdict
{
    private readonly Dictionary<ISymbol, List<StreamOrigin>> _assignments;
    private readonly INamedTypeSymbol _type;
    private readonly StreamWrapperModels? _models;
    private readonly SemanticModel? _model;
    private readonly CancellationToken _cancellationToken;

    private BodyFeatureStreamVerdict(
        Dictionary<ISymbol, List<StreamOrigin>> assignments,
        INamedTypeSymbol type,
        StreamWrapperModels? models,
        SemanticModel? model,
        CancellationToken cancellationToken,
        bool isInner,
        bool observes,
        bool otherMembersForward,
        StreamOrigin resolved)
    {
        Resolved = resolved;
        _assignments = assignments;
        _type = type;
        _models = models;
        _model = model;
        _cancellationToken = cancellationToken;
        IsInner = isInner;
        Observes = observes;
        OtherMembersForward = otherMembersForward;
    }

    /// <summary>Where the wrapper's <c>Stream</c> comes from, resolved through the class's members (SNOOP007 reads the stream type built).</summary>
    public StreamOrigin Resolved { get; }

    /// <summary>The wrapper's <c>Stream</c> is the wrapped feature's stream.</summary>
    public bool IsInner { get; }

    /// <summary>The wrapper's <c>Stream</c> writes the bytes it receives, unchanged, on to the wrapped feature's stream.</summary>
    public bool Observes { get; }

    /// <summary>Some feature member (<c>DisableBuffering</c>, <c>StartAsync</c>, <c>SendFileAsync</c>) reaches the wrapped feature.</summary>
    public bool OtherMembersForward { get; }

    public static BodyFeatureStreamVerdict Decide(
        BodyFeatureWrapperRule.Wrapper wrapper,
        List<KeyValuePair<ISymbol, BodyFeatureWrapperBlock>> blocks,
        StreamWrapperModels? models,
        SemanticModel? model,
        CancellationToken cancellationToken)
    {
        var assignments = new Dictionary<ISymbol, List<StreamOrigin>>(SymbolEqualityComparer.Default);
        var streamProperty = wrapper.Stream?.OriginalDefinition;
        var forwards = false;
        var streamForwards = false;
        foreach (var pair in blocks)
        {
            var streams = pair.Value.Streams;
            streamForwards |= pair.Value.StreamForwards;
            forwards |= streams.ReachesInner && pair.Key is IMethodSymbol method && wrapper.MemberOf(method) is not BodyFeatureMember.CompleteAsync;
            foreach (var assignment in streams.Assignments)
            {
                Add(assignments, assignment.Key, assignment.Value);
            }

            if (streamProperty is not null)
            {
                foreach (var origin in streams.StreamGetter)
                {
                    Add(assignments, streamProperty, origin);
                }
            }
        }

        var stream = streamProperty is null ? StreamOrigin.Unknown : StreamOrigin.OfMember(streamProperty).Resolve(assignments);
        var isInner = streamForwards || stream.Kind == StreamOriginKind.Inner;
        var observes = isInner || stream.Observes(wrapper.Type, models, model, cancellationToken);
        return new BodyFeatureStreamVerdict(assignments, wrapper.Type, models, model, cancellationToken, isInner, observes, forwards, stream);
    }

    /// <summary>Whether a member finding of <paramref name="shape"/> is reported, given the class's streams.</summary>
    public bool Reports(BodyFeatureShape shape, BodyFeatureWrapperBlock block)
    {
        switch (shape)
        {
            case BodyFeatureShape.CopyFallback:
                // Copying through a transforming stream is how the transform reaches files (response compression).
                return Observes;
            case BodyFeatureShape.FlushOnly:
                // Flushing the wrapped feature's own stream (or a caller-given one) may be the start; flushing a stream the
                // class built over it starts nothing the previous feature would have done.
                foreach (var flushed in block.Streams.Flushed)
                {
                    if (flushed.Resolve(_assignments).IsOwnOverInner(_type, _models, _model, _cancellationToken))
                    {
                        return true;
                    }
                }

                return false;
            case BodyFeatureShape.OwnWorkOnly:
                return OtherMembersForward;
            default:
                return true;
        }
    }

    private static void Add(Dictionary<ISymbol, List<StreamOrigin>> assignments, ISymbol symbol, StreamOrigin origin)
    {
        if (!assignments.TryGetValue(symbol, out var list))
        {
            assignments.Add(symbol, list = new List<StreamOrigin>());
        }

        list.Add(origin);
    }
}
