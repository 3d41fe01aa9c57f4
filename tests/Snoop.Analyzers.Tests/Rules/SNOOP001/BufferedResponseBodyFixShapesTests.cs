using Microsoft.CodeAnalysis;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.BufferedResponseBodyRule, Snoop.CodeFixes.Rules.BufferedResponseBodyCodeFix>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>
/// SNOOP001 fixes on two template shapes of real projects: the buffer declared inside the <c>try</c> that also runs the
/// next component and copies back (restore in <c>finally</c>), and <c>ContentLength = buffer.Length</c> before the
/// copy-back (dropped: the streamed response is framed by the server). Every fixed output is compiled.
/// </summary>
public class BufferedResponseBodyFixShapesTests
{
    private const string Usings = BufferedResponseBodyTests.Usings;
    private const string UsingsWithSnoop = Usings + "using Snoop;\n";
    private const string WebUsings = Usings + "using Microsoft.AspNetCore.Builder;\n";

    // ------------------------------------------------------------------ buffer declared inside the try

    [Fact]
    public Task Fix_ClassMiddleware_AwaitUsingBufferInsideTheTry_RestoreInFinally() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class ResponseBodyLogger
        {
            private readonly RequestDelegate _next;
            private readonly ILogger<ResponseBodyLogger> _logger;

            public ResponseBodyLogger(RequestDelegate next, ILogger<ResponseBodyLogger> logger)
            {
                _next = next;
                _logger = logger;
            }

            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                try
                {
                    await using var buffer = new MemoryStream();
                    {|SNOOP001:context.Response.Body = buffer|};
                    await _next(context);
                    buffer.Position = 0;
                    var text = await new StreamReader(buffer).ReadToEndAsync();
                    _logger.LogInformation("Response {Status}: {Body}", context.Response.StatusCode, text);
                    buffer.Position = 0;
                    await buffer.CopyToAsync(originalBody);
                }
                finally
                {
                    context.Response.Body = originalBody;
                }
            }
        }
        """,
        UsingsWithSnoop + """
        public class ResponseBodyLogger
        {
            private readonly RequestDelegate _next;
            private readonly ILogger<ResponseBodyLogger> _logger;

            public ResponseBodyLogger(RequestDelegate next, ILogger<ResponseBodyLogger> logger)
            {
                _next = next;
                _logger = logger;
            }

            public async Task InvokeAsync(HttpContext context)
            {
                await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                await _next(context);
                var text = capture.GetBodyText();
                _logger.LogInformation("Response {Status}: {Body}", context.Response.StatusCode, text);
            }
        }
        """);

    [Fact]
    public Task Fix_IMiddleware_UsingVarBufferInsideTheTry_SeekAndReaderLocal() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class AuditMiddleware(ILogger<AuditMiddleware> logger) : IMiddleware
        {
            public async Task InvokeAsync(HttpContext context, RequestDelegate next)
            {
                Stream original = context.Response.Body;
                try
                {
                    using var memory = new MemoryStream();
                    {|SNOOP001:context.Response.Body = memory|};
                    await next(context);
                    memory.Seek(0, SeekOrigin.Begin);
                    using var reader = new StreamReader(memory);
                    string body = await reader.ReadToEndAsync();
                    memory.Seek(0, SeekOrigin.Begin);
                    logger.LogDebug("{Path} answered {Body}", context.Request.Path, body);
                    await memory.CopyToAsync(original);
                }
                finally
                {
                    context.Response.Body = original;
                }
            }
        }
        """,
        UsingsWithSnoop + """
        public class AuditMiddleware(ILogger<AuditMiddleware> logger) : IMiddleware
        {
            public async Task InvokeAsync(HttpContext context, RequestDelegate next)
            {
                await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                await next(context);
                string body = capture.GetBodyText();
                logger.LogDebug("{Path} answered {Body}", context.Request.Path, body);
            }
        }
        """);

    [Fact]
    public Task Fix_AppUseLambda_AwaitUsingBlockInsideTheTry()
    {
        var test = new Verify.Test
        {
            TestCode = WebUsings + """
                var app = WebApplication.Create(args);
                app.Use(async (context, next) =>
                {
                    var originalBody = context.Response.Body;
                    try
                    {
                        await using (var buffer = new MemoryStream())
                        {
                            {|SNOOP001:context.Response.Body = buffer|};
                            await next(context);
                            buffer.Position = 0;
                            var text = await new StreamReader(buffer).ReadToEndAsync();
                            app.Logger.LogInformation("{Body}", text);
                            buffer.Position = 0;
                            await buffer.CopyToAsync(originalBody);
                        }
                    }
                    finally
                    {
                        context.Response.Body = originalBody;
                    }
                });
                app.Run();
                """,
            FixedCode = WebUsings + "using Snoop;\n" + """
                var app = WebApplication.Create(args);
                app.Use(async (context, next) =>
                {
                    await using (var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024))
                    {
                        await next(context);
                        var text = capture.GetBodyText();
                        app.Logger.LogInformation("{Body}", text);
                    }
                });
                app.Run();
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_ClassMiddleware_BufferInsideTheTry_CatchLogsAndRethrows() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class TracingMiddleware(RequestDelegate next, ILogger<TracingMiddleware> logger)
        {
            public async Task Invoke(HttpContext context)
            {
                var responseStream = context.Response.Body;
                try
                {
                    await using var capture = new MemoryStream();
                    {|SNOOP001:context.Response.Body = capture|};
                    await next(context);
                    capture.Seek(0, SeekOrigin.Begin);
                    logger.LogTrace("{Response}", await new StreamReader(capture).ReadToEndAsync());
                    capture.Seek(0, SeekOrigin.Begin);
                    await capture.CopyToAsync(responseStream);
                }
                catch (Exception ex)
                {
                    logger.LogError(ex, "Request failed");
                    throw;
                }
                finally
                {
                    context.Response.Body = responseStream;
                }
            }
        }
        """,
        UsingsWithSnoop + """
        public class TracingMiddleware(RequestDelegate next, ILogger<TracingMiddleware> logger)
        {
            public async Task Invoke(HttpContext context)
            {
                try
                {
                    await using var responseCapture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                    await next(context);
                    logger.LogTrace("{Response}", responseCapture.GetBodyText());
                }
                catch (Exception ex)
                {
                    logger.LogError(ex, "Request failed");
                    throw;
                }
            }
        }
        """);

    // ------------------------------------------------------------------ ContentLength = buffer.Length before the copy-back

    [Fact]
    public Task Fix_ContentLengthFromTheBuffer_IsDropped() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class ResponseLoggingMiddleware(RequestDelegate next, ILogger<ResponseLoggingMiddleware> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                await using var buffer = new MemoryStream();
                {|SNOOP001:context.Response.Body = buffer|};
                try
                {
                    await next(context);
                    buffer.Position = 0;
                    var text = await new StreamReader(buffer).ReadToEndAsync();
                    logger.LogInformation("{Body}", text);
                    buffer.Position = 0;
                    context.Response.ContentLength = buffer.Length;
                    await buffer.CopyToAsync(originalBody);
                }
                finally
                {
                    context.Response.Body = originalBody;
                }
            }
        }
        """,
        UsingsWithSnoop + """
        public class ResponseLoggingMiddleware(RequestDelegate next, ILogger<ResponseLoggingMiddleware> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                await next(context);
                var text = capture.GetBodyText();
                logger.LogInformation("{Body}", text);
            }
        }
        """);

    [Fact]
    public Task Fix_HeadersContentLengthFromTheBuffer_InsideTheTry_IsDropped() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class BodyLogger : IMiddleware
        {
            public async Task InvokeAsync(HttpContext context, RequestDelegate next)
            {
                var originalBodyStream = context.Response.Body;
                try
                {
                    using var memStream = new MemoryStream();
                    {|SNOOP001:context.Response.Body = memStream|};
                    await next(context);
                    memStream.Position = 0;
                    var responseBody = new StreamReader(memStream).ReadToEnd();
                    Console.WriteLine(responseBody);
                    memStream.Position = 0;
                    context.Response.Headers.ContentLength = memStream.Length;
                    await memStream.CopyToAsync(originalBodyStream);
                }
                finally
                {
                    context.Response.Body = originalBodyStream;
                }
            }
        }
        """,
        UsingsWithSnoop + """
        public class BodyLogger : IMiddleware
        {
            public async Task InvokeAsync(HttpContext context, RequestDelegate next)
            {
                await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                await next(context);
                var responseBody = capture.GetBodyText();
                Console.WriteLine(responseBody);
            }
        }
        """);

    [Fact]
    public Task Fix_ContentLengthFromTheSwappedBody_MetricsOnly_IsDropped() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class SizeLogger(RequestDelegate next, ILogger<SizeLogger> logger)
        {
            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP001:context.Response.Body = buffer|};
                await next(context);
                logger.LogInformation("{Size} bytes", buffer.Length);
                context.Response.ContentLength = context.Response.Body.Length;
                buffer.Position = 0;
                await buffer.CopyToAsync(original);
                context.Response.Body = original;
            }
        }
        """,
        UsingsWithSnoop + """
        public class SizeLogger(RequestDelegate next, ILogger<SizeLogger> logger)
        {
            public async Task Invoke(HttpContext context)
            {
                await using var capture = ResponseCapture.BeginMetrics(context);
                await next(context);
                logger.LogInformation("{Size} bytes", capture.BytesWritten);
            }
        }
        """);

    // ------------------------------------------------------------------ look-alikes: no fix

    private static Task NoFix(string source) => Verify.VerifyCodeFixAsync(source, source);

    [Fact]
    public Task Fires_ContentLengthFromTheLoggedText_NoFix() => NoFix(Usings + """
        public class TextLength(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.Body;
                await using var buffer = new MemoryStream();
                {|SNOOP001:context.Response.Body = buffer|};
                try
                {
                    await next(context);
                    buffer.Position = 0;
                    var text = await new StreamReader(buffer).ReadToEndAsync();
                    context.Response.ContentLength = Encoding.UTF8.GetByteCount(text);
                    buffer.Position = 0;
                    await buffer.CopyToAsync(original);
                }
                finally
                {
                    context.Response.Body = original;
                }
            }
        }
        """);

    [Fact]
    public Task Fires_ContentLengthFromTheBufferPlusAnOffset_NoFix() => NoFix(Usings + """
        public class Padded(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.Body;
                try
                {
                    await using var buffer = new MemoryStream();
                    {|SNOOP001:context.Response.Body = buffer|};
                    await next(context);
                    context.Response.ContentLength = buffer.Length + 2;
                    buffer.Position = 0;
                    await buffer.CopyToAsync(original);
                }
                finally
                {
                    context.Response.Body = original;
                }
            }
        }
        """);

    [Fact]
    public Task Fires_ContentLengthFromTheBuffer_ButTheCopyBackChangesTheBytes_NoFix() => NoFix(Usings + """
        public class Wrapping(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.Body;
                try
                {
                    await using var buffer = new MemoryStream();
                    {|SNOOP001:context.Response.Body = buffer|};
                    await next(context);
                    buffer.Position = 0;
                    var text = await new StreamReader(buffer).ReadToEndAsync();
                    var bytes = Encoding.UTF8.GetBytes(text.ToUpperInvariant());
                    context.Response.ContentLength = buffer.Length;
                    await original.WriteAsync(bytes);
                }
                finally
                {
                    context.Response.Body = original;
                }
            }
        }
        """);

    [Fact]
    public Task Fires_ContentLengthFromTheBuffer_InsideAnIf_NoFix() => NoFix(Usings + """
        public class Conditional(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.Body;
                try
                {
                    await using var buffer = new MemoryStream();
                    {|SNOOP001:context.Response.Body = buffer|};
                    await next(context);
                    if (context.Response.StatusCode == 200)
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
        """);
}
