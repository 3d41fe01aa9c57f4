using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.BodyReplacedByWrapperRule>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>SNOOP007: shapes that must stay silent (precision first: silent cases outnumber firing ones).</summary>
public class BodyReplacedByWrapperSilentTests
{
    private const string Usings = BodyReplacedByWrapperTests.Usings;
    private const string WriteOnly = BodyReplacedByWrapperTests.WriteOnly;
    private const string CountingStream = BodyReplacedByWrapperTests.CountingStream;

    [Fact]
    public Task Silent_MemoryStreamSubclass_IsSnoop001s() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class CapturingStream : MemoryStream
        {
            public CapturingStream(Stream original) { Original = original; }
            public Stream Original { get; }
        }

        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                context.Response.Body = new CapturingStream(original);
                try { await next(context); }
                finally { context.Response.Body = original; }
            }
        }
        """);

    [Fact]
    public Task Silent_WrapperThatBuffersAndCopiesOnDispose() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class SpoolingStream(Stream _inner) : Stream
        {
            private readonly MemoryStream _buffer = new();
        """ + WriteOnly + """
            public override void Write(byte[] buffer, int offset, int count) => _buffer.Write(buffer, offset, count);
            protected override void Dispose(bool disposing)
            {
                _buffer.Position = 0;
                _buffer.CopyTo(_inner);
                _inner.Write(_buffer.GetBuffer(), 0, 0);
                base.Dispose(disposing);
            }
        }

        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                await using var spool = new SpoolingStream(original);
                context.Response.Body = spool;
                try { await next(context); }
                finally { context.Response.Body = original; }
            }
        }
        """);

    [Fact]
    public Task Silent_FrameworkStreamOverTheBody() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.IO.Compression;

        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                await using var gzip = new GZipStream(original, CompressionLevel.Fastest);
                context.Response.Body = gzip;
                try { await next(context); }
                finally { context.Response.Body = original; }
            }
        }
        """);

    [Fact]
    public Task Silent_WrapperOverSomethingElseThanTheBody() => Verify.VerifyAnalyzerAsync(Usings + """
        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                var file = File.Create(Path.GetTempFileName());
                context.Response.Body = new CountingStream(file);
                try { await next(context); }
                finally { context.Response.Body = original; }
            }
        }

        """ + CountingStream);

    [Fact]
    public Task Silent_RequestBodyWrapped() => Verify.VerifyAnalyzerAsync(Usings + """
        public class M(RequestDelegate next)
        {
            public Task Invoke(HttpContext context)
            {
                context.Request.Body = new CountingStream(context.Request.Body);
                return next(context);
            }
        }

        """ + CountingStream);

    [Fact]
    public Task Silent_TestSetUpOnADefaultHttpContext() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Tests
        {
            public long Run()
            {
                var context = new DefaultHttpContext();
                var counting = new CountingStream(context.Response.Body);
                context.Response.Body = counting;
                context.Response.Body.Write(new byte[3], 0, 3);
                return counting.BytesWritten;
            }
        }

        """ + CountingStream);

    [Fact]
    public Task Silent_WrapperCreatedButNotInstalled() => Verify.VerifyAnalyzerAsync(Usings + """
        public class M
        {
            public async Task Write(HttpContext context, byte[] payload)
            {
                await using var counting = new CountingStream(context.Response.Body);
                await counting.WriteAsync(payload);
                context.Response.Headers["X-Written"] = counting.BytesWritten.ToString();
            }
        }

        """ + CountingStream);

    [Fact]
    public Task Silent_TheRuntimeAlready() => Verify.VerifyAnalyzerAsync(Usings + """
        public class M(RequestDelegate next, ILogger<M> logger)
        {
            public async Task Invoke(HttpContext context)
            {
                await using var capture = Snoop.ResponseCapture.BeginMetrics(context);
                await next(context);
                logger.LogInformation("{Bytes}", capture.BytesWritten);
            }
        }
        """);

    [Fact]
    public Task Silent_RestoreOnly() => Verify.VerifyAnalyzerAsync(Usings + """
        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context, Stream saved)
            {
                await next(context);
                context.Response.Body = saved;
            }
        }
        """);

    [Fact]
    public Task Silent_FeatureSetOverAMemoryStream() => Verify.VerifyAnalyzerAsync(Usings + """
        using Microsoft.AspNetCore.Http.Features;

        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var original = context.Features.Get<IHttpResponseBodyFeature>()!;
                using var buffer = new MemoryStream();
                context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer, original));
                try { await next(context); }
                finally { context.Features.Set(original); }
            }
        }
        """);

    /// <summary>
    /// Issue 11: without the previous feature SNOOP004 reports the call (it loses everything this rule names, and
    /// DisableBuffering and the server's completion too); one call, one diagnostic. With the previous feature this rule
    /// reports it (BodyReplacedByWrapperTests.Fires_FeatureSet_StreamResponseBodyFeatureOverAWrapper_BecomesBeginMetrics).
    /// </summary>
    [Fact]
    public Task Silent_FeatureSetWithoutThePreviousFeature_IsSnoop004s() => Verify.VerifyAnalyzerAsync(Usings + """
        using Microsoft.AspNetCore.Http.Features;

        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var originalFeature = context.Features.Get<IHttpResponseBodyFeature>()!;
                var counter = new CountingStream(originalFeature.Stream);
                context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(counter));
                try { await next(context); }
                finally { context.Features.Set(originalFeature); }
            }
        }

        public class N(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var originalFeature = context.Features.Get<IHttpResponseBodyFeature>()!;
                context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(new CountingStream(originalFeature.Stream), null));
                try { await next(context); }
                finally { context.Features.Set(originalFeature); }
            }
        }

        """ + CountingStream);

    [Fact]
    public Task Silent_FeatureSetOnAFreshCollection() => Verify.VerifyAnalyzerAsync(Usings + """
        using Microsoft.AspNetCore.Http.Features;

        public class Tests
        {
            public IFeatureCollection Build(Stream body)
            {
                var features = new FeatureCollection();
                features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(new CountingStream(body)));
                return features;
            }
        }

        """ + CountingStream);

    [Fact]
    public Task Silent_FeatureDecoratedTheFrameworkWay() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.IO.Pipelines;
        using Microsoft.AspNetCore.Http.Features;

        public sealed class CountingFeature(IHttpResponseBodyFeature inner) : Snoop.DelegatingResponseBodyFeature(inner)
        {
        }

        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                using var scope = Snoop.ResponseCapture.Decorate(context, f => new CountingFeature(f));
                await next(context);
            }
        }
        """);

    [Fact]
    public Task Silent_InExcludedRegion() => Verify.VerifyAnalyzerAsync(Usings + """
        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
        #if NEVER
                context.Response.Body = new CountingStream(context.Response.Body);
        #endif
                await next(context);
            }
        }

        """ + CountingStream);

    [Fact]
    public Task Silent_SinkThatNeverReachesTheInner() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class HeadRequestSink(Stream _inner) : Stream
        {
            public long Discarded { get; private set; }
        """ + WriteOnly + """
            public override void Write(byte[] buffer, int offset, int count) => Discarded += count;
        }

        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                context.Response.Body = new HeadRequestSink(original);
                try { await next(context); }
                finally { context.Response.Body = original; }
            }
        }
        """);

    [Fact]
    public Task Silent_BrokenCodeDoesNotThrow() => Verify.VerifyAnalyzerAsync(Usings + """
        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                context.Response.Body = new {|CS0246:Missing|}(context.Response.Body);
                context.Response.Body = new CountingStream({|CS1503:context|});
                await next(context);
            }
        }

        """ + CountingStream);

    [Fact]
    public Task Silent_WrapperThatKeepsTheBytesInAListAndWritesThemOnFlush() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.Collections.Generic;

        public sealed class DeferredStream(Stream _inner) : Stream
        {
            private readonly List<byte> _pending = new();
        """ + WriteOnly.Replace("public override void Flush() => _inner.Flush();", "public override void Flush() { _inner.Write(_pending.ToArray(), 0, _pending.Count); _pending.Clear(); _inner.Flush(); }") + """
            public override void Write(byte[] buffer, int offset, int count) => _pending.AddRange(new ArraySegment<byte>(buffer, offset, count));
        }

        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                context.Response.Body = new DeferredStream(original);
                try { await next(context); }
                finally { context.Response.Body = original; }
            }
        }
        """);

    [Fact]
    public Task Silent_StreamThatIsItsOwnFeature_InstalledAsAFeature() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.IO.Pipelines;
        using Microsoft.AspNetCore.Http.Features;

        public sealed class CompressionLikeBody(IHttpResponseBodyFeature inner) : Stream, IHttpResponseBodyFeature
        {
            private readonly Stream _inner = inner.Stream;
        """ + WriteOnly + """
            public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
            public Stream Stream => this;
            public PipeWriter Writer => inner.Writer;
            public void DisableBuffering() => inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => inner.SendFileAsync(path, offset, count, cancellationToken);
            public Task CompleteAsync() => inner.CompleteAsync();
        }

        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                context.Features.Set<IHttpResponseBodyFeature>(new CompressionLikeBody(previous));
                try { await next(context); }
                finally { context.Features.Set(previous); }
            }
        }
        """);

    [Fact]
    public Task Silent_NullStreamForHeadRequests() => Verify.VerifyAnalyzerAsync(Usings + """
        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                if (HttpMethods.IsHead(context.Request.Method))
                {
                    context.Response.Body = Stream.Null;
                }

                await next(context);
            }
        }
        """);
}
