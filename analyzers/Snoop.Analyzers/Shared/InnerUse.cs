using Microsoft.CodeAnalysis;

namespace Snoop.Analyzers.Shared;

/// <summary>One use of the wrapped object: which member of it, through which field/property/parameter.</summary>
internal sealed class InnerUse
{
    public InnerUse(ISymbol receiver, ISymbol member, bool dropsArgument, IPropertySymbol? via = null)
    {
        Receiver = receiver;
        Member = member;
        DropsArgument = dropsArgument;
        Via = via;
    }

    /// <summary>The property of <see cref="Receiver"/> the wrapped object is read through (<c>_pipe.Writer</c>), or null when the receiver holds it.</summary>
    public IPropertySymbol? Via { get; }

    /// <summary>How the class's code names the wrapped object: <c>_inner</c>, or <c>_pipe.Writer</c>.</summary>
    public string Expression => Via is null ? Receiver.Name : Receiver.Name + "." + Via.Name;

    /// <summary>The field, property or primary-constructor parameter holding the wrapped object.</summary>
    public ISymbol Receiver { get; }

    /// <summary>The root definition of the member used (for example <c>Stream.Write(byte[], int, int)</c>).</summary>
    public ISymbol Member { get; }

    /// <summary>True when the first argument is omitted, <c>null</c> or <c>default</c> (an exception not passed on).</summary>
    public bool DropsArgument { get; }
}
