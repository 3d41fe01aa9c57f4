using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers;

/// <summary>
/// Types the rules look for, each resolved by metadata name the first time it is asked for, once per compilation. A
/// member is null when the compilation does not reference the type; rules register nothing when the types they need are
/// missing.
/// </summary>
internal sealed class KnownTypes
{
    private readonly Compilation _compilation;
    private StrongBox<INamedTypeSymbol?>? _taskToAsyncResult;
    private StrongBox<INamedTypeSymbol?>? _stream;
    private StrongBox<INamedTypeSymbol?>? _memoryStream;
    private StrongBox<INamedTypeSymbol?>? _bufferedStream;
    private StrongBox<INamedTypeSymbol?>? _fileStream;
    private StrongBox<INamedTypeSymbol?>? _recyclableMemoryStream;
    private StrongBox<INamedTypeSymbol?>? _streamReader;
    private StrongBox<INamedTypeSymbol?>? _pipeWriter;
    private StrongBox<INamedTypeSymbol?>? _task;
    private StrongBox<INamedTypeSymbol?>? _valueTask;
    private StrongBox<INamedTypeSymbol?>? _cancellationToken;
    private StrongBox<INamedTypeSymbol?>? _notImplementedException;
    private StrongBox<INamedTypeSymbol?>? _notSupportedException;
    private StrongBox<INamedTypeSymbol?>? _httpContext;
    private StrongBox<INamedTypeSymbol?>? _httpRequest;
    private StrongBox<INamedTypeSymbol?>? _httpResponse;
    private StrongBox<INamedTypeSymbol?>? _defaultHttpContext;
    private StrongBox<INamedTypeSymbol?>? _requestDelegate;
    private StrongBox<INamedTypeSymbol?>? _iMiddleware;
    private StrongBox<INamedTypeSymbol?>? _iHttpResponseBodyFeature;
    private StrongBox<INamedTypeSymbol?>? _iFeatureCollection;
    private StrongBox<INamedTypeSymbol?>? _streamResponseBodyFeature;
    private StrongBox<INamedTypeSymbol?>? _sendFileFallback;
    private StrongBox<INamedTypeSymbol?>? _file;
    private StrongBox<INamedTypeSymbol?>? _httpResponseMessage;
    private StrongBox<INamedTypeSymbol?>? _httpContent;
    private StrongBox<INamedTypeSymbol?>? _encoding;

    private KnownTypes(Compilation compilation) => _compilation = compilation;

    public INamedTypeSymbol? Stream => Resolve(ref _stream, "System.IO.Stream");
    public INamedTypeSymbol? MemoryStream => Resolve(ref _memoryStream, "System.IO.MemoryStream");
    public INamedTypeSymbol? BufferedStream => Resolve(ref _bufferedStream, "System.IO.BufferedStream");
    public INamedTypeSymbol? FileStream => Resolve(ref _fileStream, "System.IO.FileStream");
    public INamedTypeSymbol? RecyclableMemoryStream => Resolve(ref _recyclableMemoryStream, "Microsoft.IO.RecyclableMemoryStream");
    public INamedTypeSymbol? StreamReader => Resolve(ref _streamReader, "System.IO.StreamReader");
    public INamedTypeSymbol? PipeWriter => Resolve(ref _pipeWriter, "System.IO.Pipelines.PipeWriter");
    public INamedTypeSymbol? Task => Resolve(ref _task, "System.Threading.Tasks.Task");
    public INamedTypeSymbol? ValueTask => Resolve(ref _valueTask, "System.Threading.Tasks.ValueTask");
    public INamedTypeSymbol? CancellationToken => Resolve(ref _cancellationToken, "System.Threading.CancellationToken");
    public INamedTypeSymbol? NotImplementedException => Resolve(ref _notImplementedException, "System.NotImplementedException");
    public INamedTypeSymbol? NotSupportedException => Resolve(ref _notSupportedException, "System.NotSupportedException");
    public INamedTypeSymbol? HttpContext => Resolve(ref _httpContext, "Microsoft.AspNetCore.Http.HttpContext");
    public INamedTypeSymbol? HttpRequest => Resolve(ref _httpRequest, "Microsoft.AspNetCore.Http.HttpRequest");
    public INamedTypeSymbol? HttpResponse => Resolve(ref _httpResponse, "Microsoft.AspNetCore.Http.HttpResponse");
    public INamedTypeSymbol? DefaultHttpContext => Resolve(ref _defaultHttpContext, "Microsoft.AspNetCore.Http.DefaultHttpContext");
    public INamedTypeSymbol? RequestDelegate => Resolve(ref _requestDelegate, "Microsoft.AspNetCore.Http.RequestDelegate");
    public INamedTypeSymbol? IMiddleware => Resolve(ref _iMiddleware, "Microsoft.AspNetCore.Http.IMiddleware");
    public INamedTypeSymbol? IHttpResponseBodyFeature => Resolve(ref _iHttpResponseBodyFeature, "Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature");
    public INamedTypeSymbol? IFeatureCollection => Resolve(ref _iFeatureCollection, "Microsoft.AspNetCore.Http.Features.IFeatureCollection");
    public INamedTypeSymbol? StreamResponseBodyFeature => Resolve(ref _streamResponseBodyFeature, "Microsoft.AspNetCore.Http.StreamResponseBodyFeature");
    public INamedTypeSymbol? SendFileFallback => Resolve(ref _sendFileFallback, "Microsoft.AspNetCore.Http.SendFileFallback");
    public INamedTypeSymbol? File => Resolve(ref _file, "System.IO.File");
    public INamedTypeSymbol? HttpResponseMessage => Resolve(ref _httpResponseMessage, "System.Net.Http.HttpResponseMessage");
    public INamedTypeSymbol? HttpContent => Resolve(ref _httpContent, "System.Net.Http.HttpContent");
    public INamedTypeSymbol? Encoding => Resolve(ref _encoding, "System.Text.Encoding");

    /// <summary><c>System.Threading.Tasks.TaskToAsyncResult</c> (.NET 8+): only SNOOP003's fixability of a <c>BeginWrite</c> needs it.</summary>
    public INamedTypeSymbol? TaskToAsyncResult => Resolve(ref _taskToAsyncResult, "System.Threading.Tasks.TaskToAsyncResult");

    /// <summary>
    /// Resolves <paramref name="metadataName"/> on first use and keeps the answer (null included): a look-up walks every
    /// reference of the compilation, and most rules need only a few of these types, or none when the compilation does
    /// not reference ASP.NET Core.
    /// </summary>
    private INamedTypeSymbol? Resolve(ref StrongBox<INamedTypeSymbol?>? slot, string metadataName)
        => Once(ref slot, (_compilation, metadataName), static state => state._compilation.GetTypeByMetadataName(state.metadataName));

    /// <summary>
    /// The value in <paramref name="slot"/>, made by <paramref name="create"/> the first time (null is kept too). Racing
    /// threads may each make one; the first stored is the one every caller gets.
    /// </summary>
    private static T Once<TState, T>(ref StrongBox<T>? slot, TState state, Func<TState, T> create)
    {
        if (Volatile.Read(ref slot) is { } box)
        {
            return box.Value;
        }

        Interlocked.CompareExchange(ref slot, new StrongBox<T>(create(state)), null);
        return slot!.Value;
    }

    private static readonly ConditionalWeakTable<Compilation, KnownTypes> s_byCompilation = new();

    /// <summary>
    /// The types of <paramref name="compilation"/>, shared by every rule (and fixer) that asks for the same compilation,
    /// so that each type is looked up once. The table holds the compilation weakly.
    /// </summary>
    public static KnownTypes Create(Compilation compilation) => s_byCompilation.GetValue(compilation, static c => new KnownTypes(c));

    private StrongBox<StreamMembers?>? _streamMembers;

    /// <summary>The <see cref="StreamMembers"/> table of this compilation, built once by <paramref name="create"/> (SNOOP003, SNOOP004 and SNOOP007 all use it).</summary>
    internal StreamMembers? GetStreamMembers(Func<KnownTypes, StreamMembers?> create)
        => Once(ref _streamMembers, (known: this, create), static state => state.create(state.known));

    private StrongBox<Func<IOperation, bool>>? _responseBodyStores;

    /// <summary>
    /// The site filter of <c>Response.Body</c> stores for this compilation, made once by <paramref name="create"/>: one
    /// instance, so that the rules that pass it to the host share one call of it per site.
    /// </summary>
    internal Func<IOperation, bool> GetResponseBodyStoreFilter(Func<KnownTypes, Func<IOperation, bool>> create)
        => Once(ref _responseBodyStores, (known: this, create), static state => state.create(state.known));

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
