using Microsoft.CodeAnalysis.Testing;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.BodyReplacedByWrapperRule, Snoop.CodeFixes.Rules.BodyReplacedByWrapperCodeFix>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>
/// SNOOP007's two-argument feature form, <c>Features.Set&lt;IHttpResponseBodyFeature&gt;(new StreamResponseBodyFeature(w, previous))</c>:
/// the fix rewrites it like the <c>Response.Body</c> form, and the previous feature's read and restore go with it.
/// </summary>
public class BodyReplacedByWrapperFeatureSetTests
{
    private const string Usings = BodyReplacedByWrapperTests.Usings;
    private const string WriteOnly = BodyReplacedByWrapperTests.WriteOnly;
    private const string CountingStream = BodyReplacedByWrapperTests.CountingStream;

    private const string FeatureUsings = Usings + "using Microsoft.AspNetCore.Http.Features;\n";

    private const string FeatureUsingsWithSnoop = Usings + "using Microsoft.AspNetCore.Http.Features;\nusing Snoop;\n";

    [Fact]
    public Task Fix_FeatureSet_ClassMiddleware_TryFinallyRestore_BecomesBeginMetrics() => Verify.VerifyCodeFixStrictAsync(
        FeatureUsings + """
        public class ResponseSizeMiddleware(RequestDelegate next, ILogger<ResponseSizeMiddleware> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalFeature = context.Features.Get<IHttpResponseBodyFeature>()!;
                var counter = new CountingStream(originalFeature.Stream);
                {|SNOOP007:context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(counter, originalFeature))|};
                try
                {
                    await next(context);
                }
                finally
                {
                    context.Features.Set(originalFeature);
                }

                logger.LogInformation("{Path}: {Bytes} bytes", context.Request.Path, counter.BytesWritten);
            }
        }

        """ + CountingStream,
        FeatureUsingsWithSnoop + """
        public class ResponseSizeMiddleware(RequestDelegate next, ILogger<ResponseSizeMiddleware> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                await using var capture = ResponseCapture.BeginMetrics(context);
                await next(context);

                logger.LogInformation("{Path}: {Bytes} bytes", context.Request.Path, capture.BytesWritten);
            }
        }

        """ + CountingStream);

    [Fact]
    public Task Fix_FeatureSet_AppUseLambda_InlineWrapperAndGet_NoRestore_BecomesBeginMetrics() => Verify.VerifyCodeFixStrictAsync(
        FeatureUsings + """
        using Microsoft.AspNetCore.Builder;

        public static class Setup
        {
            public static void Configure(IApplicationBuilder app)
            {
                app.Use(async (context, next) =>
                {
                    {|SNOOP007:context.Features.Set<IHttpResponseBodyFeature>(
                        new StreamResponseBodyFeature(new CountingStream(context.Response.Body), context.Features.Get<IHttpResponseBodyFeature>()!))|};
                    await next(context);
                });
            }
        }

        """ + CountingStream,
        FeatureUsings + "using Microsoft.AspNetCore.Builder;\nusing Snoop;\n" + """

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

        """ + CountingStream);

    [Fact]
    public Task Fix_FeatureSet_IMiddleware_UsingWrapper_RestoreWithTypeArgument_BecomesBeginMetrics() => Verify.VerifyCodeFixStrictAsync(
        FeatureUsings + """
        public sealed class MeterMiddleware(ILogger<MeterMiddleware> logger) : IMiddleware
        {
            public async Task InvokeAsync(HttpContext context, RequestDelegate next)
            {
                var previous = context.Features.Get<IHttpResponseBodyFeature>();
                await using var meter = new CountingStream(context.Response.Body);
                {|SNOOP007:context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(meter, previous!))|};
                await next(context);
                await meter.FlushAsync();
                context.Features.Set<IHttpResponseBodyFeature>(previous);
                logger.LogInformation("Response size {Size}", meter.BytesWritten);
            }
        }

        """ + CountingStream,
        FeatureUsingsWithSnoop + """
        public sealed class MeterMiddleware(ILogger<MeterMiddleware> logger) : IMiddleware
        {
            public async Task InvokeAsync(HttpContext context, RequestDelegate next)
            {
                await using var capture = ResponseCapture.BeginMetrics(context);
                await next(context);
                logger.LogInformation("Response size {Size}", capture.BytesWritten);
            }
        }

        """ + CountingStream);

    [Fact]
    public Task Fix_FeatureSet_Observes_HashingWrapper_BecomesAnObserver() => Verify.VerifyCodeFixStrictAsync(
        FeatureUsings + """
        using System.Security.Cryptography;

        public class ETagMiddleware(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                var hashing = new HashingStream(previous.Stream);
                {|#0:context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(hashing, previous))|};
                try { await next(context); }
                finally { context.Features.Set(previous); }
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
        FeatureUsings + """
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
    public Task Fix_All_BodyAndFeatureFormsInOneFile() => new Verify.Test
    {
        TestCode = FeatureUsings + """
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
                public async Task Invoke(HttpContext httpContext)
                {
                    var previous = httpContext.Features.Get<IHttpResponseBodyFeature>()!;
                    var counting = new CountingStream(previous.Stream);
                    {|SNOOP007:httpContext.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(counting, previous))|};
                    try
                    {
                        await next(httpContext);
                    }
                    finally
                    {
                        httpContext.Features.Set(previous);
                        Console.WriteLine(counting.BytesWritten);
                    }
                }
            }

            """ + CountingStream,
        FixedCode = FeatureUsingsWithSnoop + """
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
                public async Task Invoke(HttpContext httpContext)
                {
                    await using var capture = ResponseCapture.BeginMetrics(httpContext);
                    try
                    {
                        await next(httpContext);
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
    public Task Fires_FeatureSet_PreviousFeatureUsedOtherwise_NoFix() => Verify.VerifyCodeFixAsync(
        FeatureUsings + """
        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                var counter = new CountingStream(previous.Stream);
                {|SNOOP007:context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(counter, previous))|};
                try { await next(context); }
                finally
                {
                    await previous.CompleteAsync();
                    context.Features.Set(previous);
                }
            }
        }

        """ + CountingStream,
        FeatureUsings + """
        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                var counter = new CountingStream(previous.Stream);
                {|SNOOP007:context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(counter, previous))|};
                try { await next(context); }
                finally
                {
                    await previous.CompleteAsync();
                    context.Features.Set(previous);
                }
            }
        }

        """ + CountingStream);

    [Fact]
    public Task Fires_FeatureSet_Transforms_NoFix() => Verify.VerifyCodeFixAsync(
        FeatureUsings + """
        using System.IO.Compression;

        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                await using var gzip = new GzipBody(previous.Stream);
                {|#0:context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(gzip, previous))|};
                try { await next(context); }
                finally { context.Features.Set(previous); }
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
        FeatureUsings + """
        using System.IO.Compression;

        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                await using var gzip = new GzipBody(previous.Stream);
                {|#0:context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(gzip, previous))|};
                try { await next(context); }
                finally { context.Features.Set(previous); }
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

    // ---------------------------------------------------------------- silent look-alikes

    [Fact]
    public Task Silent_FeatureSet_StreamFeatureOverThePreviousStreamItself() => Verify.VerifyAnalyzerAsync(FeatureUsings + """
        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                // A test seam re-installing the same stream: no wrapper, nothing observed.
                var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(previous.Stream, previous));
                try { await next(context); }
                finally { context.Features.Set(previous); }
            }
        }
        """);

    [Fact]
    public Task Silent_FeatureSet_WrapperOverAnotherStream() => Verify.VerifyAnalyzerAsync(FeatureUsings + """
        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                // The body goes to a file, counted; not the response's own stream being observed.
                var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                await using var file = File.Create(Path.GetTempFileName());
                context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(new CountingStream(file), previous));
                try { await next(context); }
                finally { context.Features.Set(previous); }
            }
        }

        """ + CountingStream);

    [Fact]
    public Task Silent_FeatureSet_FeatureOfAnotherInterface() => Verify.VerifyAnalyzerAsync(FeatureUsings + """
        public sealed class Marker { public Stream? Body { get; set; } }

        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                // Another feature type keyed by the collection: not the response body.
                context.Features.Set(new Marker { Body = new CountingStream(context.Response.Body) });
                await next(context);
            }
        }

        """ + CountingStream);

    [Fact]
    public Task Silent_FeatureSet_OnATestContext() => Verify.VerifyAnalyzerAsync(FeatureUsings + """
        public static class Harness
        {
            public static DefaultHttpContext Create()
            {
                var context = new DefaultHttpContext();
                var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(new CountingStream(previous.Stream), previous));
                return context;
            }
        }

        """ + CountingStream);
}
