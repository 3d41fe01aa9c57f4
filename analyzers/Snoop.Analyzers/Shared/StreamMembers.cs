using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Snoop.Analyzers.Shared;

/// <summary>
/// The members of <c>System.IO.Stream</c> that SNOOP003 and its fixer reason about, looked up once per compilation
/// (<see cref="SymbolFacts.FindMethod"/>: instance method by name and parameter count).
/// </summary>
internal sealed class StreamMembers
{
    private StreamMembers(KnownTypes known, INamedTypeSymbol stream)
    {
        Stream = stream;
        MemoryStream = known.MemoryStream;
        WriteArray = SymbolFacts.FindMethod(stream, "Write", 3);
        WriteSpan = SymbolFacts.FindMethod(stream, "Write", 1);
        WriteByte = SymbolFacts.FindMethod(stream, "WriteByte", 1);
        WriteAsyncArray = SymbolFacts.FindMethod(stream, "WriteAsync", 4);
        WriteAsyncMemory = SymbolFacts.FindMethod(stream, "WriteAsync", 2);
        BeginWrite = SymbolFacts.FindMethod(stream, "BeginWrite", 5);
        Flush = SymbolFacts.FindMethod(stream, "Flush", 0);
        FlushAsync = SymbolFacts.FindMethod(stream, "FlushAsync", 1);
        DisposeBool = SymbolFacts.FindMethod(stream, "Dispose", 1);
        DisposeNoArguments = SymbolFacts.FindMethod(stream, "Dispose", 0);
        Close = SymbolFacts.FindMethod(stream, "Close", 0);
        DisposeAsync = SymbolFacts.FindMethod(stream, "DisposeAsync", 0);
        CanWrite = SymbolFacts.FindProperty(stream, "CanWrite");

        SyncWrites = new ISymbol?[] { WriteArray, WriteSpan, WriteByte };
        SyncFlushes = new ISymbol?[] { Flush };
        SyncDisposes = new ISymbol?[] { DisposeNoArguments, Close };
        SyncDisposalWork = new ISymbol?[] { DisposeNoArguments, Close, Flush, WriteArray, WriteSpan, WriteByte };
        WriteEntryPoints = new[] { WriteArray, WriteSpan, WriteByte, WriteAsyncArray, WriteAsyncMemory };
        WriteEntryPointNames = new[]
        {
            "Write(byte[], int, int)",
            "Write(ReadOnlySpan<byte>)",
            "WriteByte(byte)",
            "WriteAsync(byte[], int, int, CancellationToken)",
            "WriteAsync(ReadOnlyMemory<byte>, CancellationToken)",
        };

        var concrete = new List<INamedTypeSymbol>(4);
        AddIfNotNull(concrete, known.MemoryStream);
        AddIfNotNull(concrete, known.BufferedStream);
        AddIfNotNull(concrete, known.FileStream);
        AddIfNotNull(concrete, known.RecyclableMemoryStream);
        ConcreteStreams = concrete.ToArray();
    }

    /// <summary><c>System.IO.Stream</c>.</summary>
    public INamedTypeSymbol Stream { get; }

    /// <summary><c>System.IO.MemoryStream</c>: an inner stream whose synchronous members never block.</summary>
    public INamedTypeSymbol? MemoryStream { get; }

    /// <summary><c>Write(byte[], int, int)</c>.</summary>
    public IMethodSymbol? WriteArray { get; }

    /// <summary><c>Write(ReadOnlySpan&lt;byte&gt;)</c>.</summary>
    public IMethodSymbol? WriteSpan { get; }

    /// <summary><c>WriteByte(byte)</c>.</summary>
    public IMethodSymbol? WriteByte { get; }

    /// <summary><c>WriteAsync(byte[], int, int, CancellationToken)</c>.</summary>
    public IMethodSymbol? WriteAsyncArray { get; }

    /// <summary><c>WriteAsync(ReadOnlyMemory&lt;byte&gt;, CancellationToken)</c>.</summary>
    public IMethodSymbol? WriteAsyncMemory { get; }

    /// <summary><c>BeginWrite(byte[], int, int, AsyncCallback, object)</c>.</summary>
    public IMethodSymbol? BeginWrite { get; }

    /// <summary><c>Flush()</c>.</summary>
    public IMethodSymbol? Flush { get; }

    /// <summary><c>FlushAsync(CancellationToken)</c>.</summary>
    public IMethodSymbol? FlushAsync { get; }

    /// <summary><c>Dispose(bool)</c>.</summary>
    public IMethodSymbol? DisposeBool { get; }

    /// <summary><c>Dispose()</c>.</summary>
    public IMethodSymbol? DisposeNoArguments { get; }

    /// <summary><c>Close()</c>.</summary>
    public IMethodSymbol? Close { get; }

    /// <summary><c>DisposeAsync()</c>.</summary>
    public IMethodSymbol? DisposeAsync { get; }

    /// <summary><c>CanWrite</c>.</summary>
    public IPropertySymbol? CanWrite { get; }

    /// <summary>What a dispose path may do synchronously to an inner stream that blocks: dispose, close, flush or write it.</summary>
    public ISymbol?[] SyncDisposalWork { get; }

    /// <summary>The synchronous disposals of an inner stream.</summary>
    public ISymbol?[] SyncDisposes { get; }

    /// <summary>The synchronous writes of an inner stream.</summary>
    public ISymbol?[] SyncWrites { get; }

    /// <summary>The synchronous flush of an inner stream.</summary>
    public ISymbol?[] SyncFlushes { get; }

    /// <summary>Every write overload a caller may enter by, in the order of <see cref="WriteEntryPointNames"/>.</summary>
    public IMethodSymbol?[] WriteEntryPoints { get; }

    /// <summary>The display names of <see cref="WriteEntryPoints"/>, for messages.</summary>
    public string[] WriteEntryPointNames { get; }

    /// <summary>The concrete streams a wrapper may derive from (<c>MemoryStream</c>, <c>BufferedStream</c>, ...).</summary>
    public INamedTypeSymbol[] ConcreteStreams { get; }

    /// <summary>The table for the compilation; null when <c>Stream</c> or one of the members the rule needs is missing.</summary>
    public static StreamMembers? Create(KnownTypes known) => known.GetStreamMembers(static k => CreateTable(k));

    private static StreamMembers? CreateTable(KnownTypes known)
    {
        if (known.Stream is null)
        {
            return null;
        }

        var members = new StreamMembers(known, known.Stream);
        return members.WriteArray is null || members.WriteAsyncArray is null || members.Flush is null || members.FlushAsync is null
            ? null
            : members;
    }

    private static void AddIfNotNull(List<INamedTypeSymbol> list, INamedTypeSymbol? type)
    {
        if (type is not null)
        {
            list.Add(type);
        }
    }
}
