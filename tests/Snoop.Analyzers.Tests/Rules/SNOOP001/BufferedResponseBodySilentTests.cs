using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.BufferedResponseBodyRule>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>SNOOP001: more shapes that must stay silent (precision first; the basic silent cases are in BufferedResponseBodyTests).</summary>
public class BufferedResponseBodySilentTests
{
    private const string Usings = BufferedResponseBodyTests.Usings;

    public static TheoryData<string, string> SilentCases() => new()
    {
        { "request body replaced by a MemoryStream, original request body kept and restored", """
            public class RewriteRequest(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var originalRequestBody = context.Request.Body;
                    using var rewritten = new MemoryStream(Encoding.UTF8.GetBytes("{\"tenant\":\"x\"}"));
                    context.Request.Body = rewritten;
                    try { await next(context); }
                    finally { context.Request.Body = originalRequestBody; }
                }
            }
            """ },
        { "EnableBuffering on the request, then read it", """
            public class RequestLogger(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    context.Request.EnableBuffering();
                    var text = await new StreamReader(context.Request.Body, leaveOpen: true).ReadToEndAsync();
                    context.Request.Body.Position = 0;
                    Console.WriteLine(text);
                    await next(context);
                }
            }
            """ },
        { "unit test reads the DefaultHttpContext response body back after the handler", """
            public class EndpointTests
            {
                public async Task<string> Run(RequestDelegate handler)
                {
                    var context = new DefaultHttpContext();
                    context.Response.Body = new MemoryStream();
                    await handler(context);
                    context.Response.Body.Seek(0, SeekOrigin.Begin);
                    return await new StreamReader(context.Response.Body).ReadToEndAsync();
                }
            }
            """ },
        { "unit test: helper returns a DefaultHttpContext with a MemoryStream body", """
            public static class ContextFactory
            {
                public static DefaultHttpContext Create(string method = "GET")
                {
                    var context = new DefaultHttpContext();
                    context.Request.Method = method;
                    context.Response.Body = new MemoryStream();
                    return context;
                }
            }
            """ },
        { "unit test: fresh FeatureCollection with a StreamResponseBodyFeature over a MemoryStream", """
            using Microsoft.AspNetCore.Http.Features;

            public static class FeatureSetup
            {
                public static (HttpContext Context, MemoryStream Body) Create()
                {
                    var body = new MemoryStream();
                    var features = new FeatureCollection();
                    features.Set<IHttpRequestFeature>(new HttpRequestFeature());
                    features.Set<IHttpResponseFeature>(new HttpResponseFeature());
                    features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(body));
                    return (new DefaultHttpContext(features), body);
                }
            }
            """ },
        { "unit test: DefaultHttpContext over a feature collection, original kept for the assertion", """
            using Microsoft.AspNetCore.Http.Features;

            public class BodyTests
            {
                public async Task Arrange()
                {
                    var context = new DefaultHttpContext(new FeatureCollection());
                    var before = context.Response.Body;
                    var captured = new MemoryStream();
                    context.Response.Body = captured;
                    await context.Response.WriteAsync("ok");
                    Console.WriteLine(ReferenceEquals(before, captured));
                }
            }
            """ },
        { "a custom DTO's Body swapped for a MemoryStream, original kept", """
            public sealed class Attachment
            {
                public Stream Body { get; set; } = Stream.Null;
            }

            public static class AttachmentBuffer
            {
                public static async Task Buffer(Attachment attachment)
                {
                    var original = attachment.Body;
                    var copy = new MemoryStream();
                    await original.CopyToAsync(copy);
                    copy.Position = 0;
                    attachment.Body = copy;
                }
            }
            """ },
        { "HttpClient DelegatingHandler buffers response.Content into a MemoryStream", """
            using System.Net.Http;
            using System.Threading;

            public sealed class LoggingHandler : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    var original = response.Content;
                    var buffer = new MemoryStream();
                    await original.CopyToAsync(buffer, cancellationToken);
                    buffer.Position = 0;
                    Console.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
                    var replacement = new StreamContent(buffer);
                    foreach (var header in original.Headers) replacement.Headers.TryAddWithoutValidation(header.Key, header.Value);
                    response.Content = replacement;
                    return response;
                }
            }
            """ },
        { "WebSocket messages assembled in a MemoryStream", """
            using System.Net.WebSockets;
            using System.Threading;

            public class EchoMiddleware(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    if (!context.WebSockets.IsWebSocketRequest) { await next(context); return; }
                    using var socket = await context.WebSockets.AcceptWebSocketAsync();
                    var chunk = new byte[4096];
                    using var message = new MemoryStream();
                    WebSocketReceiveResult result;
                    do
                    {
                        result = await socket.ReceiveAsync(chunk, CancellationToken.None);
                        message.Write(chunk, 0, result.Count);
                    } while (!result.EndOfMessage);
                    await socket.SendAsync(message.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
                }
            }
            """ },
        { "SignalR hub serializes into a MemoryStream", """
            using Microsoft.AspNetCore.SignalR;

            public class ReportHub : Hub
            {
                public async Task<byte[]> Export(string name)
                {
                    var body = Context.GetHttpContext()?.Response.Body;
                    using var ms = new MemoryStream();
                    await System.Text.Json.JsonSerializer.SerializeAsync(ms, new { name });
                    Console.WriteLine(body is null);
                    return ms.ToArray();
                }
            }
            """ },
        { "BrotliStream wrapper over the kept original", """
            using System.IO.Compression;

            public class BrotliMiddleware(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    await using var brotli = new BrotliStream(original, CompressionLevel.Fastest, leaveOpen: true);
                    context.Response.Headers.ContentEncoding = "br";
                    context.Response.Body = brotli;
                    try { await next(context); }
                    finally { context.Response.Body = original; }
                }
            }
            """ },
        { "CryptoStream wrapper over the kept original", """
            using System.Security.Cryptography;

            public class EncryptingMiddleware(RequestDelegate next, ICryptoTransform transform)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    await using var crypto = new CryptoStream(original, transform, CryptoStreamMode.Write, leaveOpen: true);
                    context.Response.Body = crypto;
                    try { await next(context); await crypto.FlushFinalBlockAsync(); }
                    finally { context.Response.Body = original; }
                }
            }
            """ },
        { "tee stream that writes through and copies into a MemoryStream", """
            public sealed class TeeStream(Stream primary, Stream copy) : Stream
            {
                public override bool CanRead => false;
                public override bool CanSeek => false;
                public override bool CanWrite => true;
                public override long Length => throw new NotSupportedException();
                public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
                public override void Flush() => primary.Flush();
                public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
                public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
                public override void SetLength(long value) => throw new NotSupportedException();
                public override void Write(byte[] buffer, int offset, int count) { primary.Write(buffer, offset, count); copy.Write(buffer, offset, count); }
            }

            public class TeeMiddleware(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    using var copy = new MemoryStream();
                    context.Response.Body = new TeeStream(original, copy);
                    try { await next(context); }
                    finally { context.Response.Body = original; }
                }
            }
            """ },
        { "body replaced by a Stream from a factory (type unknown)", """
            public interface ISinkFactory { Stream Wrap(Stream inner); }

            public class SinkMiddleware(RequestDelegate next, ISinkFactory factory)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    context.Response.Body = factory.Wrap(original);
                    try { await next(context); }
                    finally { context.Response.Body = original; }
                }
            }
            """ },
        { "body set back to the feature's stream", """
            using Microsoft.AspNetCore.Http.Features;

            public class ResetMiddleware(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var previous = context.Response.Body;
                    context.Response.Body = context.Features.Get<IHttpResponseBodyFeature>()!.Stream;
                    await next(context);
                    Console.WriteLine(previous.CanWrite);
                }
            }
            """ },
        { "cached bytes copied from a MemoryStream into the kept body", """
            public class CacheMiddleware(RequestDelegate next)
            {
                private static byte[]? s_cached;

                public async Task Invoke(HttpContext context)
                {
                    var body = context.Response.Body;
                    if (s_cached is { } cached)
                    {
                        using var ms = new MemoryStream(cached);
                        context.Response.ContentLength = cached.Length;
                        await ms.CopyToAsync(body);
                        return;
                    }

                    await next(context);
                }
            }
            """ },
        { "JSON serialized into a MemoryStream, then written to the kept original", """
            public static class JsonWriter
            {
                public static async Task Write(HttpContext context, object value)
                {
                    var original = context.Response.Body;
                    using var ms = new MemoryStream();
                    await System.Text.Json.JsonSerializer.SerializeAsync(ms, value);
                    context.Response.ContentType = "application/json";
                    context.Response.ContentLength = ms.Length;
                    ms.Position = 0;
                    await ms.CopyToAsync(original);
                }
            }
            """ },
        { "template in an inactive #else branch", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
            #if !SNOOP_NEVER_DEFINED
                    await next(context);
            #else
                    var original = context.Response.Body;
                    using var buffer = new MemoryStream();
                    context.Response.Body = buffer;
                    await next(context);
                    buffer.Position = 0;
                    await buffer.CopyToAsync(original);
                    context.Response.Body = original;
            #endif
                }
            }
            """ },
        { "template in an XML doc comment", """
            /// <summary>Logs requests.</summary>
            /// <remarks>
            /// Do not do this:
            /// <code>
            /// var original = context.Response.Body;
            /// context.Response.Body = new MemoryStream();
            /// </code>
            /// </remarks>
            public class M(RequestDelegate next)
            {
                public Task Invoke(HttpContext context) => next(context);
            }
            """ },
        { "template inside a string literal (a code sample)", """
            public static class Samples
            {
                public const string Bad = @"
                    var original = context.Response.Body;
                    using var buffer = new MemoryStream();
                    context.Response.Body = buffer;
                    await next(context);
                    context.Response.Body = original;";
            }
            """ },
        { "method marked [GeneratedCode]", """
            public class M(RequestDelegate next)
            {
                [System.CodeDom.Compiler.GeneratedCode("tool", "1.0")]
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    using var buffer = new MemoryStream();
                    context.Response.Body = buffer;
                    await next(context);
                    buffer.Position = 0;
                    await buffer.CopyToAsync(original);
                    context.Response.Body = original;
                }
            }
            """ },
        { "OnCompleted lambda only reads the body's length", """
            public class SizeLogger(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var body = context.Response.Body;
                    context.Response.OnCompleted(() =>
                    {
                        Console.WriteLine(body.CanSeek ? body.Length : context.Response.ContentLength ?? -1);
                        return Task.CompletedTask;
                    });
                    await next(context);
                }
            }
            """ },
        { "Response.Body passed to a serializer, no replacement", """
            public static class Endpoint
            {
                public static async Task Handle(HttpContext context)
                {
                    var stream = context.Response.Body;
                    context.Response.ContentType = "application/json";
                    await System.Text.Json.JsonSerializer.SerializeAsync(stream, new { ok = true });
                    await stream.FlushAsync();
                }
            }
            """ },
        { "MemoryStream swapped into another request's response (outgoing proxy context)", """
            public static class Forwarder
            {
                public static async Task Forward(HttpContext incoming, RequestDelegate next)
                {
                    var outgoing = new DefaultHttpContext();
                    var keep = incoming.Response.Body;
                    outgoing.Response.Body = new MemoryStream();
                    await next(outgoing);
                    outgoing.Response.Body.Position = 0;
                    await outgoing.Response.Body.CopyToAsync(keep);
                }
            }
            """ },
        { "expression-tree selector over Response.Body", """
            using System.Linq.Expressions;

            public static class Selectors
            {
                public static readonly Expression<Func<HttpContext, long>> BodyLength = c => c.Response.Body.Length;
            }
            """ },
        { "xUnit-style test class: HttpContext-typed field initialized with a DefaultHttpContext", """
            public class MiddlewareTests
            {
                private readonly HttpContext _context = new DefaultHttpContext();

                public async Task Writes_hello()
                {
                    var original = _context.Response.Body;
                    var body = new MemoryStream();
                    _context.Response.Body = body;
                    await _context.Response.WriteAsync("hello");
                    Console.WriteLine(original == body);
                }
            }
            """ },
        { "MemoryStream assigned to a mail body stream (not HttpResponse)", """
            public sealed class MailPart
            {
                public Stream Body { get; set; } = Stream.Null;
                public string ContentType { get; set; } = "text/plain";
            }

            public static class Mailer
            {
                public static MailPart Render(HttpContext context, string html)
                {
                    var part = new MailPart { ContentType = "text/html" };
                    var previous = part.Body;
                    part.Body = new MemoryStream(Encoding.UTF8.GetBytes(html));
                    Console.WriteLine(previous == Stream.Null);
                    return part;
                }
            }
            """ },
        { "unit test: response alias of a DefaultHttpContext, original kept", """
            public class ResponseTests
            {
                public async Task Arrange()
                {
                    var context = new DefaultHttpContext();
                    var response = context.Response;
                    var original = response.Body;
                    var captured = new MemoryStream();
                    response.Body = captured;
                    await response.WriteAsync("x");
                    Console.WriteLine(original == captured);
                }
            }
            """ },
        { "unit test: HttpContext property initialized with a DefaultHttpContext", """
            public class FixtureTests
            {
                private HttpContext Context { get; } = new DefaultHttpContext();

                public void Arrange()
                {
                    var original = Context.Response.Body;
                    Context.Response.Body = new MemoryStream();
                    Console.WriteLine(original.CanWrite);
                }
            }
            """ },
        { "MVC action returns a file built in a MemoryStream", """
            using Microsoft.AspNetCore.Mvc;

            public class ExportController : Controller
            {
                public async Task<IActionResult> Csv()
                {
                    var body = HttpContext.Response.Body;
                    var ms = new MemoryStream();
                    await using (var writer = new StreamWriter(ms, leaveOpen: true))
                    {
                        await writer.WriteLineAsync("id,name");
                    }
                    ms.Position = 0;
                    Console.WriteLine(body.CanWrite);
                    return File(ms, "text/csv", "export.csv");
                }
            }
            """ },
        { "minimal API endpoint returns Results.Stream over a MemoryStream", """
            public static class Endpoints
            {
                public static IResult Download(HttpContext context)
                {
                    var original = context.Response.Body;
                    var ms = new MemoryStream(Encoding.UTF8.GetBytes("hello"));
                    Console.WriteLine(original.CanWrite);
                    return Results.Stream(ms, "text/plain");
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
