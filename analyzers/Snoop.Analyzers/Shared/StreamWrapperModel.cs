using System.Collections.Immutable;

namespace Snoop.Analyzers.Shared;

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
