using Microsoft.CodeAnalysis.Testing;
using Snoop004 = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.BodyFeatureWrapperRule>;
using Snoop006 = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.PipeWriterWrapperRule>;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.BodyReplacedByWrapperRule, Snoop.CodeFixes.Rules.BodyReplacedByWrapperCodeFix>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>
/// SNOOP007 on a hand-written body feature whose <c>Stream</c> is a counting stream wrapper and whose <c>Writer</c> is a
/// counting <c>PipeWriter</c> wrapper of its own over the previous feature's <c>Writer</c> (the usage-metering shape):
/// reported (Info); the fix rewrites it onto <c>BeginMetrics</c> when both count and the code reads their sum. Writers
/// that buffer, transform, write more, or hide a capability (SNOOP006's) keep the rule silent.
/// </summary>
public class BodyReplacedByWrapperFeatureWriterTests
{
    private const string Usings = "#nullable enable\n" + BodyReplacedByWrapperFeatureWrapperTests.Usings;
    private const string Forwards = BodyReplacedByWrapperFeatureWrapperTests.Forwards;
    private const string CountingStream = BodyReplacedByWrapperTests.CountingStream;

    /// <summary>The members of a PipeWriter wrapper that only forward (Advance is each test's own).</summary>
    private const string WriterForwards = """
            public override Memory<byte> GetMemory(int sizeHint = 0) => _inner.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => _inner.GetSpan(sizeHint);
            public override void CancelPendingFlush() => _inner.CancelPendingFlush();
            public override void Complete(Exception? exception = null) => _inner.Complete(exception);
            public override ValueTask CompleteAsync(Exception? exception = null) => _inner.CompleteAsync(exception);
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _inner.FlushAsync(cancellationToken);
            public override bool CanGetUnflushedBytes => _inner.CanGetUnflushedBytes;
            public override long UnflushedBytes => _inner.UnflushedBytes;
        """;

    /// <summary>A counting writer as metering code writes it: a field, Interlocked.Add, a getter with Interlocked.Read.</summary>
    private const string CountingPipeWriter = """
        public sealed class CountingPipeWriter : PipeWriter
        {
            private readonly PipeWriter _inner;
            private long _bytes;

            public CountingPipeWriter(PipeWriter inner) => _inner = inner ?? throw new ArgumentNullException(nameof(inner));

            public long BytesWritten => Interlocked.Read(ref _bytes);

            public override void Advance(int bytes)
            {
                Interlocked.Add(ref _bytes, bytes);
                _inner.Advance(bytes);
            }
        """ + WriterForwards + """

        }

        """;

    /// <summary>The metering feature: a counting stream and a counting writer, the sum read by <c>TotalBytes</c>.</summary>
    private const string UsageFeature = """
        public sealed class UsageFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner;
            private readonly CountingStream _stream;
            private readonly CountingPipeWriter _writer;

            public UsageFeature(IHttpResponseBodyFeature inner)
            {
                _inner = inner;
                _stream = new CountingStream(inner.Stream);
                _writer = new CountingPipeWriter(inner.Writer);
            }

            public long TotalBytes => _stream.BytesWritten + _writer.BytesWritten;
            public long StreamBytes => _stream.BytesWritten;
            public Stream Stream => _stream;
            public PipeWriter Writer => _writer;
        """ + Forwards + """

        }

        """;

    private static DiagnosticResult Expected(string feature, string stream, string writer)
        => new DiagnosticResult(Descriptors.SNOOP007_ObservingFeatureAndWriter).WithLocation(0).WithArguments(feature, stream, writer);

    // ---------------------------------------------------------------- firing

    [Fact]
    public Task Fix_FeatureAndWriter_ClassMiddleware_SumOfBothCounts_BecomesCaptureBytesWritten() => Verify.VerifyCodeFixStrictAsync(
        Usings + """
        public class UsageMiddleware(RequestDelegate next, ILogger<UsageMiddleware> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                var usage = new UsageFeature(previous);
                {|#0:context.Features.Set<IHttpResponseBodyFeature>(usage)|};
                try
                {
                    await next(context);
                }
                finally
                {
                    context.Features.Set(previous);
                }

                logger.LogInformation("{Path}: {Bytes} bytes", context.Request.Path, usage.TotalBytes);
            }
        }

        """ + UsageFeature + CountingPipeWriter + CountingStream,
        Usings + """
        using Snoop;
        public class UsageMiddleware(RequestDelegate next, ILogger<UsageMiddleware> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                await using var capture = ResponseCapture.BeginMetrics(context);
                await next(context);

                logger.LogInformation("{Path}: {Bytes} bytes", context.Request.Path, capture.BytesWritten);
            }
        }

        """ + UsageFeature + CountingPipeWriter + CountingStream,
        Expected("UsageFeature", "CountingStream", "CountingPipeWriter"));

    [Fact]
    public Task Fix_FeatureAndWriter_AppUseLambda_AutoPropertyCounters_FeatureClassRemoved() => Verify.VerifyCodeFixStrictAsync(
        Usings + """
        using Microsoft.AspNetCore.Builder;

        public static class Setup
        {
            public static void Configure(IApplicationBuilder app)
            {
                app.Use(async (context, next) =>
                {
                    {|#0:context.Features.Set<IHttpResponseBodyFeature>(new TwoWayCounter(context.Features.Get<IHttpResponseBodyFeature>()!))|};
                    await next(context);
                });
            }
        }

        internal sealed class TwoWayCounter(IHttpResponseBodyFeature _inner) : IHttpResponseBodyFeature
        {
            private readonly CountingStream _stream = new(_inner.Stream);
            private readonly CountingWriter _writer = new(_inner.Writer);
            public Stream Stream => _stream;
            public PipeWriter Writer => _writer;
        """ + Forwards + """

        }

        public sealed class CountingWriter(PipeWriter _inner) : PipeWriter
        {
            public long Count { get; private set; }
            public override void Advance(int bytes) { Count += bytes; _inner.Advance(bytes); }
        """ + WriterForwards + """

        }

        """ + CountingStream,
        Usings + """
        using Microsoft.AspNetCore.Builder;
        using Snoop;

        public static class Setup
        {
            public static void Configure(IApplicationBuilder app)
            {
                app.Use(async (context, next) =>
                {
                    await using var capture = ResponseCapture.BeginMetrics(context);
                    await next(context);
                });
            }
        }

        public sealed class CountingWriter(PipeWriter _inner) : PipeWriter
        {
            public long Count { get; private set; }
            public override void Advance(int bytes) { Count += bytes; _inner.Advance(bytes); }
        """ + WriterForwards + """

        }

        """ + CountingStream,
        Expected("TwoWayCounter", "CountingStream", "CountingWriter"));

    [Fact]
    public Task Fires_FeatureAndWriter_OnlyTheStreamCountIsRead_NoFix() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class UsageMiddleware(RequestDelegate next, ILogger<UsageMiddleware> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                var usage = new UsageFeature(previous);
                {|#0:context.Features.Set<IHttpResponseBodyFeature>(usage)|};
                try { await next(context); }
                finally { context.Features.Set(previous); }

                // Not the sum: BytesWritten of the capture would be another number.
                logger.LogInformation("{Bytes} stream bytes", usage.StreamBytes);
            }
        }

        """ + UsageFeature + CountingPipeWriter + CountingStream,
        Usings + """
        public class UsageMiddleware(RequestDelegate next, ILogger<UsageMiddleware> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                var usage = new UsageFeature(previous);
                {|#0:context.Features.Set<IHttpResponseBodyFeature>(usage)|};
                try { await next(context); }
                finally { context.Features.Set(previous); }

                // Not the sum: BytesWritten of the capture would be another number.
                logger.LogInformation("{Bytes} stream bytes", usage.StreamBytes);
            }
        }

        """ + UsageFeature + CountingPipeWriter + CountingStream,
        Expected("UsageFeature", "CountingStream", "CountingPipeWriter"));

    private const string LoggingWriterFeature = """
        public sealed class TracedFeature(IHttpResponseBodyFeature _inner) : IHttpResponseBodyFeature
        {
            private readonly CountingStream _stream = new(_inner.Stream);
            private readonly TracingWriter _writer = new(_inner.Writer);
            public Stream Stream => _stream;
            public PipeWriter Writer => _writer;
        """ + Forwards + """

        }

        public sealed class TracingWriter(PipeWriter _inner) : PipeWriter
        {
            public override void Advance(int bytes)
            {
                Console.WriteLine($"advance {bytes}");
                _inner.Advance(bytes);
            }
        """ + WriterForwards + """

        }

        """;

    [Fact]
    public Task Fires_FeatureAndWriter_WriterLogsInsteadOfCounting_NoFix() => Verify.VerifyCodeFixAsync(
        Usings + BodyReplacedByWrapperFeatureWrapperTests.Install("TracedFeature").Replace("context.Features.Set<IHttpResponseBodyFeature>(new TracedFeature(previous))", "{|#0:context.Features.Set<IHttpResponseBodyFeature>(new TracedFeature(previous))|}")
            + LoggingWriterFeature + CountingStream,
        Usings + BodyReplacedByWrapperFeatureWrapperTests.Install("TracedFeature").Replace("context.Features.Set<IHttpResponseBodyFeature>(new TracedFeature(previous))", "{|#0:context.Features.Set<IHttpResponseBodyFeature>(new TracedFeature(previous))|}")
            + LoggingWriterFeature + CountingStream,
        Expected("TracedFeature", "CountingStream", "TracingWriter"));

    /// <summary>A counting writer that also overrides WriteAsync (counted once, by the source's length, then forwarded).</summary>
    private static string WriteAsyncWriter(string counted, string forwarded) => $$"""
        public sealed class ChunkWriter(PipeWriter _inner) : PipeWriter
        {
            public long Count { get; private set; }
            public override void Advance(int bytes) { Count += bytes; _inner.Advance(bytes); }
            public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
            {
                Count += {{counted}};
                return _inner.WriteAsync({{forwarded}}, cancellationToken);
            }
        {{WriterForwards}}
        }

        """;

    [Fact]
    public Task Fix_FeatureAndWriter_WriterCountsWriteAsyncToo_SumRead() => Verify.VerifyCodeFixStrictAsync(
        Usings + """
        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                var feature = new F(previous);
                {|#0:context.Features.Set<IHttpResponseBodyFeature>(feature)|};
                try { await next(context); }
                finally { context.Features.Set(previous); }
                Console.WriteLine(feature.Bytes);
            }
        }

        """
            + FeatureBody("ChunkWriter") + WriteAsyncWriter("source.Length", "source") + CountingStream,
        Usings + """
        using Snoop;
        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                await using var capture = ResponseCapture.BeginMetrics(context);
                await next(context);
                Console.WriteLine(capture.BytesWritten);
            }
        }

        """ + FeatureBody("ChunkWriter") + WriteAsyncWriter("source.Length", "source") + CountingStream,
        Expected("F", "CountingStream", "ChunkWriter"));

    [Fact]
    public Task Silent_FeatureAndWriter_WriteAsyncForwardsASlice() => Verify.VerifyAnalyzerAsync(
        Usings + BodyReplacedByWrapperFeatureWrapperTests.Install("F") + FeatureBody("ChunkWriter") + WriteAsyncWriter("source.Length", "source.Slice(1)") + CountingStream);

    [Fact]
    public Task Silent_Snoop004_OnTheFeatureWithItsOwnCountingWriter() => Snoop004.VerifyAnalyzerAsync(Usings + UsageFeature + CountingPipeWriter + CountingStream);

    [Fact]
    public Task Silent_Snoop006_OnTheCountingPipeWriter() => Snoop006.VerifyAnalyzerAsync(Usings + CountingPipeWriter);

    // ---------------------------------------------------------------- silent look-alikes

    /// <summary>A feature over <c>new {writer}(_inner.Writer)</c> and a counting stream, installed the usual way.</summary>
    private static string FeatureWith(string writer) => BodyReplacedByWrapperFeatureWrapperTests.Install("F") + FeatureBody(writer) + CountingStream;

    private static string FeatureBody(string writer) => $$"""
        public sealed class F(IHttpResponseBodyFeature _inner) : IHttpResponseBodyFeature
        {
            private readonly CountingStream _stream = new(_inner.Stream);
            private readonly {{writer}} _writer = new(_inner.Writer);
            public long Bytes => _stream.BytesWritten + _writer.Count;
            public Stream Stream => _stream;
            public PipeWriter Writer => _writer;
        {{Forwards}}
        }

        """;

    [Fact]
    public Task Silent_FeatureAndWriter_WriterBuffersInItsOwnArray() => Verify.VerifyAnalyzerAsync(Usings + "using System.Buffers;\n" + FeatureWith("BufferingWriter") + """
        public sealed class BufferingWriter(PipeWriter _inner) : PipeWriter
        {
            private readonly ArrayBufferWriter<byte> _buffer = new();
            public long Count { get; private set; }
            public override void Advance(int bytes) { Count += bytes; _buffer.Advance(bytes); }
            public override Memory<byte> GetMemory(int sizeHint = 0) => _buffer.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => _buffer.GetSpan(sizeHint);
            public override void CancelPendingFlush() => _inner.CancelPendingFlush();
            public override void Complete(Exception? exception = null) => _inner.Complete(exception);
            public override ValueTask CompleteAsync(Exception? exception = null) => _inner.CompleteAsync(exception);
            public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
            {
                await _inner.WriteAsync(_buffer.WrittenMemory, cancellationToken);
                _buffer.Clear();
                return await _inner.FlushAsync(cancellationToken);
            }
            public override bool CanGetUnflushedBytes => true;
            public override long UnflushedBytes => _buffer.WrittenCount;
        }
        """);

    [Fact]
    public Task Silent_FeatureAndWriter_WriterRewritesTheBytesBeforeAdvancing() => Verify.VerifyAnalyzerAsync(Usings + FeatureWith("MaskingWriter") + """
        public sealed class MaskingWriter(PipeWriter _inner) : PipeWriter
        {
            private Memory<byte> _last;
            public long Count { get; private set; }
            public override void Advance(int bytes)
            {
                _last.Span.Slice(0, bytes).Replace((byte)'@', (byte)'*');
                Count += bytes;
                _inner.Advance(bytes);
            }
            public override Memory<byte> GetMemory(int sizeHint = 0) => _last = _inner.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => (_last = _inner.GetMemory(sizeHint)).Span;
            public override void CancelPendingFlush() => _inner.CancelPendingFlush();
            public override void Complete(Exception? exception = null) => _inner.Complete(exception);
            public override ValueTask CompleteAsync(Exception? exception = null) => _inner.CompleteAsync(exception);
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _inner.FlushAsync(cancellationToken);
            public override bool CanGetUnflushedBytes => _inner.CanGetUnflushedBytes;
            public override long UnflushedBytes => _inner.UnflushedBytes;
        }
        """);

    [Fact]
    public Task Silent_FeatureAndWriter_WriterWritesATrailerOnComplete() => Verify.VerifyAnalyzerAsync(Usings + "using System.Buffers;\n" + FeatureWith("TrailerWriter") + """
        public sealed class TrailerWriter(PipeWriter _inner) : PipeWriter
        {
            public long Count { get; private set; }
            public override void Advance(int bytes) { Count += bytes; _inner.Advance(bytes); }
            public override Memory<byte> GetMemory(int sizeHint = 0) => _inner.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => _inner.GetSpan(sizeHint);
            public override void CancelPendingFlush() => _inner.CancelPendingFlush();
            public override void Complete(Exception? exception = null)
            {
                _inner.Write("<!-- served -->"u8);
                _inner.Complete(exception);
            }
            public override ValueTask CompleteAsync(Exception? exception = null) => _inner.CompleteAsync(exception);
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _inner.FlushAsync(cancellationToken);
            public override bool CanGetUnflushedBytes => _inner.CanGetUnflushedBytes;
            public override long UnflushedBytes => _inner.UnflushedBytes;
        }
        """);

    [Fact]
    public Task Silent_FeatureAndWriter_WriterAdvancesByAnotherCount() => Verify.VerifyAnalyzerAsync(Usings + FeatureWith("PrefixingWriter") + """
        public sealed class PrefixingWriter(PipeWriter _inner) : PipeWriter
        {
            public long Count { get; private set; }
            public override void Advance(int bytes) { Count += bytes; _inner.Advance(bytes + 4); }
            public override Memory<byte> GetMemory(int sizeHint = 0) => _inner.GetMemory(sizeHint + 4).Slice(4);
            public override Span<byte> GetSpan(int sizeHint = 0) => _inner.GetSpan(sizeHint + 4).Slice(4);
            public override void CancelPendingFlush() => _inner.CancelPendingFlush();
            public override void Complete(Exception? exception = null) => _inner.Complete(exception);
            public override ValueTask CompleteAsync(Exception? exception = null) => _inner.CompleteAsync(exception);
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _inner.FlushAsync(cancellationToken);
            public override bool CanGetUnflushedBytes => _inner.CanGetUnflushedBytes;
            public override long UnflushedBytes => _inner.UnflushedBytes;
        }
        """);

    /// <summary>A counting writer that hides UnflushedBytes and drops Complete's exception: SNOOP006's finding, not this rule's.</summary>
    private const string LeakyWriter = """
        public sealed class LeakyWriter(PipeWriter _inner) : PipeWriter
        {
            public long Count { get; private set; }
            public override void Advance(int bytes) { Count += bytes; _inner.Advance(bytes); }
            public override Memory<byte> GetMemory(int sizeHint = 0) => _inner.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => _inner.GetSpan(sizeHint);
            public override void CancelPendingFlush() => _inner.CancelPendingFlush();
            public override void Complete(Exception? exception = null) => _inner.Complete();
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _inner.FlushAsync(cancellationToken);
        }
        """;

    [Fact]
    public Task Silent_FeatureAndWriter_WriterHidesUnflushedBytes_LeftToSnoop006() => Verify.VerifyAnalyzerAsync(Usings + FeatureWith("LeakyWriter") + LeakyWriter);

    [Fact]
    public Task Fires_Snoop006_OnTheWriterSnoop007LeavesAlone() => Snoop006.VerifyAnalyzerAsync(Usings + LeakyWriter.Replace("class LeakyWriter", "class {|SNOOP006:LeakyWriter|}"));

    [Fact]
    public Task Silent_FeatureAndWriter_WriterIsAPipeOverTheFeaturesOwnStream_Snoop004sShape() => Verify.VerifyAnalyzerAsync(Usings + BodyReplacedByWrapperFeatureWrapperTests.Install("PipeOverStream") + """
        public sealed class PipeOverStream(IHttpResponseBodyFeature _inner) : IHttpResponseBodyFeature
        {
            private readonly CountingStream _stream = new(_inner.Stream);
            public Stream Stream => _stream;
            public PipeWriter Writer => PipeWriter.Create(_stream);
        """ + Forwards + """

        }

        """ + CountingStream);

    [Fact]
    public Task Silent_FeatureAndWriter_WriterOverAPipeOfItsOwnNotThePreviousWriter() => Verify.VerifyAnalyzerAsync(Usings + BodyReplacedByWrapperFeatureWrapperTests.Install("OwnPipe") + """
        public sealed class OwnPipe(IHttpResponseBodyFeature _inner) : IHttpResponseBodyFeature
        {
            private readonly CountingStream _stream = new(_inner.Stream);
            private readonly CountingPipeWriter _writer = new(PipeWriter.Create(_inner.Stream));
            public Stream Stream => _stream;
            public PipeWriter Writer => _writer;
        """ + Forwards + """

        }

        """ + CountingPipeWriter + CountingStream);

    [Fact]
    public Task Silent_FeatureAndWriter_NewWriterOnEveryGet() => Verify.VerifyAnalyzerAsync(Usings + BodyReplacedByWrapperFeatureWrapperTests.Install("FreshWriter") + """
        public sealed class FreshWriter(IHttpResponseBodyFeature _inner) : IHttpResponseBodyFeature
        {
            private readonly CountingStream _stream = new(_inner.Stream);
            public Stream Stream => _stream;
            public PipeWriter Writer => new CountingPipeWriter(_inner.Writer);
        """ + Forwards + """

        }

        """ + CountingPipeWriter + CountingStream);
}
