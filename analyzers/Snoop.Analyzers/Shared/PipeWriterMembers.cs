using Microsoft.CodeAnalysis;

namespace Snoop.Analyzers.Shared;

/// <summary>
/// The members of <c>System.IO.Pipelines.PipeWriter</c> that SNOOP006 and its fixer reason about, looked up once per
/// compilation (<see cref="SymbolFacts.FindMethod"/>, <see cref="SymbolFacts.FindProperty"/>).
/// </summary>
internal sealed class PipeWriterMembers
{
    private PipeWriterMembers(INamedTypeSymbol pipeWriter)
    {
        PipeWriter = pipeWriter;
        Complete = SymbolFacts.FindMethod(pipeWriter, "Complete", 1);
        CompleteAsync = SymbolFacts.FindMethod(pipeWriter, "CompleteAsync", 1);
        Advance = SymbolFacts.FindMethod(pipeWriter, "Advance", 1);
        CanGetUnflushedBytes = SymbolFacts.FindProperty(pipeWriter, "CanGetUnflushedBytes");
        UnflushedBytes = SymbolFacts.FindProperty(pipeWriter, "UnflushedBytes");
        Completes = new ISymbol?[] { Complete, CompleteAsync };
        Advances = new ISymbol?[] { Advance };
        CanGetUnflushedBytesArray = new ISymbol?[] { CanGetUnflushedBytes };
    }

    /// <summary><c>System.IO.Pipelines.PipeWriter</c>.</summary>
    public INamedTypeSymbol PipeWriter { get; }

    /// <summary><c>Complete(Exception?)</c>.</summary>
    public IMethodSymbol? Complete { get; }

    /// <summary><c>CompleteAsync(Exception?)</c>.</summary>
    public IMethodSymbol? CompleteAsync { get; }

    /// <summary><c>Advance(int)</c>.</summary>
    public IMethodSymbol? Advance { get; }

    /// <summary><c>CanGetUnflushedBytes</c>.</summary>
    public IPropertySymbol? CanGetUnflushedBytes { get; }

    /// <summary><c>UnflushedBytes</c>.</summary>
    public IPropertySymbol? UnflushedBytes { get; }

    /// <summary><see cref="Complete"/> and <see cref="CompleteAsync"/>.</summary>
    public ISymbol?[] Completes { get; }

    /// <summary><see cref="Advance"/>.</summary>
    public ISymbol?[] Advances { get; }

    /// <summary><see cref="CanGetUnflushedBytes"/>.</summary>
    public ISymbol?[] CanGetUnflushedBytesArray { get; }

    /// <summary>The table for the compilation; null when <c>PipeWriter</c> or its <c>Complete</c> is missing.</summary>
    public static PipeWriterMembers? Create(KnownTypes known)
    {
        if (known.PipeWriter is null)
        {
            return null;
        }

        var members = new PipeWriterMembers(known.PipeWriter);
        return members.Complete is null ? null : members;
    }
}
