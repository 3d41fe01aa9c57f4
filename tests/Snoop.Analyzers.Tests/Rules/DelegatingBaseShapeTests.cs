using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Snoop.Analyzers.Rules;
using Snoop.Analyzers.Tests.Infrastructure;
using Snoop.Analyzers.Tests.Shared;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>
/// The re-base fact (<see cref="DiagnosticProperties.RebaseKey"/>) SNOOP003, SNOOP004 and SNOOP006 emit on reported wrappers:
/// <see cref="DiagnosticProperties.True"/> or why the class cannot derive from Snoop's delegating base. The fixers register the
/// re-base from it (plus the compile-error precondition). Each reason has a fixable look-alike beside it.
/// </summary>
public class DelegatingBaseShapeTests
{
    private const string Forwarding = PipeWriterWrapperTests.Forwarding;

    private static async Task<string?> RebaseAsync(DiagnosticAnalyzer analyzer, string id, string typeName, string source)
    {
        var compilation = Snippet.Compile(source).Compilation;
        var diagnostics = await compilation.WithAnalyzers([analyzer]).GetAnalyzerDiagnosticsAsync();
        var values = diagnostics
            .Where(d => d.Id == id
                && d.Location.SourceTree!.GetRoot().FindNode(d.Location.SourceSpan).AncestorsAndSelf().OfType<ClassDeclarationSyntax>().First().Identifier.ValueText == typeName)
            .Select(d => d.Properties.TryGetValue(DiagnosticProperties.RebaseKey, out var value) ? value : null)
            .Distinct()
            .ToList();
        return Assert.Single(values);
    }

    private static Task<string?> WriterAsync(string typeName, string source) => RebaseAsync(RuleAnalyzers.Alone<PipeWriterWrapperRule>(), "SNOOP006", typeName, source);

    private static Task<string?> FeatureAsync(string typeName, string source) => RebaseAsync(RuleAnalyzers.Alone<BodyFeatureWrapperRule>(), "SNOOP004", typeName, source);

    private static Task<string?> StreamAsync(string typeName, string source) => RebaseAsync(RuleAnalyzers.Alone<StreamWrapperRule>(), "SNOOP003", typeName, source);

    // ---------------------------------------------------------------- SNOOP006

    [Fact]
    public async Task Fires_Writer_CompleteKeptWithoutCompleteAsync_RebaseNoRouter()
    {
        Assert.Equal(DiagnosticProperties.RebaseNoRouter, await WriterAsync("RetryingWriter", $$"""
            public sealed class RetryingWriter : PipeWriter
            {
                private readonly PipeWriter _inner;
                public RetryingWriter(PipeWriter inner) => _inner = inner;
            {{Forwarding}}
                public override void Complete(Exception? exception = null)
                {
                    for (var attempt = 0; attempt < 1; attempt++)
                    {
                        _inner.Complete(exception);
                    }
                }
            }
            """));
    }

    [Fact]
    public async Task Fires_Writer_CompleteAndCompleteAsyncBothKept_RebaseTrue()
    {
        Assert.Equal(DiagnosticProperties.True, await WriterAsync("LoggingWriter", $$"""
            public sealed class LoggingWriter : PipeWriter
            {
                private readonly PipeWriter _inner;
                public LoggingWriter(PipeWriter inner) => _inner = inner;
            {{Forwarding}}
                public override void Complete(Exception? exception = null)
                {
                    Console.WriteLine("complete");
                    _inner.Complete(exception);
                }
                public override ValueTask CompleteAsync(Exception? exception = null)
                {
                    Console.WriteLine("complete");
                    return _inner.CompleteAsync(exception);
                }
            }
            """));
    }

    [Fact]
    public async Task Fires_Writer_BuffersInItsOwnBuffer_RebaseInnerUnreachable()
    {
        Assert.Equal(DiagnosticProperties.RebaseInnerUnreachable, await WriterAsync("BufferingWriter", """
            public sealed class BufferingWriter : PipeWriter
            {
                private readonly PipeWriter _inner;
                private readonly System.Buffers.ArrayBufferWriter<byte> _buffer = new();
                public BufferingWriter(PipeWriter inner) => _inner = inner;
                public override void Advance(int bytes) => _buffer.Advance(bytes);
                public override void CancelPendingFlush() => _inner.CancelPendingFlush();
                public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
                {
                    var result = await _inner.WriteAsync(_buffer.WrittenMemory, cancellationToken);
                    _buffer.Clear();
                    return result;
                }
                public override Memory<byte> GetMemory(int sizeHint = 0) => _buffer.GetMemory(sizeHint);
                public override Span<byte> GetSpan(int sizeHint = 0) => _buffer.GetSpan(sizeHint);
                public override void Complete(Exception? exception = null) => _inner.Complete(exception);
                public override ValueTask CompleteAsync(Exception? exception = null) => _inner.CompleteAsync(exception);
            }
            """));
    }

    [Fact]
    public async Task Fires_Writer_CountingAdvanceThatForwards_RebaseTrue()
    {
        Assert.Equal(DiagnosticProperties.True, await WriterAsync("CountingWriter", """
            public sealed class CountingWriter : PipeWriter
            {
                private readonly PipeWriter _inner;
                public CountingWriter(PipeWriter inner) => _inner = inner;
                public long Count { get; private set; }
                public override void Advance(int bytes)
                {
                    Count += bytes;
                    _inner.Advance(bytes);
                }
                public override void CancelPendingFlush() => _inner.CancelPendingFlush();
                public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _inner.FlushAsync(cancellationToken);
                public override Memory<byte> GetMemory(int sizeHint = 0) => _inner.GetMemory(sizeHint);
                public override Span<byte> GetSpan(int sizeHint = 0) => _inner.GetSpan(sizeHint);
                public override void Complete(Exception? exception = null) => _inner.Complete(exception);
            }
            """));
    }

    [Fact]
    public async Task Fires_Writer_ConstructorChainsToAnother_RebaseNoInner()
    {
        Assert.Equal(DiagnosticProperties.RebaseNoInner, await WriterAsync("ChainedWriter", $$"""
            public sealed class ChainedWriter : PipeWriter
            {
                private readonly PipeWriter _inner;
                public ChainedWriter(PipeWriter inner) => _inner = inner;
                public ChainedWriter(System.IO.Stream stream) : this(PipeWriter.Create(stream)) { }
            {{Forwarding}}
                public override void Complete(Exception? exception = null) => _inner.Complete(exception);
            }
            """));
    }

    [Fact]
    public async Task Fires_Writer_PrimaryConstructor_RebaseTrue()
    {
        Assert.Equal(DiagnosticProperties.True, await WriterAsync("PrimaryWriter", $$"""
            public sealed class PrimaryWriter(PipeWriter inner) : PipeWriter
            {
                private readonly PipeWriter _inner = inner;
            {{Forwarding}}
                public override void Complete(Exception? exception = null) => _inner.Complete(exception);
            }
            """));
    }

    [Fact]
    public async Task Fires_Writer_PartialClass_RebaseNotSingleDeclaration()
    {
        Assert.Equal(DiagnosticProperties.RebaseNotSingleDeclaration, await WriterAsync("SplitWriter", $$"""
            public sealed partial class SplitWriter : PipeWriter
            {
                private readonly PipeWriter _inner;
                public SplitWriter(PipeWriter inner) => _inner = inner;
            {{Forwarding}}
            }

            public sealed partial class SplitWriter
            {
                public override void Complete(Exception? exception = null) => _inner.Complete(exception);
            }
            """));
    }

    [Fact]
    public async Task Fires_Writer_OverAnAbstractWriterBase_RebaseNoExpectedBase()
    {
        Assert.Equal(DiagnosticProperties.RebaseNoExpectedBase, await WriterAsync("DerivedWriter", $$"""
            public abstract class WriterBase : PipeWriter
            {
            }

            public sealed class DerivedWriter : WriterBase
            {
                private readonly PipeWriter _inner;
                public DerivedWriter(PipeWriter inner) => _inner = inner;
            {{Forwarding}}
                public override void Complete(Exception? exception = null) => _inner.Complete(exception);
            }
            """));
    }

    // ---------------------------------------------------------------- SNOOP004

    [Fact]
    public async Task Fires_Feature_ExplicitImplementationWithLogic_RebaseMemberNotKept()
    {
        Assert.Equal(DiagnosticProperties.RebaseMemberNotKept, await FeatureAsync("Explicit", """
            public sealed class Explicit : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public Explicit(IHttpResponseBodyFeature inner) => _inner = inner;
                Stream IHttpResponseBodyFeature.Stream => _inner.Stream;
                PipeWriter IHttpResponseBodyFeature.Writer => _inner.Writer;
                void IHttpResponseBodyFeature.DisableBuffering() { Console.WriteLine("no"); }
                Task IHttpResponseBodyFeature.StartAsync(CancellationToken cancellationToken) => _inner.StartAsync(cancellationToken);
                Task IHttpResponseBodyFeature.SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken) => throw new NotImplementedException();
                Task IHttpResponseBodyFeature.CompleteAsync() => _inner.CompleteAsync();
            }
            """));
    }

    [Fact]
    public async Task Fires_Feature_PublicMemberWithLogicThatForwards_RebaseTrue()
    {
        Assert.Equal(DiagnosticProperties.True, await FeatureAsync("Logging", """
            public sealed class Logging : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public Logging(IHttpResponseBodyFeature inner) => _inner = inner;
                public Stream Stream => _inner.Stream;
                public PipeWriter Writer => _inner.Writer;
                public void DisableBuffering() { Console.WriteLine("no"); _inner.DisableBuffering(); }
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => throw new NotImplementedException();
                public Task CompleteAsync() => _inner.CompleteAsync();
            }
            """));
    }

    [Fact]
    public async Task Fires_Feature_FileCopiedIntoOwnStream_RebaseInnerUnreachable()
    {
        Assert.Equal(DiagnosticProperties.RebaseInnerUnreachable, await FeatureAsync("ByteCountingFeature", """
            public sealed class ByteCountingFeature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                private readonly Stream _counting;
                public ByteCountingFeature(IHttpResponseBodyFeature inner) { _inner = inner; _counting = new BufferedStream(inner.Stream); }
                public Stream Stream => _counting;
                public PipeWriter Writer => _inner.Writer;
                public void DisableBuffering() => _inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
                {
                    using var file = File.OpenRead(path);
                    file.Seek(offset, SeekOrigin.Begin);
                    await file.CopyToAsync(_counting, cancellationToken);
                }
                public Task CompleteAsync() => Task.CompletedTask;
            }
            """));
    }

    [Fact]
    public async Task Fires_Feature_WriterBuiltInConstructor_RebaseInnerUnreachable()
    {
        Assert.Equal(DiagnosticProperties.RebaseInnerUnreachable, await FeatureAsync("ObservingFeature", """
            public sealed class ObservingFeature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public ObservingFeature(IHttpResponseBodyFeature inner)
                {
                    _inner = inner;
                    Stream = new ByteCounter(inner.Stream);
                    Writer = PipeWriter.Create(Stream);
                }
                public Stream Stream { get; }
                public PipeWriter Writer { get; }
                public void DisableBuffering() => _inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync() => _inner.CompleteAsync();
            }
            """ + BodyFeatureWrapperPrecisionTests.ByteCounter));
    }

    [Fact]
    public async Task Fires_Feature_CompleteAsyncDoingOnlyItsOwnWork_RebaseTrue()
    {
        // The fix first gives CompleteAsync the call of the wrapped feature after its work: not a reason against the re-base.
        Assert.Equal(DiagnosticProperties.True, await FeatureAsync("AuditingFeature", """
            public sealed class AuditingFeature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public AuditingFeature(IHttpResponseBodyFeature inner) => _inner = inner;
                public Stream Stream => _inner.Stream;
                public PipeWriter Writer => _inner.Writer;
                public void DisableBuffering() => _inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync()
                {
                    Console.WriteLine("completed");
                    return Task.CompletedTask;
                }
            }
            """));
    }

    // ---------------------------------------------------------------- SNOOP003

    [Fact]
    public async Task Fires_Stream_ConstructorChainsToAnother_RebaseNoInner()
    {
        Assert.Equal(DiagnosticProperties.RebaseNoInner, await StreamAsync("ChainedStream", StreamWrapper("ChainedStream", "    public ChainedStream() : this(Stream.Null) { }\n")));
    }

    [Fact]
    public async Task Fires_Stream_WriteWithLogicAndNoAsyncOverride_RebaseTrue()
    {
        // Only Write(byte[], int, int) is kept: the fix first adds the async overrides the base's routers need.
        Assert.Equal(DiagnosticProperties.True, await StreamAsync("ChainedStream", StreamWrapper("ChainedStream", string.Empty)));
    }

    private static string StreamWrapper(string name, string extra) => """
        public sealed class NAME : Stream
        {
            private readonly Stream _inner;
            public NAME(Stream inner) => _inner = inner;
        EXTRA    public long Written { get; private set; }
            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() => _inner.Flush();
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count)
            {
                Written += count;
                _inner.Write(buffer, offset, count);
            }
        }
        """.Replace("NAME", name).Replace("EXTRA", extra);
}
