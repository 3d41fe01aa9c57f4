using Microsoft.CodeAnalysis;
using Snoop.Analyzers.Rules;
using Snoop.Analyzers.Tests.Infrastructure;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.BufferedResponseBodyRule>;
using VerifyFix = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.BufferedResponseBodyRule, Snoop.CodeFixes.Rules.BufferedResponseBodyCodeFix>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>SNOOP001: where it fires and where it stays silent (fixes are in BufferedResponseBodyFixTests).</summary>
public class BufferedResponseBodyTests
{
    internal const string Usings = """
        using System;
        using System.IO;
        using System.Text;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        """;

    // ------------------------------------------------------------------ fires

    [Fact]
    public Task Fires_ClassMiddleware_TryFinally() => Verify.VerifyAnalyzerAsync(Usings + """
        public class ResponseLoggingMiddleware
        {
            private readonly RequestDelegate _next;
            private readonly ILogger _logger;

            public ResponseLoggingMiddleware(RequestDelegate next, ILogger<ResponseLoggingMiddleware> logger)
            {
                _next = next;
                _logger = logger;
            }

            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP001:context.Response.Body = buffer|};
                try
                {
                    await _next(context);
                    buffer.Seek(0, SeekOrigin.Begin);
                    var text = await new StreamReader(buffer).ReadToEndAsync();
                    buffer.Seek(0, SeekOrigin.Begin);
                    _logger.LogInformation("Response: {Body}", text);
                    await buffer.CopyToAsync(originalBody);
                }
                finally
                {
                    context.Response.Body = originalBody;
                }
            }
        }
        """);

    [Fact]
    public Task Fires_IMiddleware_UsingBlock() => Verify.VerifyAnalyzerAsync(Usings + """
        public class BodyLogger : IMiddleware
        {
            public async Task InvokeAsync(HttpContext context, RequestDelegate next)
            {
                var originalBodyStream = context.Response.Body;
                using (var responseBody = new MemoryStream())
                {
                    {|SNOOP001:context.Response.Body = responseBody|};
                    await next(context);
                    responseBody.Position = 0;
                    string text = new StreamReader(responseBody).ReadToEnd();
                    responseBody.Position = 0;
                    Console.WriteLine(text);
                    await responseBody.CopyToAsync(originalBodyStream);
                }
                context.Response.Body = originalBodyStream;
            }
        }
        """);

    [Fact]
    public Task MessageNamesTheBufferType() => Verify.VerifyAnalyzerAsync(
        Usings + """
        public class PooledStream : MemoryStream { }

        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                var pooled = new PooledStream();
                {|#0:context.Response.Body = pooled|};
                await next(context);
                pooled.Position = 0;
                await pooled.CopyToAsync(original);
                context.Response.Body = original;
            }
        }
        """,
        Verify.Diagnostic(Descriptors.SNOOP001_BufferedResponseBody).WithLocation(0).WithArguments("PooledStream"));

    [Fact]
    public Task Envelope_FiresWithoutFixAndSaysWhy() => Verify.VerifyAnalyzerAsync(
        Usings + """
        public class EnvelopeMiddleware(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                using var buffer = new MemoryStream();
                {|#0:context.Response.Body = buffer|};
                try
                {
                    await next(context);
                    buffer.Seek(0, SeekOrigin.Begin);
                    var text = await new StreamReader(buffer).ReadToEndAsync();
                    var bytes = Encoding.UTF8.GetBytes("{\"data\":" + text + "}");
                    context.Response.ContentLength = bytes.Length;
                    await originalBody.WriteAsync(bytes);
                }
                finally
                {
                    context.Response.Body = originalBody;
                }
            }
        }
        """,
        Verify.Diagnostic(Descriptors.SNOOP001_BytesChanged).WithLocation(0).WithArguments("MemoryStream"));

    // ------------------------------------------------------------------ fires, but no fix (the fixed state equals the input)

    private static Task NoFix(string source) => VerifyFix.VerifyCodeFixAsync(source, source);

    [Fact]
    public Task Fires_Envelope_NoFix() => NoFix(Usings + """
        public class EnvelopeMiddleware(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP001:context.Response.Body = buffer|};
                try
                {
                    await next(context);
                    buffer.Seek(0, SeekOrigin.Begin);
                    var text = await new StreamReader(buffer).ReadToEndAsync();
                    var bytes = Encoding.UTF8.GetBytes("{\"data\":" + text + "}");
                    await originalBody.WriteAsync(bytes);
                }
                finally
                {
                    context.Response.Body = originalBody;
                }
            }
        }
        """);

    private const string MinifierSource = """
        public class MinifyMiddleware(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                using var buffer = new MemoryStream();
                {|#0:context.Response.Body = buffer|};
                await next(context);
                buffer.Position = 0;
                var html = await new StreamReader(buffer).ReadToEndAsync();
                var minified = System.Text.RegularExpressions.Regex.Replace(html, @">\s+<", "><");
                context.Response.Body = originalBody;
                await context.Response.WriteAsync(minified);
            }
        }
        """;

    [Fact]
    public Task Fires_Minifier_WritesThroughResponseAfterRestore_SaysWhy() => Verify.VerifyAnalyzerAsync(
        Usings + MinifierSource,
        Verify.Diagnostic(Descriptors.SNOOP001_BytesChanged).WithLocation(0).WithArguments("MemoryStream"));

    [Fact]
    public Task Fires_Minifier_NoFix() => NoFix(Usings + MinifierSource.Replace("{|#0:", "{|SNOOP001:"));

    private const string InjectionSource = """
        public class ScriptInjection(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                using var buffer = new MemoryStream();
                {|#0:context.Response.Body = buffer|};
                try
                {
                    await next(context);
                    buffer.Position = 0;
                    var html = new StreamReader(buffer).ReadToEnd();
                    html = html.Replace("</body>", "<script src=\"/_reload.js\"></script></body>");
                    using var writer = new StreamWriter(originalBody);
                    await writer.WriteAsync(html);
                }
                finally
                {
                    context.Response.Body = originalBody;
                }
            }
        }
        """;

    [Fact]
    public Task Fires_Injection_ThroughStreamWriter_SaysWhy() => Verify.VerifyAnalyzerAsync(
        Usings + InjectionSource,
        Verify.Diagnostic(Descriptors.SNOOP001_BytesChanged).WithLocation(0).WithArguments("MemoryStream"));

    [Fact]
    public Task Fires_Injection_NoFix() => NoFix(Usings + InjectionSource.Replace("{|#0:", "{|SNOOP001:"));

    [Fact]
    public Task Fires_CompressingIntoTheOriginal_NoFix() => NoFix(Usings + """
        public class Gzip(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP001:context.Response.Body = buffer|};
                try
                {
                    await next(context);
                    buffer.Position = 0;
                    await using var gzip = new System.IO.Compression.GZipStream(originalBody, System.IO.Compression.CompressionLevel.Fastest);
                    await buffer.CopyToAsync(gzip);
                }
                finally
                {
                    context.Response.Body = originalBody;
                }
            }
        }
        """);

    [Fact]
    public Task Fires_BufferHandedToAHelper_NoFix() => NoFix(Usings + """
        public class Helper(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var originalBodyStream = context.Response.Body;
                using (var responseBody = new MemoryStream())
                {
                    {|SNOOP001:context.Response.Body = responseBody|};
                    await next(context);
                    var response = await FormatResponse(context.Response);
                    Console.WriteLine(response);
                    await responseBody.CopyToAsync(originalBodyStream);
                }
            }

            private static async Task<string> FormatResponse(HttpResponse response)
            {
                response.Body.Seek(0, SeekOrigin.Begin);
                var text = await new StreamReader(response.Body).ReadToEndAsync();
                response.Body.Seek(0, SeekOrigin.Begin);
                return $"{response.StatusCode}: {text}";
            }
        }
        """);

    [Fact]
    public Task Fires_InlineMemoryStream_NoFix() => NoFix(Usings + """
        public class Inline(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                {|SNOOP001:context.Response.Body = new MemoryStream()|};
                await next(context);
                context.Response.Body.Position = 0;
                await context.Response.Body.CopyToAsync(original);
                context.Response.Body = original;
            }
        }
        """);

    [Fact]
    public Task Fires_OriginalFeatureKept_NoFix() => NoFix(Usings + """
        using Microsoft.AspNetCore.Http.Features;

        public class FeatureKept(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var originalFeature = context.Features.Get<IHttpResponseBodyFeature>()!;
                using var buffer = new MemoryStream();
                {|SNOOP001:context.Response.Body = buffer|};
                try
                {
                    await next(context);
                    buffer.Position = 0;
                    await buffer.CopyToAsync(originalFeature.Stream);
                }
                finally
                {
                    context.Features.Set(originalFeature);
                }
            }
        }
        """);

    [Fact]
    public Task Fires_PreprocessorDirectiveInTheBlock_NoFix() => NoFix(Usings + """
        public class WithDirective(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP001:context.Response.Body = buffer|};
                await next(context);
        #if DEBUG
                buffer.Position = 0;
                Console.WriteLine(new StreamReader(buffer).ReadToEnd());
        #endif
                buffer.Position = 0;
                await buffer.CopyToAsync(original);
                context.Response.Body = original;
            }
        }
        """);

    [Fact]
    public Task Fires_NeverCopiedBack_NoFix() => NoFix(Usings + """
        public class Swallow(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP001:context.Response.Body = buffer|};
                try
                {
                    await next(context);
                    Console.WriteLine(buffer.Length);
                }
                finally
                {
                    context.Response.Body = original;
                }
            }
        }
        """);

    [Fact]
    public Task Fires_BufferReadInACallback_NoFix() => NoFix(Usings + """
        public class Callback(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                var buffer = new MemoryStream();
                {|SNOOP001:context.Response.Body = buffer|};
                context.Response.OnCompleted(() => { Console.WriteLine(buffer.Length); return Task.CompletedTask; });
                await next(context);
                buffer.Position = 0;
                await buffer.CopyToAsync(original);
                context.Response.Body = original;
            }
        }
        """);

    private const string HeaderAfterHandlerSource = """
        public class LengthHeader(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                {|#0:context.Response.Body = buffer|};
                try
                {
                    await next(context);
                    context.Response.Headers["X-Body-Length"] = buffer.Length.ToString();
                    context.Response.ContentLength = buffer.Length;
                    buffer.Position = 0;
                    await buffer.CopyToAsync(original);
                }
                finally
                {
                    context.Response.Body = original;
                }
            }
        }
        """;

    [Fact]
    public Task Fires_HeadersSetAfterTheHandler_SaysWhy() => Verify.VerifyAnalyzerAsync(
        Usings + HeaderAfterHandlerSource,
        Verify.Diagnostic(Descriptors.SNOOP001_HeadersChanged).WithLocation(0).WithArguments("MemoryStream"));

    [Fact]
    public Task Fires_HeadersSetAfterTheHandler_NoFix() => NoFix(Usings + HeaderAfterHandlerSource.Replace("{|#0:", "{|SNOOP001:"));

    [Fact]
    public Task Fires_CompileErrorInAClauseTheFixRemoves_NoFix() => NoFix(Usings + """
        public class Broken(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP001:context.Response.Body = buffer|};
                try
                {
                    await next(context);
                    buffer.Position = 0;
                    await buffer.CopyToAsync(original);
                    context.Response.Body = original;
                }
                catch ({|CS0246:RequestAbortedException|})
                {
                    context.Response.Body = original;
                    throw;
                }
            }
        }
        """);

    [Fact]
    public Task Fires_BufferReadOutsideTheBlockOfTheSwap_NoFix() => NoFix(Usings + """
        public class Optional(RequestDelegate next, bool enabled)
        {
            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                if (enabled)
                {
                    {|SNOOP001:context.Response.Body = buffer|};
                }

                await next(context);
                Console.WriteLine(buffer.Length);
                buffer.Position = 0;
                await buffer.CopyToAsync(original);
                context.Response.Body = original;
            }
        }
        """);

    // ------------------------------------------------------------------ silent

    public static TheoryData<string, string> SilentCases() => new()
    {
        { "UnitTest: DefaultHttpContext gets a MemoryStream body", """
            public class Tests
            {
                public void Arrange()
                {
                    var ctx = new DefaultHttpContext();
                    ctx.Response.Body = new MemoryStream();
                }
            }
            """ },
        { "UnitTest: DefaultHttpContext, original kept", """
            public class Tests
            {
                public async Task Arrange()
                {
                    var ctx = new DefaultHttpContext();
                    var original = ctx.Response.Body;
                    var body = new MemoryStream();
                    ctx.Response.Body = body;
                    await ctx.Response.WriteAsync("x");
                    ctx.Response.Body = original;
                }
            }
            """ },
        { "UnitTest: HttpContext-typed local built as DefaultHttpContext", """
            public class Tests
            {
                public void Arrange()
                {
                    HttpContext ctx = new DefaultHttpContext();
                    var original = ctx.Response.Body;
                    ctx.Response.Body = new MemoryStream();
                }
            }
            """ },
        { "UnitTest: object initializer", """
            public class Tests
            {
                public HttpContext Arrange() => new DefaultHttpContext { Response = { Body = new MemoryStream() } };
            }
            """ },
        { "UnitTest: DefaultHttpContext field", """
            public class Tests
            {
                private readonly DefaultHttpContext _context = new();

                public void Arrange()
                {
                    var original = _context.Response.Body;
                    _context.Response.Body = new MemoryStream();
                }
            }
            """ },
        { "UnitTest: helper taking a DefaultHttpContext", """
            public static class TestHelpers
            {
                public static MemoryStream CaptureBody(DefaultHttpContext ctx)
                {
                    var original = ctx.Response.Body;
                    var body = new MemoryStream();
                    ctx.Response.Body = body;
                    return body;
                }
            }
            """ },
        { "#if false region", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
            #if false
                    var original = context.Response.Body;
                    using var buffer = new MemoryStream();
                    context.Response.Body = buffer;
            #endif
                    await next(context);
                }
            }
            """ },
        { "commented-out template", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    // var original = context.Response.Body;
                    // using var buffer = new MemoryStream();
                    // context.Response.Body = buffer;
                    await next(context);
                }
            }
            """ },
        { "block-commented template", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    /*
                    var original = context.Response.Body;
                    context.Response.Body = new MemoryStream();
                    */
                    await next(context);
                }
            }
            """ },
        { "writes to Response.Body without replacing it", """
            public class M
            {
                public async Task Invoke(HttpContext context)
                {
                    var bytes = Encoding.UTF8.GetBytes("hello");
                    await context.Response.Body.WriteAsync(bytes);
                }
            }
            """ },
        { "StreamWriter over Response.Body", """
            public class M
            {
                public async Task Invoke(HttpContext context)
                {
                    var body = context.Response.Body;
                    await using var writer = new StreamWriter(body);
                    await writer.WriteAsync("hello");
                }
            }
            """ },
        { "flushes Response.Body", """
            public class M
            {
                public Task Invoke(HttpContext context) => context.Response.Body.FlushAsync();
            }
            """ },
        { "reads the body into a MemoryStream it does not install", """
            public class M
            {
                public async Task<byte[]> Snapshot(HttpContext context, Stream source)
                {
                    var original = context.Response.Body;
                    using var copy = new MemoryStream();
                    await source.CopyToAsync(copy);
                    await copy.CopyToAsync(original);
                    return copy.ToArray();
                }
            }
            """ },
        { "non-buffering wrapper (SNOOP007's business)", """
            public class CountingStream(Stream inner) : Stream
            {
                public long Count;
                public override bool CanRead => false;
                public override bool CanSeek => false;
                public override bool CanWrite => true;
                public override long Length => throw new NotSupportedException();
                public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
                public override void Flush() => inner.Flush();
                public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
                public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
                public override void SetLength(long value) => throw new NotSupportedException();
                public override void Write(byte[] buffer, int offset, int count) { Count += count; inner.Write(buffer, offset, count); }
            }

            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    context.Response.Body = new CountingStream(original);
                    try { await next(context); }
                    finally { context.Response.Body = original; }
                }
            }
            """ },
        { "BufferedStream wrapper", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    await using var buffered = new BufferedStream(original, 64 * 1024);
                    context.Response.Body = buffered;
                    try { await next(context); }
                    finally { context.Response.Body = original; }
                }
            }
            """ },
        { "GZipStream wrapper", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    await using var gzip = new System.IO.Compression.GZipStream(original, System.IO.Compression.CompressionLevel.Fastest);
                    context.Response.Body = gzip;
                    try { await next(context); }
                    finally { context.Response.Body = original; }
                }
            }
            """ },
        { "Stream.Null to discard a HEAD body", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    context.Response.Body = Stream.Null;
                    try { await next(context); }
                    finally { context.Response.Body = original; }
                }
            }
            """ },
        { "MemoryStream installed without keeping the original", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    context.Response.Body = new MemoryStream();
                    await next(context);
                }
            }
            """ },
        { "request body buffered, not the response", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Request.Body;
                    var buffer = new MemoryStream();
                    await original.CopyToAsync(buffer);
                    buffer.Position = 0;
                    context.Request.Body = buffer;
                    try { await next(context); }
                    finally { context.Request.Body = original; }
                }
            }
            """ },
        { "restore-only helper", """
            public static class Restorer
            {
                public static void Restore(HttpContext context, Stream original) => context.Response.Body = original;
            }
            """ },
        { "putting a MemoryStream original back is not a swap", """
            public static class Restorer
            {
                public static void Reset(HttpContext context)
                {
                    var original = (MemoryStream)context.Response.Body;
                    original.SetLength(0);
                    context.Response.Body = original;
                }
            }
            """ },
        { "original kept from another response", """
            public static class Proxy
            {
                public static void Wire(HttpContext incoming, HttpContext outgoing)
                {
                    var original = incoming.Response.Body;
                    outgoing.Response.Body = new MemoryStream();
                    _ = original;
                }
            }
            """ },
        { "a Body property that is not HttpResponse.Body", """
            public class Envelope { public Stream Body { get; set; } = Stream.Null; }

            public static class Builder
            {
                public static Envelope Build(HttpContext context)
                {
                    var original = context.Response.Body;
                    var envelope = new Envelope();
                    envelope.Body = new MemoryStream();
                    return envelope;
                }
            }
            """ },
        { "HttpClient content from a MemoryStream", """
            public static class Client
            {
                public static System.Net.Http.HttpResponseMessage Build(HttpContext context)
                {
                    var original = context.Response.Body;
                    var ms = new MemoryStream();
                    return new System.Net.Http.HttpResponseMessage { Content = new System.Net.Http.StreamContent(ms) };
                }
            }
            """ },
        { "writes through BodyWriter", """
            public class M
            {
                public async Task Invoke(HttpContext context)
                {
                    await context.Response.BodyWriter.WriteAsync(Encoding.UTF8.GetBytes("hi"));
                }
            }
            """ },
        { "body feature decorated (no buffer)", """
            using Microsoft.AspNetCore.Http.Features;

            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Features.Get<IHttpResponseBodyFeature>()!;
                    context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(original.Stream, original));
                    try { await next(context); }
                    finally { context.Features.Set(original); }
                }
            }
            """ },
        { "already uses ResponseCapture.Begin", """
            using Snoop;

            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                    await next(context);
                    Console.WriteLine(capture.GetBodyText());
                }
            }
            """ },
        { "already uses ResponseCapture.BeginMetrics", """
            using Snoop;

            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    using (var capture = ResponseCapture.BeginMetrics(context))
                    {
                        await next(context);
                        Console.WriteLine(capture.BytesWritten);
                    }
                }
            }
            """ },
        { "writes with Response.WriteAsync only", """
            public class M
            {
                public Task Invoke(HttpContext context) => context.Response.WriteAsync("hello");
            }
            """ },
        { "response alias, read only", """
            public class M
            {
                public async Task Invoke(HttpContext context)
                {
                    var response = context.Response;
                    var body = response.Body;
                    await body.WriteAsync(new byte[] { 1, 2, 3 });
                }
            }
            """ },
        { "#if on an undefined symbol", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
            #if CAPTURE_RESPONSE_BODY
                    var original = context.Response.Body;
                    using var buffer = new MemoryStream();
                    context.Response.Body = buffer;
            #endif
                    await next(context);
                }
            }
            """ },
        { "body replaced by the server pipe as a stream", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    context.Response.Body = context.Response.BodyWriter.AsStream();
                    try { await next(context); }
                    finally { context.Response.Body = original; }
                }
            }
            """ },
        { "serialize into a MemoryStream, then copy it out", """
            public static class JsonEndpoint
            {
                public static async Task Write(HttpContext context, object value)
                {
                    await using var ms = new MemoryStream();
                    await System.Text.Json.JsonSerializer.SerializeAsync(ms, value);
                    ms.Position = 0;
                    context.Response.ContentLength = ms.Length;
                    await ms.CopyToAsync(context.Response.Body);
                }
            }
            """ },
        { "send a file by copying a FileStream out", """
            public static class Download
            {
                public static async Task Send(HttpContext context, string path)
                {
                    var body = context.Response.Body;
                    await using var file = File.OpenRead(path);
                    await file.CopyToAsync(body);
                }
            }
            """ },
        { "a type of its own named HttpResponse", """
            namespace Mine
            {
                public class HttpResponse { public Stream Body { get; set; } = Stream.Null; }

                public static class M
                {
                    public static void Run(HttpResponse response)
                    {
                        var original = response.Body;
                        response.Body = new MemoryStream();
                        response.Body = original;
                    }
                }
            }
            """ },
        { "checks on Response.Body", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    if (!original.CanSeek && original.CanWrite)
                    {
                        await next(context);
                    }
                }
            }
            """ },
        { "a Stream named like a buffer that does not buffer", """
            public sealed class BufferingStream(Stream inner) : Stream
            {
                public override bool CanRead => false;
                public override bool CanSeek => false;
                public override bool CanWrite => true;
                public override long Length => throw new NotSupportedException();
                public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
                public override void Flush() => inner.Flush();
                public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
                public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
                public override void SetLength(long value) => throw new NotSupportedException();
                public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
            }

            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    context.Response.Body = new BufferingStream(original);
                    try { await next(context); }
                    finally { context.Response.Body = original; }
                }
            }
            """ },
        { "request body copied into a MemoryStream", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    using var ms = new MemoryStream();
                    await context.Request.Body.CopyToAsync(ms);
                    Console.WriteLine(ms.Length);
                    await next(context);
                }
            }
            """ },
    };

    [Theory]
    [MemberData(nameof(SilentCases))]
    public Task Silent(string name, string source)
    {
        _ = name;
        return Verify.VerifyAnalyzerAsync(Usings + source);
    }
}
