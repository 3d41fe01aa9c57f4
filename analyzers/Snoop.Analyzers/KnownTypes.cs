using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers;

/// <summary>
/// Types the rules look for, resolved once per compilation by metadata name. A member is null when the
/// compilation does not reference the type; rules register nothing when the types they need are missing.
/// </summary>
internal sealed class KnownTypes
{
    private readonly Compilation _compilation;
    private StrongBox<INamedTypeSymbol?>? _taskToAsyncResult;

    private KnownTypes(Compilation compilation)
    {
        _compilation = compilation;
        Stream = compilation.GetTypeByMetadataName("System.IO.Stream");
        MemoryStream = compilation.GetTypeByMetadataName("System.IO.MemoryStream");
        BufferedStream = compilation.GetTypeByMetadataName("System.IO.BufferedStream");
        FileStream = compilation.GetTypeByMetadataName("System.IO.FileStream");
        RecyclableMemoryStream = compilation.GetTypeByMetadataName("Microsoft.IO.RecyclableMemoryStream");
        StreamReader = compilation.GetTypeByMetadataName("System.IO.StreamReader");
        PipeWriter = compilation.GetTypeByMetadataName("System.IO.Pipelines.PipeWriter");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        NotImplementedException = compilation.GetTypeByMetadataName("System.NotImplementedException");
        NotSupportedException = compilation.GetTypeByMetadataName("System.NotSupportedException");
        HttpContext = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.HttpContext");
        HttpRequest = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.HttpRequest");
        HttpResponse = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.HttpResponse");
        DefaultHttpContext = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.DefaultHttpContext");
        RequestDelegate = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.RequestDelegate");
        IMiddleware = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.IMiddleware");
        IHttpResponseBodyFeature = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature");
        IFeatureCollection = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.Features.IFeatureCollection");
        StreamResponseBodyFeature = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.StreamResponseBodyFeature");
        SendFileFallback = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.SendFileFallback");
        File = compilation.GetTypeByMetadataName("System.IO.File");
        HttpResponseMessage = compilation.GetTypeByMetadataName("System.Net.Http.HttpResponseMessage");
        HttpContent = compilation.GetTypeByMetadataName("System.Net.Http.HttpContent");
        Encoding = compilation.GetTypeByMetadataName("System.Text.Encoding");
    }

    public INamedTypeSymbol? Stream { get; }
    public INamedTypeSymbol? MemoryStream { get; }
    public INamedTypeSymbol? BufferedStream { get; }
    public INamedTypeSymbol? FileStream { get; }
    public INamedTypeSymbol? RecyclableMemoryStream { get; }
    public INamedTypeSymbol? StreamReader { get; }
    public INamedTypeSymbol? PipeWriter { get; }
    public INamedTypeSymbol? Task { get; }
    public INamedTypeSymbol? ValueTask { get; }
    public INamedTypeSymbol? CancellationToken { get; }
    public INamedTypeSymbol? NotImplementedException { get; }
    public INamedTypeSymbol? NotSupportedException { get; }
    public INamedTypeSymbol? HttpContext { get; }
    public INamedTypeSymbol? HttpRequest { get; }
    public INamedTypeSymbol? HttpResponse { get; }
    public INamedTypeSymbol? DefaultHttpContext { get; }
    public INamedTypeSymbol? RequestDelegate { get; }
    public INamedTypeSymbol? IMiddleware { get; }
    public INamedTypeSymbol? IHttpResponseBodyFeature { get; }
    public INamedTypeSymbol? IFeatureCollection { get; }
    public INamedTypeSymbol? StreamResponseBodyFeature { get; }
    public INamedTypeSymbol? SendFileFallback { get; }
    public INamedTypeSymbol? File { get; }
    public INamedTypeSymbol? HttpResponseMessage { get; }
    public INamedTypeSymbol? HttpContent { get; }
    public INamedTypeSymbol? Encoding { get; }

    /// <summary>
    /// <c>System.Threading.Tasks.TaskToAsyncResult</c> (.NET 8+), resolved when first asked for: only SNOOP003's fixability
    /// of a <c>BeginWrite</c> needs it, and a look-up walks every reference.
    /// </summary>
    public INamedTypeSymbol? TaskToAsyncResult
    {
        get
        {
            if (Volatile.Read(ref _taskToAsyncResult) is { } box)
            {
                return box.Value;
            }

            Interlocked.CompareExchange(ref _taskToAsyncResult, new StrongBox<INamedTypeSymbol?>(_compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskToAsyncResult")), null);
            return _taskToAsyncResult!.Value;
        }
    }

    private static readonly ConditionalWeakTable<Compilation, KnownTypes> s_byCompilation = new();

    /// <summary>
    /// The types of <paramref name="compilation"/>, resolved once and shared by every rule (and fixer) that asks for the
    /// same compilation: eight analyzers each resolving 26 names at compilation start cost more than their callbacks
    /// on ordinary code. The table holds the compilation weakly.
    /// </summary>
    public static KnownTypes Create(Compilation compilation) => s_byCompilation.GetValue(compilation, static c => new KnownTypes(c));

    private StrongBox<StreamMembers?>? _streamMembers;

    /// <summary>The <see cref="StreamMembers"/> table of this compilation, built once by <paramref name="create"/> (SNOOP003, SNOOP004 and SNOOP007 all use it).</summary>
    internal StreamMembers? GetStreamMembers(Func<KnownTypes, StreamMembers?> create)
    {
        if (Volatile.Read(ref _streamMembers) is { } box)
        {
            return box.Value;
        }

        Interlocked.CompareExchange(ref _streamMembers, new StrongBox<StreamMembers?>(create(this)), null);
        return _streamMembers!.Value;
    }

    /// <summary>True when <paramref name="type"/> is <paramref name="baseType"/> or derives from it.</summary>
    public static bool InheritsFromOrEquals(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }
}
