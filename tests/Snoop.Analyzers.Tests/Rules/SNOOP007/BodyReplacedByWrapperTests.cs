using Microsoft.CodeAnalysis.Testing;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.BodyReplacedByWrapperRule, Snoop.CodeFixes.Rules.BodyReplacedByWrapperCodeFix>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>SNOOP007: the response body replaced by a non-buffering wrapper stream; the fix where the wrapper only counts.</summary>
public class BodyReplacedByWrapperTests
{
    internal const string Usings = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        """;

    internal const string UsingsWithSnoop = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;
        using Snoop;

        """;

    /// <summary>The members every write-only stream needs.</summary>
    internal const string WriteOnly = """
            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Flush() => _inner.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);
        """;

    /// <summary>A counting wrapper as middlewares write it: every write path adds its length, then forwards the same bytes.</summary>
    /// <summary>A write-only wrapper that hashes what it forwards: it observes, so SNOOP007's fix makes it an observer.</summary>
    internal const string HashingStream = """
        public sealed class HashingStream(Stream _inner) : Stream
        {
            private readonly System.Security.Cryptography.IncrementalHash _hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            public byte[] GetHash() => _hash.GetHashAndReset();
        """ + WriteOnly + """
            public override void Write(byte[] buffer, int offset, int count)
            {
                _hash.AppendData(buffer, offset, count);
                _inner.Write(buffer, offset, count);
            }
            public override void Write(ReadOnlySpan<byte> buffer)
            {
                _hash.AppendData(buffer);
                _inner.Write(buffer);
            }
        }

        """;

    internal const string CountingStream = $$"""
        public sealed class CountingStream : Stream
        {
            private readonly Stream _inner;
            private long _bytes;
            public CountingStream(Stream inner) => _inner = inner;
            public long BytesWritten => _bytes;
        {{WriteOnly}}
            public override void Write(byte[] buffer, int offset, int count)
            {
                _bytes += count;
                _inner.Write(buffer, offset, count);
            }
            public override void Write(ReadOnlySpan<byte> buffer)
            {
                _bytes += buffer.Length;
                _inner.Write(buffer);
            }
            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                _bytes += count;
                await _inner.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
            }
            public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            {
                _bytes += buffer.Length;
                return _inner.WriteAsync(buffer, cancellationToken);
            }
        }
        """;

    // ---------------------------------------------------------------- fires, counting only: the fix

    [Fact]
    public Task Fires_ClassMiddleware_LocalsAndTryFinally_BecomesBeginMetrics() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class ResponseSizeMiddleware(RequestDelegate next, ILogger<ResponseSizeMiddleware> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                var counter = new CountingStream(originalBody);
                {|SNOOP007:context.Response.Body = counter|};
                try
                {
                    await next(context);
                }
                finally
                {
                    context.Response.Body = originalBody;
                }

                logger.LogInformation("{Path} sent {Bytes} bytes", context.Request.Path, counter.BytesWritten);
            }
        }

        """ + CountingStream,
        UsingsWithSnoop + """
        public class ResponseSizeMiddleware(RequestDelegate next, ILogger<ResponseSizeMiddleware> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                await using var capture = ResponseCapture.BeginMetrics(context);
                await next(context);

                logger.LogInformation("{Path} sent {Bytes} bytes", context.Request.Path, capture.BytesWritten);
            }
        }

        """ + CountingStream);

    [Fact]
    public Task Fires_AppUseLambda_InlineWrapperWithInterlockedCounter_NoRestore_BecomesBeginMetrics() => Verify.VerifyCodeFixAsync(
        Usings + """
        using Microsoft.AspNetCore.Builder;

        public static class Setup
        {
            public static void Configure(IApplicationBuilder app)
            {
                app.Use(async (context, next) =>
                {
                    // APM agents often do not restore: the wrapper stays for the rest of the request.
                    {|SNOOP007:context.Response.Body = new MeteredStream(context.Response.Body)|};
                    await next(context);
                });
            }
        }

        public sealed class MeteredStream : Stream
        {
            private readonly Stream _inner;
            private long _written;
            public MeteredStream(Stream inner) { _inner = inner; }
            public long Written => Interlocked.Read(ref _written);
        """ + WriteOnly + """
            public override void Write(byte[] buffer, int offset, int count)
            {
                _inner.Write(buffer, offset, count);
                Interlocked.Add(ref _written, count);
            }
            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                await _inner.WriteAsync(buffer, offset, count, cancellationToken);
                Interlocked.Add(ref _written, count);
            }
        }
        """,
        Usings.Replace("using Microsoft.Extensions.Logging;\n", "using Microsoft.Extensions.Logging;\nusing Microsoft.AspNetCore.Builder;\nusing Snoop;\n") + """

        public static class Setup
        {
            public static void Configure(IApplicationBuilder app)
            {
                app.Use(async (context, next) =>
                {
                    // APM agents often do not restore: the wrapper stays for the rest of the request.
                    await using var capture = ResponseCapture.BeginMetrics(context);
                    await next(context);
                });
            }
        }

        public sealed class MeteredStream : Stream
        {
            private readonly Stream _inner;
            private long _written;
            public MeteredStream(Stream inner) { _inner = inner; }
            public long Written => Interlocked.Read(ref _written);
        """ + WriteOnly + """
            public override void Write(byte[] buffer, int offset, int count)
            {
                _inner.Write(buffer, offset, count);
                Interlocked.Add(ref _written, count);
            }
            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                await _inner.WriteAsync(buffer, offset, count, cancellationToken);
                Interlocked.Add(ref _written, count);
            }
        }
        """);

    [Fact]
    public Task Fires_IMiddleware_UsingDeclaredWrapperAutoPropertyCount_BecomesBeginMetrics() => Verify.VerifyCodeFixAsync(
        Usings + """
        public sealed class MeterMiddleware(ILogger<MeterMiddleware> logger) : IMiddleware
        {
            public async Task InvokeAsync(HttpContext context, RequestDelegate next)
            {
                var original = context.Response.Body;
                await using var meter = new CountStream(original);
                {|SNOOP007:context.Response.Body = meter|};
                await next(context);
                await meter.FlushAsync();
                context.Response.Body = original;
                logger.LogInformation("Response size {Size}", meter.Count);
            }
        }

        public sealed class CountStream(Stream _inner) : Stream
        {
            public long Count { get; private set; }
        """ + WriteOnly + """
            public override void Write(byte[] buffer, int offset, int count)
            {
                Count += count;
                _inner.Write(buffer, offset, count);
            }
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                Count += count;
                return _inner.WriteAsync(buffer, offset, count, cancellationToken);
            }
        }
        """,
        UsingsWithSnoop + """
        public sealed class MeterMiddleware(ILogger<MeterMiddleware> logger) : IMiddleware
        {
            public async Task InvokeAsync(HttpContext context, RequestDelegate next)
            {
                await using var capture = ResponseCapture.BeginMetrics(context);
                await next(context);
                logger.LogInformation("Response size {Size}", capture.BytesWritten);
            }
        }

        public sealed class CountStream(Stream _inner) : Stream
        {
            public long Count { get; private set; }
        """ + WriteOnly + """
            public override void Write(byte[] buffer, int offset, int count)
            {
                Count += count;
                _inner.Write(buffer, offset, count);
            }
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                Count += count;
                return _inner.WriteAsync(buffer, offset, count, cancellationToken);
            }
        }
        """);

    [Fact]
    public Task Fix_All_TwoMiddlewaresInOneFile() => new Verify.Test
    {
        TestCode = Usings + """
            public class A(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    {|SNOOP007:context.Response.Body = new CountingStream(context.Response.Body)|};
                    await next(context);
                }
            }

            public class B(RequestDelegate next)
            {
                public Task Invoke(HttpContext httpContext)
                {
                    var body = httpContext.Response.Body;
                    var counting = new CountingStream(body);
                    {|SNOOP007:httpContext.Response.Body = counting|};
                    try
                    {
                        return next(httpContext);
                    }
                    finally
                    {
                        httpContext.Response.Body = body;
                        Console.WriteLine(counting.BytesWritten);
                    }
                }
            }

            """ + CountingStream,
        FixedCode = UsingsWithSnoop + """
            public class A(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    await using var capture = ResponseCapture.BeginMetrics(context);
                    await next(context);
                }
            }

            public class B(RequestDelegate next)
            {
                public Task Invoke(HttpContext httpContext)
                {
                    using var capture = ResponseCapture.BeginMetrics(httpContext);
                    try
                    {
                        return next(httpContext);
                    }
                    finally
                    {
                        Console.WriteLine(capture.BytesWritten);
                    }
                }
            }

            """ + CountingStream,
    }.RunAsync();

    // ---------------------------------------------------------------- fires, no fix

    [Fact]
    public Task Fires_NoFix_WrapperHandedToAnotherMethod() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var counter = new CountingStream(context.Response.Body);
                context.Items["counter"] = counter;
                {|SNOOP007:context.Response.Body = counter|};
                await next(context);
            }
        }

        """ + CountingStream,
        Usings + """
        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var counter = new CountingStream(context.Response.Body);
                context.Items["counter"] = counter;
                {|SNOOP007:context.Response.Body = counter|};
                await next(context);
            }
        }

        """ + CountingStream);

    [Fact]
    public Task Fires_Observes_HashingWrapper_BecomesAnObserver() => Verify.VerifyCodeFixAsync(
        Usings + """
        using System.Security.Cryptography;

        public class ETagMiddleware(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                using var hashing = new HashingStream(original);
                {|#0:context.Response.Body = hashing|};
                try { await next(context); }
                finally { context.Response.Body = original; }
                context.Items["sha256"] = Convert.ToHexString(hashing.GetHash());
            }
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
            public override void Write(ReadOnlySpan<byte> buffer)
            {
                _hash.AppendData(buffer);
                _inner.Write(buffer);
            }
        }
        """,
        Usings + """
        using System.Security.Cryptography;
        using Snoop;

        public class ETagMiddleware(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var hashing = new HashingObserver();
                await using var capture = ResponseCapture.Observe(context, hashing);
                await next(context);
                context.Items["sha256"] = Convert.ToHexString(hashing.GetHash());
            }
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
            public override void Write(ReadOnlySpan<byte> buffer)
            {
                _hash.AppendData(buffer);
                _inner.Write(buffer);
            }
        }

        public sealed class HashingObserver : ResponseObserver
        {
            private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            public byte[] GetHash() => _hash.GetHashAndReset();

            public override void OnWrite(ReadOnlySpan<byte> buffer)
            {
                _hash.AppendData(buffer);
            }
        }
        """,
        new DiagnosticResult(Descriptors.SNOOP007_ObservingWrapper).WithLocation(0).WithArguments("HashingStream"));

    [Fact]
    public Task Fires_Observes_TeeIntoALogStream() => Verify.VerifyAnalyzerAsync(
        Usings + """
        public class TeeMiddleware(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                await using var log = File.Create(Path.GetTempFileName());
                {|#0:context.Response.Body = new TeeStream(original, log)|};
                try { await next(context); }
                finally { context.Response.Body = original; }
            }
        }

        public sealed class TeeStream : Stream
        {
            private readonly Stream _inner;
            private readonly Stream _copy;
            public TeeStream(Stream inner, Stream copy) { _inner = inner; _copy = copy; }
        """ + WriteOnly + """
            public override void Write(byte[] buffer, int offset, int count)
            {
                _copy.Write(buffer, offset, count);
                _inner.Write(buffer, offset, count);
            }
            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                await _copy.WriteAsync(buffer, offset, count, cancellationToken);
                await _inner.WriteAsync(buffer, offset, count, cancellationToken);
            }
        }
        """,
        new DiagnosticResult(Descriptors.SNOOP007_ObservingWrapper).WithLocation(0).WithArguments("TeeStream"));

    [Fact]
    public Task Fires_Observes_CounterReportedByTheWrapperItself() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class M(RequestDelegate next, ILogger<M> logger)
        {
            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                await using var counting = new ReportingStream(original, logger);
                {|SNOOP007:context.Response.Body = counting|};
                await next(context);
                context.Response.Body = original;
            }
        }

        public sealed class ReportingStream(Stream _inner, ILogger logger) : Stream
        {
            private long _count;
        """ + WriteOnly + """
            public override void Write(byte[] buffer, int offset, int count)
            {
                _count += count;
                _inner.Write(buffer, offset, count);
            }
            protected override void Dispose(bool disposing)
            {
                logger.LogInformation("{Count} bytes", _count);
                base.Dispose(disposing);
            }
        }
        """,
        Usings + """
        public class M(RequestDelegate next, ILogger<M> logger)
        {
            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                await using var counting = new ReportingStream(original, logger);
                {|SNOOP007:context.Response.Body = counting|};
                await next(context);
                context.Response.Body = original;
            }
        }

        public sealed class ReportingStream(Stream _inner, ILogger logger) : Stream
        {
            private long _count;
        """ + WriteOnly + """
            public override void Write(byte[] buffer, int offset, int count)
            {
                _count += count;
                _inner.Write(buffer, offset, count);
            }
            protected override void Dispose(bool disposing)
            {
                logger.LogInformation("{Count} bytes", _count);
                base.Dispose(disposing);
            }
        }
        """);

    [Fact]
    public Task Fires_Transforms_CompressorCreatedByTheWrapper() => Verify.VerifyAnalyzerAsync(
        Usings + """
        using System.IO.Compression;

        public class CompressMiddleware(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                context.Response.Headers.ContentEncoding = "gzip";
                await using var gzip = new GzipBody(original);
                {|#0:context.Response.Body = gzip|};
                try { await next(context); }
                finally { context.Response.Body = original; }
            }
        }

        public sealed class GzipBody : Stream
        {
            private readonly Stream _inner;
            private readonly GZipStream _gzip;
            public GzipBody(Stream inner) { _inner = inner; _gzip = new GZipStream(inner, CompressionLevel.Fastest, leaveOpen: true); }
        """ + WriteOnly + """
            public override void Write(byte[] buffer, int offset, int count) => _gzip.Write(buffer, offset, count);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _gzip.WriteAsync(buffer, offset, count, cancellationToken);
            protected override void Dispose(bool disposing) { _gzip.Dispose(); base.Dispose(disposing); }
        }
        """,
        new DiagnosticResult(Descriptors.SNOOP007_TransformingWrapper).WithLocation(0).WithArguments("GzipBody"));

    [Fact]
    public Task Fires_Transforms_ScriptInjection() => Verify.VerifyAnalyzerAsync(
        Usings + """
        public class BrowserLinkish(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                {|#0:context.Response.Body = new InjectingStream(original)|};
                try { await next(context); }
                finally { context.Response.Body = original; }
            }
        }

        public sealed class InjectingStream(Stream _inner) : Stream
        {
            private static readonly byte[] Script = System.Text.Encoding.UTF8.GetBytes("<script src=\"/_live.js\"></script>");
            private bool _injected;
        """ + WriteOnly + """
            public override void Write(byte[] buffer, int offset, int count)
            {
                if (!_injected)
                {
                    _injected = true;
                    _inner.Write(Script, 0, Script.Length);
                }

                _inner.Write(buffer, offset, count);
            }
        }
        """,
        new DiagnosticResult(Descriptors.SNOOP007_TransformingWrapper).WithLocation(0).WithArguments("InjectingStream"));

    /// <summary>
    /// Issue 11: a compressor made by a provider over the wrapped stream (the shape of ASP.NET Core's response compression)
    /// is an encoder, as <c>new GZipStream(inner)</c> is: the bytes written to it are not the bytes that reach the body.
    /// (It used to count as a tee into a second stream, an observation.)
    /// </summary>
    [Fact]
    public Task Fires_Transforms_EncoderMadeByAProviderOverTheWrappedStream() => Verify.VerifyAnalyzerAsync(
        Usings + """
        public interface ICompressor { Stream Wrap(Stream output); }

        public class Compress(RequestDelegate next, ICompressor compressor)
        {
            public async Task Invoke(HttpContext context)
            {
                var body = context.Response.Body;
                {|#0:context.Response.Body = new LazyCompressingStream(body, compressor)|};
                try { await next(context); }
                finally { context.Response.Body = body; }
            }
        }

        public sealed class LazyCompressingStream(Stream _inner, ICompressor compressor) : Stream
        {
            private Stream _compressed;
        """ + WriteOnly + """
            public override void Write(byte[] buffer, int offset, int count)
            {
                if (_compressed == null)
                {
                    _compressed = compressor.Wrap(_inner);
                }

                _compressed.Write(buffer, offset, count);
            }
        }
        """,
        new DiagnosticResult(Descriptors.SNOOP007_TransformingWrapper).WithLocation(0).WithArguments("LazyCompressingStream"));

    [Fact]
    public Task Fires_Transforms_BytesChangedInPlace() => Verify.VerifyAnalyzerAsync(
        Usings + """
        public class Upper(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                {|#0:context.Response.Body = new UpperCaseStream(context.Response.Body)|};
                await next(context);
            }
        }

        public sealed class UpperCaseStream(Stream _inner) : Stream
        {
        """ + WriteOnly + """
            public override void Write(byte[] buffer, int offset, int count)
            {
                for (var i = offset; i < offset + count; i++)
                {
                    if (buffer[i] >= (byte)'a' && buffer[i] <= (byte)'z') buffer[i] -= 32;
                }

                _inner.Write(buffer, offset, count);
            }
        }
        """,
        new DiagnosticResult(Descriptors.SNOOP007_TransformingWrapper).WithLocation(0).WithArguments("UpperCaseStream"));

    [Fact]
    public Task Fires_FeatureSet_StreamResponseBodyFeatureOverAWrapper_BecomesBeginMetrics() => Verify.VerifyCodeFixAsync(
        Usings + """
        using Microsoft.AspNetCore.Http.Features;

        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var originalFeature = context.Features.Get<IHttpResponseBodyFeature>()!;
                var counter = new CountingStream(originalFeature.Stream);
                {|SNOOP007:context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(counter, originalFeature))|};
                try { await next(context); }
                finally { context.Features.Set(originalFeature); }
            }
        }

        """ + CountingStream,
        Usings + """
        using Microsoft.AspNetCore.Http.Features;
        using Snoop;

        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                await using var capture = ResponseCapture.BeginMetrics(context);
                await next(context);
            }
        }

        """ + CountingStream);

    [Fact]
    public Task Fires_Observes_OverloadsDoDifferentThings_NoObserverFix() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class M(RequestDelegate next, ILogger<M> logger)
        {
            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                var audit = new AuditStream(original, logger);
                {|SNOOP007:context.Response.Body = audit|};
                try { await next(context); }
                finally { context.Response.Body = original; }
            }
        }

        public sealed class AuditStream(Stream _inner, ILogger logger) : Stream
        {
        """ + WriteOnly + """
            public override void Write(byte[] buffer, int offset, int count)
            {
                logger.LogDebug("array write {Count}", count);
                _inner.Write(buffer, offset, count);
            }
            public override void Write(ReadOnlySpan<byte> buffer)
            {
                Console.WriteLine(buffer.Length);
                _inner.Write(buffer);
            }
        }
        """,
        Usings + """
        public class M(RequestDelegate next, ILogger<M> logger)
        {
            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                var audit = new AuditStream(original, logger);
                {|SNOOP007:context.Response.Body = audit|};
                try { await next(context); }
                finally { context.Response.Body = original; }
            }
        }

        public sealed class AuditStream(Stream _inner, ILogger logger) : Stream
        {
        """ + WriteOnly + """
            public override void Write(byte[] buffer, int offset, int count)
            {
                logger.LogDebug("array write {Count}", count);
                _inner.Write(buffer, offset, count);
            }
            public override void Write(ReadOnlySpan<byte> buffer)
            {
                Console.WriteLine(buffer.Length);
                _inner.Write(buffer);
            }
        }
        """);

    [Fact]
    public Task Fires_Observes_LoggingWrapperWithConstructorArguments_BecomesAnObserver() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class M(RequestDelegate next, ILogger<M> logger)
        {
            public async Task Invoke(HttpContext context)
            {
                {|SNOOP007:context.Response.Body = new ChunkLoggingStream(context.Response.Body, logger, "out")|};
                await next(context);
            }
        }

        public sealed class ChunkLoggingStream : Stream
        {
            private readonly Stream _inner;
            private readonly ILogger _logger;
            private readonly string _name;
            public ChunkLoggingStream(Stream inner, ILogger logger, string name)
            {
                _inner = inner;
                _logger = logger;
                _name = name;
            }
        """ + WriteOnly + """
            public override void Write(byte[] buffer, int offset, int count)
            {
                _logger.LogDebug("{Name}: {Count} bytes", _name, count);
                _inner.Write(buffer, offset, count);
            }
            public override void Write(ReadOnlySpan<byte> buffer)
            {
                _logger.LogDebug("{Name}: {Count} bytes", _name, buffer.Length);
                _inner.Write(buffer);
            }
            public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            {
                _logger.LogDebug("{Name}: {Count} bytes", _name, buffer.Length);
                await _inner.WriteAsync(buffer, cancellationToken);
            }
        }
        """,
        UsingsWithSnoop + """
        public class M(RequestDelegate next, ILogger<M> logger)
        {
            public async Task Invoke(HttpContext context)
            {
                await using var capture = ResponseCapture.Observe(context, new ChunkLoggingObserver(logger, "out"));
                await next(context);
            }
        }

        public sealed class ChunkLoggingStream : Stream
        {
            private readonly Stream _inner;
            private readonly ILogger _logger;
            private readonly string _name;
            public ChunkLoggingStream(Stream inner, ILogger logger, string name)
            {
                _inner = inner;
                _logger = logger;
                _name = name;
            }
        """ + WriteOnly + """
            public override void Write(byte[] buffer, int offset, int count)
            {
                _logger.LogDebug("{Name}: {Count} bytes", _name, count);
                _inner.Write(buffer, offset, count);
            }
            public override void Write(ReadOnlySpan<byte> buffer)
            {
                _logger.LogDebug("{Name}: {Count} bytes", _name, buffer.Length);
                _inner.Write(buffer);
            }
            public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            {
                _logger.LogDebug("{Name}: {Count} bytes", _name, buffer.Length);
                await _inner.WriteAsync(buffer, cancellationToken);
            }
        }

        public sealed class ChunkLoggingObserver : ResponseObserver
        {
            private readonly ILogger _logger;
            private readonly string _name;
            public ChunkLoggingObserver(ILogger logger, string name)
            {
                _logger = logger;
                _name = name;
            }

            public override void OnWrite(ReadOnlySpan<byte> buffer)
            {
                _logger.LogDebug("{Name}: {Count} bytes", _name, buffer.Length);
            }
        }
        """);

    [Fact]
    public Task Fires_InternalWrapperWithNoOtherUse_IsRemovedByTheFix() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var counting = new PrivateCounter(context.Response.Body);
                {|SNOOP007:context.Response.Body = counting|};
                await next(context);
                Console.WriteLine(counting.Count);
            }
        }

        internal sealed class PrivateCounter(Stream _inner) : Stream
        {
            public long Count { get; private set; }
        """ + WriteOnly + """
            public override void Write(byte[] buffer, int offset, int count)
            {
                Count += count;
                _inner.Write(buffer, offset, count);
            }
            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                Count += count;
                await _inner.WriteAsync(buffer, offset, count, cancellationToken);
            }
        }
        """,
        UsingsWithSnoop + """
        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                await using var capture = ResponseCapture.BeginMetrics(context);
                await next(context);
                Console.WriteLine(capture.BytesWritten);
            }
        }

        """);
}
