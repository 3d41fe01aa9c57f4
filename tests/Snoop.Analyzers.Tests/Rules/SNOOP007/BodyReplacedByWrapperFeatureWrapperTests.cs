using Microsoft.CodeAnalysis.Testing;
using Snoop004 = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.BodyFeatureWrapperRule>;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.BodyReplacedByWrapperRule, Snoop.CodeFixes.Rules.BodyReplacedByWrapperCodeFix>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>
/// SNOOP007 on a hand-written body-feature wrapper installed with <c>Features.Set(new F(previous))</c>: reported (Info) when
/// it only observes through a stream wrapper over the previous feature's stream and forwards everything else (SNOOP004
/// silent on it); the fix rewrites a counting one onto <c>BeginMetrics</c>.
/// </summary>
public class BodyReplacedByWrapperFeatureWrapperTests
{
    internal const string Usings = BodyReplacedByWrapperTests.Usings + "using System.IO.Pipelines;\nusing Microsoft.AspNetCore.Http.Features;\n";
    private const string WriteOnly = BodyReplacedByWrapperTests.WriteOnly;
    private const string CountingStream = BodyReplacedByWrapperTests.CountingStream;

    /// <summary>Forwarding members every feature below shares (Stream and Writer are each test's own).</summary>
    internal const string Forwards = """
            public void DisableBuffering() => _inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
                => _inner.SendFileAsync(path, offset, count, cancellationToken);
            public Task CompleteAsync() => _inner.CompleteAsync();
        """;

    /// <summary>A metering feature as usage-metering middlewares write it: a counting stream over the previous one, the rest forwarded.</summary>
    internal const string MeteringFeature = """
        public sealed class MeteringFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner;
            private readonly CountingStream _stream;

            public MeteringFeature(IHttpResponseBodyFeature inner)
            {
                _inner = inner;
                _stream = new CountingStream(inner.Stream);
            }

            public long BytesWritten => _stream.BytesWritten;
            public Stream Stream => _stream;
            public PipeWriter Writer => _inner.Writer;
        """ + Forwards + """

        }

        """;

    [Fact]
    public Task Fix_FeatureWrapper_ClassMiddleware_CountingFeatureInALocal_BecomesBeginMetrics() => Verify.VerifyCodeFixStrictAsync(
        Usings + """
        public class UsageMiddleware(RequestDelegate next, ILogger<UsageMiddleware> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                var metering = new MeteringFeature(previous);
                {|#0:context.Features.Set<IHttpResponseBodyFeature>(metering)|};
                try
                {
                    await next(context);
                }
                finally
                {
                    context.Features.Set(previous);
                }

                logger.LogInformation("{Path}: {Bytes} bytes", context.Request.Path, metering.BytesWritten);
            }
        }

        """ + MeteringFeature + CountingStream,
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

        """ + MeteringFeature + CountingStream,
        new DiagnosticResult(Descriptors.SNOOP007_ObservingFeature).WithLocation(0).WithArguments("MeteringFeature", "CountingStream"));

    [Fact]
    public Task Fix_FeatureWrapper_AppUseLambda_InlineInternalFeature_NoRestore_FeatureClassRemoved() => Verify.VerifyCodeFixStrictAsync(
        Usings + """
        using Microsoft.AspNetCore.Builder;

        public static class Setup
        {
            public static void Configure(IApplicationBuilder app)
            {
                app.Use(async (context, next) =>
                {
                    {|#0:context.Features.Set<IHttpResponseBodyFeature>(new Metered(context.Features.Get<IHttpResponseBodyFeature>()!))|};
                    await next(context);
                });
            }
        }

        internal sealed class Metered(IHttpResponseBodyFeature _inner) : IHttpResponseBodyFeature
        {
            private readonly CountingStream _stream = new(_inner.Stream);
            public Stream Stream => _stream;
            public PipeWriter Writer => _inner.Writer;
        """ + Forwards + """

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

        """ + CountingStream,
        new DiagnosticResult(Descriptors.SNOOP007_ObservingFeature).WithLocation(0).WithArguments("Metered", "CountingStream"));

    [Fact]
    public Task Fires_FeatureWrapper_ObservesByHashing_NoSpanWriteOverride_NoFix() => Verify.VerifyCodeFixAsync(
        Usings + """
        using System.Security.Cryptography;

        public class ETagMiddleware(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                {|#0:context.Features.Set<IHttpResponseBodyFeature>(new HashingFeature(previous))|};
                try { await next(context); }
                finally { context.Features.Set(previous); }
            }
        }

        public sealed class HashingFeature(IHttpResponseBodyFeature _inner) : IHttpResponseBodyFeature
        {
            private readonly HashingStream _stream = new(_inner.Stream);
            public Stream Stream => _stream;
            public PipeWriter Writer => _inner.Writer;
        """ + Forwards + """

        }

        public sealed class HashingStream(Stream _inner) : Stream
        {
            private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            public byte[] GetHash() => _hash.GetHashAndReset();
        """ + WriteOnly + """
            public override void Write(byte[] buffer, int offset, int count)
            {
                _hash.AppendData(buffer, offset, count);
                _inner.Write(buffer, offset, count);
            }
        }
        """,
        Usings + """
        using System.Security.Cryptography;

        public class ETagMiddleware(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                {|#0:context.Features.Set<IHttpResponseBodyFeature>(new HashingFeature(previous))|};
                try { await next(context); }
                finally { context.Features.Set(previous); }
            }
        }

        public sealed class HashingFeature(IHttpResponseBodyFeature _inner) : IHttpResponseBodyFeature
        {
            private readonly HashingStream _stream = new(_inner.Stream);
            public Stream Stream => _stream;
            public PipeWriter Writer => _inner.Writer;
        """ + Forwards + """

        }

        public sealed class HashingStream(Stream _inner) : Stream
        {
            private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            public byte[] GetHash() => _hash.GetHashAndReset();
        """ + WriteOnly + """
            public override void Write(byte[] buffer, int offset, int count)
            {
                _hash.AppendData(buffer, offset, count);
                _inner.Write(buffer, offset, count);
            }
        }
        """,
        new DiagnosticResult(Descriptors.SNOOP007_ObservingFeature).WithLocation(0).WithArguments("HashingFeature", "HashingStream"));

    private const string ChunkMeterStream = """
        public sealed class ChunkMeterStream(Stream _inner) : Stream
        {
            private static readonly Meter s_meter = new("Shop.Web");
            private static readonly Histogram<int> s_chunks = s_meter.CreateHistogram<int>("response.chunk.size");
        """ + WriteOnly + """
            public override void Write(byte[] buffer, int offset, int count)
            {
                s_chunks.Record(count);
                _inner.Write(buffer, offset, count);
            }
            public override void Write(ReadOnlySpan<byte> buffer)
            {
                s_chunks.Record(buffer.Length);
                _inner.Write(buffer);
            }
        }
        """;

    [Fact]
    public Task Fix_FeatureWrapper_ObservesIntoAMeter_BecomesAnObserver() => Verify.VerifyCodeFixStrictAsync(
        Usings + """
        using System.Diagnostics.Metrics;

        public sealed class ChunkMetricsMiddleware(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                var metered = new ChunkMeterFeature(previous);
                {|#0:context.Features.Set<IHttpResponseBodyFeature>(metered)|};
                try { await next(context); }
                finally { context.Features.Set(previous); }
            }
        }

        internal sealed class ChunkMeterFeature(IHttpResponseBodyFeature _inner) : IHttpResponseBodyFeature
        {
            private readonly ChunkMeterStream _stream = new(_inner.Stream);
            public Stream Stream => _stream;
            public PipeWriter Writer => _inner.Writer;
        """ + Forwards + """

        }

        """ + ChunkMeterStream,
        Usings + """
        using System.Diagnostics.Metrics;
        using Snoop;

        public sealed class ChunkMetricsMiddleware(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                await using var capture = ResponseCapture.Observe(context, new ChunkMeterObserver());
                await next(context);
            }
        }

        """ + ChunkMeterStream + """


        public sealed class ChunkMeterObserver : ResponseObserver
        {
            private static readonly Meter s_meter = new("Shop.Web");
            private static readonly Histogram<int> s_chunks = s_meter.CreateHistogram<int>("response.chunk.size");

            public override void OnWrite(ReadOnlySpan<byte> buffer)
            {
                s_chunks.Record(buffer.Length);
            }
        }
        """,
        new DiagnosticResult(Descriptors.SNOOP007_ObservingFeature).WithLocation(0).WithArguments("ChunkMeterFeature", "ChunkMeterStream"));

    [Fact]
    public Task Fires_FeatureWrapper_FeatureUsedOtherwise_NoFix() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class UsageMiddleware(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                var metering = new MeteringFeature(previous);
                {|#0:context.Features.Set<IHttpResponseBodyFeature>(metering)|};
                context.Items["metering"] = metering;
                await next(context);
            }
        }

        """ + MeteringFeature + CountingStream,
        Usings + """
        public class UsageMiddleware(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                var metering = new MeteringFeature(previous);
                {|#0:context.Features.Set<IHttpResponseBodyFeature>(metering)|};
                context.Items["metering"] = metering;
                await next(context);
            }
        }

        """ + MeteringFeature + CountingStream,
        new DiagnosticResult(Descriptors.SNOOP007_ObservingFeature).WithLocation(0).WithArguments("MeteringFeature", "CountingStream"));

    [Fact]
    public Task Silent_Snoop004_OnTheObservingFeature_OneInstallOneDiagnostic() => Snoop004.VerifyAnalyzerAsync(Usings + MeteringFeature + CountingStream);

    // ---------------------------------------------------------------- silent look-alikes

    /// <summary>Installs <c>new {name}(previous)</c> the usual way.</summary>
    internal static string Install(string name) => $$"""
        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                context.Features.Set<IHttpResponseBodyFeature>(new {{name}}(previous));
                try { await next(context); }
                finally { context.Features.Set(previous); }
            }
        }

        """;

    [Fact]
    public Task Silent_FeatureWrapper_CompressionFeature_TransformsThroughItsStream() => Verify.VerifyAnalyzerAsync(Usings + "using System.IO.Compression;\n" + Install("GzipFeature") + """
        public sealed class GzipFeature(IHttpResponseBodyFeature _inner) : IHttpResponseBodyFeature
        {
            private readonly GzipBody _stream = new(_inner.Stream);
            public Stream Stream => _stream;
            public PipeWriter Writer => PipeWriter.Create(_stream);
            public void DisableBuffering() => _inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
                => SendFileFallback.SendFileAsync(_stream, path, offset, count, cancellationToken);
            public Task CompleteAsync() => _inner.CompleteAsync();
        }

        public sealed class GzipBody : Stream
        {
            private readonly Stream _inner;
            private readonly GZipStream _gzip;
            public GzipBody(Stream inner) { _inner = inner; _gzip = new GZipStream(inner, CompressionLevel.Fastest, leaveOpen: true); }
        """ + WriteOnly + """
            public override void Write(byte[] buffer, int offset, int count) => _gzip.Write(buffer, offset, count);
        }
        """);

    [Fact]
    public Task Silent_FeatureWrapper_WriterOverItsCountingStream_IsSnoop004s() => Verify.VerifyAnalyzerAsync(Usings + Install("CountingFeature") + """
        public sealed class CountingFeature(IHttpResponseBodyFeature _inner) : IHttpResponseBodyFeature
        {
            private readonly CountingStream _stream = new(_inner.Stream);
            public Stream Stream => _stream;
            public PipeWriter Writer => PipeWriter.Create(_stream);
        """ + Forwards + """

        }

        """ + CountingStream);

    [Fact]
    public Task Fires_Snoop004_OnTheWriterOverItsCountingStream() => Snoop004.VerifyAnalyzerAsync(Usings + """
        public sealed class CountingFeature(IHttpResponseBodyFeature _inner) : IHttpResponseBodyFeature
        {
            private readonly CountingStream _stream = new(_inner.Stream);
            public Stream Stream => _stream;
            public PipeWriter {|SNOOP004:Writer|} => PipeWriter.Create(_stream);
        """ + Forwards + """

        }

        """ + CountingStream);

    [Fact]
    public Task Silent_FeatureWrapper_CompleteAsyncDoesItsOwnWorkToo() => Verify.VerifyAnalyzerAsync(Usings + Install("LoggedFeature") + """
        public sealed class LoggedFeature(IHttpResponseBodyFeature _inner) : IHttpResponseBodyFeature
        {
            private readonly CountingStream _stream = new(_inner.Stream);
            public Stream Stream => _stream;
            public PipeWriter Writer => _inner.Writer;
            public void DisableBuffering() => _inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
                => _inner.SendFileAsync(path, offset, count, cancellationToken);
            public async Task CompleteAsync()
            {
                await _inner.CompleteAsync();
                Console.WriteLine($"completed after {_stream.BytesWritten} bytes");
            }
        }

        """ + CountingStream);

    [Fact]
    public Task Silent_FeatureWrapper_StreamIsThePreviousStream_CountsSendFile() => Verify.VerifyAnalyzerAsync(Usings + Install("FileCounter") + """
        public sealed class FileCounter(IHttpResponseBodyFeature _inner) : IHttpResponseBodyFeature
        {
            public long FileBytes { get; private set; }
            public Stream Stream => _inner.Stream;
            public PipeWriter Writer => _inner.Writer;
            public void DisableBuffering() => _inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
            {
                FileBytes += count ?? new FileInfo(path).Length - offset;
                return _inner.SendFileAsync(path, offset, count, cancellationToken);
            }
            public Task CompleteAsync() => _inner.CompleteAsync();
        }
        """);

    [Fact]
    public Task Silent_FeatureWrapper_DerivedFromSnoopsDelegatingFeature() => Verify.VerifyAnalyzerAsync(Usings + Install("CountingDecorator") + """
        public sealed class CountingDecorator(IHttpResponseBodyFeature inner) : Snoop.DelegatingResponseBodyFeature(inner)
        {
            private readonly CountingStream _stream = new(inner.Stream);
            public override Stream Stream => _stream;
        }

        """ + CountingStream);

    [Fact]
    public Task Silent_FeatureWrapper_GivenAFeatureFromElsewhere() => Verify.VerifyAnalyzerAsync(Usings + """
        public class M(RequestDelegate next, IHttpResponseBodyFeature sink)
        {
            public async Task Invoke(HttpContext context)
            {
                // Not this request's feature: a sink the host gave (a recorder), observed.
                context.Features.Set<IHttpResponseBodyFeature>(new MeteringFeature(sink));
                await next(context);
            }
        }

        """ + MeteringFeature + CountingStream);

    [Fact]
    public Task Silent_FeatureWrapper_OnATestContext() => Verify.VerifyAnalyzerAsync(Usings + """
        public static class Harness
        {
            public static HttpContext Create()
            {
                var context = new DefaultHttpContext();
                context.Features.Set<IHttpResponseBodyFeature>(new MeteringFeature(context.Features.Get<IHttpResponseBodyFeature>()!));
                return context;
            }
        }

        """ + MeteringFeature + CountingStream);
}
