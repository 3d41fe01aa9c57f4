using Microsoft.CodeAnalysis;
using Snoop.Analyzers.Rules;
using Snoop.CodeFixes.Rules;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.BufferedResponseBodyRule, Snoop.CodeFixes.Rules.BufferedResponseBodyCodeFix>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>
/// SNOOP001 firing cases with their fixes. Every fixed output is compiled against the real Snoop runtime by the verifier,
/// and Fix All (document, project, solution) runs on each.
/// </summary>
public class BufferedResponseBodyFixTests
{
    private const string Usings = BufferedResponseBodyTests.Usings;
    private const string UsingsWithSnoop = Usings + "using Snoop;\n";
    private const string WebUsings = Usings + "using Microsoft.AspNetCore.Builder;\n";
    private const string MvcUsings = Usings + "using Microsoft.AspNetCore.Mvc.Filters;\n";

    internal const string ClassMiddlewareBefore = """
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
        """;

    internal const string ClassMiddlewareAfter = """
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
                await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                await _next(context);
                var text = capture.GetBodyText();
                _logger.LogInformation("Response: {Body}", text);
            }
        }
        """;

    [Fact]
    public Task Fix_ClassMiddleware_SwapBeforeTry_RestoreInFinally() => Verify.VerifyCodeFixAsync(Usings + ClassMiddlewareBefore, UsingsWithSnoop + ClassMiddlewareAfter);

    internal const string IMiddlewareBefore = """
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
        """;

    internal const string IMiddlewareAfter = """
        public class BodyLogger : IMiddleware
        {
            public async Task InvokeAsync(HttpContext context, RequestDelegate next)
            {
                await using (var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024))
                {
                    await next(context);
                    string text = capture.GetBodyText();
                    Console.WriteLine(text);
                }
            }
        }
        """;

    [Fact]
    public Task Fix_IMiddleware_UsingBlock_SyncReadToEnd_RestoreOnSuccessPath() => Verify.VerifyCodeFixAsync(Usings + IMiddlewareBefore, UsingsWithSnoop + IMiddlewareAfter);

    [Fact]
    public Task Fix_TopLevelProgram_AppUseLambda_FuncTaskNext()
    {
        var test = new Verify.Test
        {
            TestCode = WebUsings + """
                var builder = WebApplication.CreateBuilder(args);
                var app = builder.Build();
                app.Use(async (context, next) =>
                {
                    var originalBody = context.Response.Body;
                    await using var buffer = new MemoryStream();
                    {|SNOOP001:context.Response.Body = buffer|};
                    try
                    {
                        await next();
                        buffer.Position = 0;
                        var body = await new StreamReader(buffer).ReadToEndAsync();
                        app.Logger.LogInformation("{Body}", body);
                        buffer.Position = 0;
                        await buffer.CopyToAsync(originalBody);
                    }
                    finally
                    {
                        context.Response.Body = originalBody;
                    }
                });
                app.Run();
                """,
            FixedCode = WebUsings + "using Snoop;\n" + """
                var builder = WebApplication.CreateBuilder(args);
                var app = builder.Build();
                app.Use(async (context, next) =>
                {
                    await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                    await next();
                    var body = capture.GetBodyText();
                    app.Logger.LogInformation("{Body}", body);
                });
                app.Run();
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_TopLevelProgram_LocalFunction_ReaderLocal_AndLength()
    {
        var test = new Verify.Test
        {
            TestCode = WebUsings + """
                var app = WebApplication.Create(args);
                app.Use(LogResponseAsync);
                app.Run();

                async Task LogResponseAsync(HttpContext context, Func<Task> next)
                {
                    var originalBody = context.Response.Body;
                    using var buffer = new MemoryStream();
                    {|SNOOP001:context.Response.Body = buffer|};
                    try
                    {
                        await next();
                        buffer.Seek(0, SeekOrigin.Begin);
                        using var reader = new StreamReader(buffer);
                        var text = await reader.ReadToEndAsync();
                        app.Logger.LogInformation("{Length} {Text}", buffer.Length, text);
                        buffer.Seek(0, SeekOrigin.Begin);
                        await buffer.CopyToAsync(originalBody);
                    }
                    finally
                    {
                        context.Response.Body = originalBody;
                    }
                }
                """,
            FixedCode = WebUsings + "using Snoop;\n" + """
                var app = WebApplication.Create(args);
                app.Use(LogResponseAsync);
                app.Run();

                async Task LogResponseAsync(HttpContext context, Func<Task> next)
                {
                    await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                    await next();
                    var text = capture.GetBodyText();
                    app.Logger.LogInformation("{Length} {Text}", capture.BytesWritten, text);
                }
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_AppUseLambda_RequestDelegateNext_EncodingGetString() => Verify.VerifyCodeFixAsync(
        WebUsings + """
        public class Startup
        {
            public void Configure(IApplicationBuilder app)
            {
                app.Use(async (HttpContext context, RequestDelegate next) =>
                {
                    var original = context.Response.Body;
                    using var ms = new MemoryStream();
                    {|SNOOP001:context.Response.Body = ms|};
                    await next(context);
                    ms.Seek(0, SeekOrigin.Begin);
                    var text = Encoding.UTF8.GetString(ms.ToArray());
                    Console.WriteLine(text);
                    ms.Seek(0, SeekOrigin.Begin);
                    await ms.CopyToAsync(original);
                    context.Response.Body = original;
                });
            }
        }
        """,
        WebUsings + "using Snoop;\n" + """
        public class Startup
        {
            public void Configure(IApplicationBuilder app)
            {
                app.Use(async (HttpContext context, RequestDelegate next) =>
                {
                    await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                    await next(context);
                    var text = capture.GetBodyText();
                    Console.WriteLine(text);
                });
            }
        }
        """);

    [Fact]
    public Task Fix_MvcResultFilter_HttpContextResponse() => Verify.VerifyCodeFixAsync(
        MvcUsings + """
        public class LogResultFilter : IAsyncResultFilter
        {
            public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
            {
                var originalBody = context.HttpContext.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP001:context.HttpContext.Response.Body = buffer|};
                try
                {
                    await next();
                    buffer.Position = 0;
                    var text = await new StreamReader(buffer).ReadToEndAsync();
                    Console.WriteLine(text);
                    buffer.Position = 0;
                    await buffer.CopyToAsync(originalBody);
                }
                finally
                {
                    context.HttpContext.Response.Body = originalBody;
                }
            }
        }
        """,
        MvcUsings + "using Snoop;\n" + """
        public class LogResultFilter : IAsyncResultFilter
        {
            public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
            {
                await using var capture = ResponseCapture.Begin(context.HttpContext, maxBodyBytes: 32 * 1024);
                await next();
                var text = capture.GetBodyText();
                Console.WriteLine(text);
            }
        }
        """);

    [Fact]
    public Task Fix_MvcActionFilter_LengthOnly_BecomesMetrics() => Verify.VerifyCodeFixAsync(
        MvcUsings + """
        public class SizeFilter : IAsyncActionFilter
        {
            public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
            {
                var original = context.HttpContext.Response.Body;
                var ms = new MemoryStream();
                {|SNOOP001:context.HttpContext.Response.Body = ms|};
                try
                {
                    await next();
                    Console.WriteLine($"size {ms.Length}");
                    ms.Position = 0;
                    await ms.CopyToAsync(original);
                }
                finally
                {
                    context.HttpContext.Response.Body = original;
                    ms.Dispose();
                }
            }
        }
        """,
        MvcUsings + "using Snoop;\n" + """
        public class SizeFilter : IAsyncActionFilter
        {
            public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
            {
                await using var capture = ResponseCapture.BeginMetrics(context.HttpContext);
                await next();
                Console.WriteLine($"size {capture.BytesWritten}");
            }
        }
        """);

    [Fact]
    public Task Fix_EndpointFilter() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class BodyLoggingFilter : IEndpointFilter
        {
            public async ValueTask<object> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
            {
                var originalBody = context.HttpContext.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP001:context.HttpContext.Response.Body = buffer|};
                try
                {
                    var result = await next(context);
                    buffer.Position = 0;
                    var text = new StreamReader(buffer).ReadToEnd();
                    Console.WriteLine(text);
                    buffer.Position = 0;
                    await buffer.CopyToAsync(originalBody);
                    return result;
                }
                finally
                {
                    context.HttpContext.Response.Body = originalBody;
                }
            }
        }
        """,
        UsingsWithSnoop + """
        public class BodyLoggingFilter : IEndpointFilter
        {
            public async ValueTask<object> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
            {
                await using var capture = ResponseCapture.Begin(context.HttpContext, maxBodyBytes: 32 * 1024);
                var result = await next(context);
                var text = capture.GetBodyText();
                Console.WriteLine(text);
                return result;
            }
        }
        """);

    [Fact]
    public Task Fix_PrimaryConstructor_BytesUsed_WriteAsyncToArrayCopyBack() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class HashingMiddleware(RequestDelegate next, ILogger<HashingMiddleware> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP001:context.Response.Body = buffer|};
                try
                {
                    await next(context);
                    var bytes = buffer.ToArray();
                    logger.LogInformation("Hash {Hash}", Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(bytes)));
                    await originalBody.WriteAsync(buffer.ToArray());
                }
                finally
                {
                    context.Response.Body = originalBody;
                }
            }
        }
        """,
        UsingsWithSnoop + """
        public class HashingMiddleware(RequestDelegate next, ILogger<HashingMiddleware> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                await next(context);
                var bytes = capture.Body.ToArray();
                logger.LogInformation("Hash {Hash}", Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(bytes)));
            }
        }
        """);

    [Fact]
    public Task Fix_PartialClass_UsingBlock_TryFinallyInside_ConfigureAwait() => Verify.VerifyCodeFixAsync(
        Usings + """
        public partial class AuditMiddleware
        {
            private readonly RequestDelegate _next;

            public AuditMiddleware(RequestDelegate next) => _next = next;
        }

        public partial class AuditMiddleware
        {
            public async Task Invoke(HttpContext context)
            {
                Stream originalBody = context.Response.Body;
                using (var buffer = new MemoryStream())
                {
                    {|SNOOP001:context.Response.Body = buffer|};
                    try
                    {
                        await _next(context);
                        buffer.Seek(0, SeekOrigin.Begin);
                        var text = await new StreamReader(buffer).ReadToEndAsync().ConfigureAwait(false);
                        Audit(text);
                        buffer.Seek(0, SeekOrigin.Begin);
                        await buffer.CopyToAsync(originalBody).ConfigureAwait(false);
                    }
                    finally
                    {
                        context.Response.Body = originalBody;
                    }
                }
            }

            private static void Audit(string text)
            {
            }
        }
        """,
        UsingsWithSnoop + """
        public partial class AuditMiddleware
        {
            private readonly RequestDelegate _next;

            public AuditMiddleware(RequestDelegate next) => _next = next;
        }

        public partial class AuditMiddleware
        {
            public async Task Invoke(HttpContext context)
            {
                await using (var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024))
                {
                    await _next(context);
                    var text = capture.GetBodyText();
                    Audit(text);
                }
            }

            private static void Audit(string text)
            {
            }
        }
        """);

    internal const string NeverRestoredBefore = """
        public class NeverRestored(RequestDelegate next, ILogger<NeverRestored> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                var buffer = new MemoryStream();
                {|SNOOP001:context.Response.Body = buffer|};
                await next(context);
                buffer.Seek(0, SeekOrigin.Begin);
                var text = await new StreamReader(buffer).ReadToEndAsync();
                buffer.Seek(0, SeekOrigin.Begin);
                await buffer.CopyToAsync(originalBody);
                logger.LogInformation(text);
            }
        }
        """;

    internal const string NeverRestoredAfter = """
        public class NeverRestored(RequestDelegate next, ILogger<NeverRestored> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                await next(context);
                var text = capture.GetBodyText();
                logger.LogInformation(text);
            }
        }
        """;

    [Fact]
    public Task Fix_NeverRestored() => Verify.VerifyCodeFixAsync(Usings + NeverRestoredBefore, UsingsWithSnoop + NeverRestoredAfter);

    internal const string CatchOnlyBefore = """
        public class CatchOnly(RequestDelegate next)
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
                    var text = await new StreamReader(buffer).ReadToEndAsync();
                    Console.WriteLine(text);
                    buffer.Position = 0;
                    await buffer.CopyToAsync(originalBody);
                }
                catch (Exception)
                {
                    context.Response.Body = originalBody;
                    throw;
                }
            }
        }
        """;

    internal const string CatchOnlyAfter = """
        public class CatchOnly(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                await next(context);
                var text = capture.GetBodyText();
                Console.WriteLine(text);
            }
        }
        """;

    [Fact]
    public Task Fix_RestoreOnlyInCatch() => Verify.VerifyCodeFixAsync(Usings + CatchOnlyBefore, UsingsWithSnoop + CatchOnlyAfter);

    [Fact]
    public Task Fix_CatchThatLogs_IsKept() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class CatchLogs(RequestDelegate next, ILogger<CatchLogs> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                using var buffer = new MemoryStream();
                try
                {
                    {|SNOOP001:context.Response.Body = buffer|};
                    await next(context);
                    buffer.Position = 0;
                    logger.LogInformation("{Body}", await new StreamReader(buffer).ReadToEndAsync());
                    buffer.Position = 0;
                    await buffer.CopyToAsync(originalBody);
                    context.Response.Body = originalBody;
                }
                catch (Exception ex)
                {
                    logger.LogError(ex, "Request failed");
                    context.Response.Body = originalBody;
                    throw;
                }
            }
        }
        """,
        UsingsWithSnoop + """
        public class CatchLogs(RequestDelegate next, ILogger<CatchLogs> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                try
                {
                    await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                    await next(context);
                    logger.LogInformation("{Body}", capture.GetBodyText());
                }
                catch (Exception ex)
                {
                    logger.LogError(ex, "Request failed");
                    throw;
                }
            }
        }
        """);

    [Fact]
    public Task Fix_ResponseBodyReadAsTheBuffer_BlogTemplate() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class RequestResponseLoggingMiddleware
        {
            private readonly RequestDelegate _next;
            private readonly ILogger _logger;

            public RequestResponseLoggingMiddleware(RequestDelegate next, ILoggerFactory loggerFactory)
            {
                _next = next;
                _logger = loggerFactory.CreateLogger<RequestResponseLoggingMiddleware>();
            }

            public async Task Invoke(HttpContext context)
            {
                var originalBodyStream = context.Response.Body;
                using (var responseBody = new MemoryStream())
                {
                    {|SNOOP001:context.Response.Body = responseBody|};
                    await _next(context);
                    context.Response.Body.Seek(0, SeekOrigin.Begin);
                    var text = await new StreamReader(context.Response.Body).ReadToEndAsync();
                    context.Response.Body.Seek(0, SeekOrigin.Begin);
                    _logger.LogInformation(text);
                    await responseBody.CopyToAsync(originalBodyStream);
                }
            }
        }
        """,
        UsingsWithSnoop + """
        public class RequestResponseLoggingMiddleware
        {
            private readonly RequestDelegate _next;
            private readonly ILogger _logger;

            public RequestResponseLoggingMiddleware(RequestDelegate next, ILoggerFactory loggerFactory)
            {
                _next = next;
                _logger = loggerFactory.CreateLogger<RequestResponseLoggingMiddleware>();
            }

            public async Task Invoke(HttpContext context)
            {
                await using (var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024))
                {
                    await _next(context);
                    var text = capture.GetBodyText();
                    _logger.LogInformation(text);
                }
            }
        }
        """);

    [Fact]
    public Task Fix_CopyBackAfterRestore_ThroughResponseBody() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class M(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP001:context.Response.Body = buffer|};
                await next(context);
                buffer.Position = 0;
                var text = await new StreamReader(buffer).ReadToEndAsync();
                buffer.Position = 0;
                context.Response.Body = originalBody;
                await buffer.CopyToAsync(context.Response.Body);
                Console.WriteLine(text);
            }
        }
        """,
        UsingsWithSnoop + """
        public class M(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                await next(context);
                var text = capture.GetBodyText();
                Console.WriteLine(text);
            }
        }
        """);

    [Fact]
    public Task Fix_SynchronousMethod_UsesPlainUsing() => Verify.VerifyCodeFixAsync(
        Usings + """
        public static class BodySnapshot
        {
            public static string Render(HttpContext context, Action<HttpContext> render)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP001:context.Response.Body = buffer|};
                try
                {
                    render(context);
                    buffer.Position = 0;
                    buffer.CopyTo(original);
                    return Encoding.UTF8.GetString(buffer.ToArray());
                }
                finally
                {
                    context.Response.Body = original;
                }
            }
        }
        """,
        UsingsWithSnoop + """
        public static class BodySnapshot
        {
            public static string Render(HttpContext context, Action<HttpContext> render)
            {
                using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                render(context);
                return capture.GetBodyText();
            }
        }
        """);

    [Fact]
    public Task Fix_MemoryStreamSubclass_WriteTo() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class PooledStream : MemoryStream { }

        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                var pooled = new PooledStream();
                {|SNOOP001:context.Response.Body = pooled|};
                await next(context);
                Console.WriteLine(Encoding.ASCII.GetString(pooled.ToArray()));
                pooled.WriteTo(original);
                context.Response.Body = original;
            }
        }
        """,
        UsingsWithSnoop + """
        public class PooledStream : MemoryStream { }

        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                await next(context);
                Console.WriteLine(capture.GetBodyText(Encoding.ASCII));
            }
        }
        """);

    [Fact]
    public Task Fix_TempFileStream_BecomesMetrics() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class SpoolToDisk(RequestDelegate next, ILogger<SpoolToDisk> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                await using var spool = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose);
                {|SNOOP001:context.Response.Body = spool|};
                try
                {
                    await next(context);
                    logger.LogInformation("{Bytes} bytes", spool.Length);
                    spool.Seek(0, SeekOrigin.Begin);
                    await spool.CopyToAsync(originalBody, context.RequestAborted);
                }
                finally
                {
                    context.Response.Body = originalBody;
                }
            }
        }
        """,
        UsingsWithSnoop + """
        public class SpoolToDisk(RequestDelegate next, ILogger<SpoolToDisk> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                await using var capture = ResponseCapture.BeginMetrics(context);
                await next(context);
                logger.LogInformation("{Bytes} bytes", capture.BytesWritten);
            }
        }
        """);

    [Fact]
    public Task Fix_CaptureNameAlreadyTaken() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class M(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var capture = "keep me";
                var originalBody = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP001:context.Response.Body = buffer|};
                await next(context);
                buffer.Position = 0;
                Console.WriteLine(capture + new StreamReader(buffer).ReadToEnd());
                buffer.Position = 0;
                await buffer.CopyToAsync(originalBody);
                context.Response.Body = originalBody;
            }
        }
        """,
        UsingsWithSnoop + """
        public class M(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var capture = "keep me";
                await using var responseCapture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                await next(context);
                Console.WriteLine(capture + responseCapture.GetBodyText());
            }
        }
        """);

    [Fact]
    public Task Fix_All_TwoMiddlewaresInOneDocument() => Verify.VerifyCodeFixAsync(
        Usings + ClassMiddlewareBefore + "\n\n" + NeverRestoredBefore,
        UsingsWithSnoop + ClassMiddlewareAfter + "\n\n" + NeverRestoredAfter);

    [Fact]
    public Task Fix_All_AcrossDocuments()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("A.cs", Usings + IMiddlewareBefore));
        test.TestState.Sources.Add(("B.cs", Usings + CatchOnlyBefore));
        test.FixedState.Sources.Add(("A.cs", UsingsWithSnoop + IMiddlewareAfter));
        test.FixedState.Sources.Add(("B.cs", UsingsWithSnoop + CatchOnlyAfter));
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_ExistingUsingSnoop_NotDuplicated() => Verify.VerifyCodeFixAsync(UsingsWithSnoop + NeverRestoredBefore, UsingsWithSnoop + NeverRestoredAfter);

    private const string RecyclableStub = """

        namespace Microsoft.IO
        {
            public sealed class RecyclableMemoryStream : MemoryStream { }

            public sealed class RecyclableMemoryStreamManager
            {
                public RecyclableMemoryStream GetStream(string tag) => new();
            }
        }
        """;

    [Fact]
    public Task Fix_RecyclableMemoryStream_FromTheManager() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class Pooled(RequestDelegate next, Microsoft.IO.RecyclableMemoryStreamManager manager, ILogger<Pooled> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                await using var buffer = manager.GetStream("response");
                {|SNOOP001:context.Response.Body = buffer|};
                try
                {
                    await next(context);
                    buffer.Position = 0;
                    using var reader = new StreamReader(buffer, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
                    logger.LogInformation("{Body}", await reader.ReadToEndAsync());
                    buffer.Position = 0;
                    await buffer.CopyToAsync(originalBody);
                }
                finally
                {
                    context.Response.Body = originalBody;
                }
            }
        }
        """ + RecyclableStub,
        UsingsWithSnoop + """
        public class Pooled(RequestDelegate next, Microsoft.IO.RecyclableMemoryStreamManager manager, ILogger<Pooled> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                await next(context);
                logger.LogInformation("{Body}", capture.GetBodyText());
            }
        }
        """ + RecyclableStub);

    [Fact]
    public Task Fix_SwapInsideTry_FinallyKeepsOtherWork() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class Timed(RequestDelegate next, ILogger<Timed> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var started = DateTime.UtcNow;
                var originalBody = context.Response.Body;
                await using (var buffer = new MemoryStream())
                {
                    try
                    {
                        {|SNOOP001:context.Response.Body = buffer|};
                        await next(context);
                        buffer.Seek(0, SeekOrigin.Begin);
                        var text = await new StreamReader(buffer).ReadToEndAsync();
                        logger.LogInformation("{Body}", text);
                        buffer.Seek(0, SeekOrigin.Begin);
                        await buffer.CopyToAsync(originalBody);
                    }
                    finally
                    {
                        context.Response.Body = originalBody;
                        logger.LogInformation("took {Elapsed}", DateTime.UtcNow - started);
                    }
                }
            }
        }
        """,
        UsingsWithSnoop + """
        public class Timed(RequestDelegate next, ILogger<Timed> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var started = DateTime.UtcNow;
                await using (var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024))
                {
                    try
                    {
                        await next(context);
                        var text = capture.GetBodyText();
                        logger.LogInformation("{Body}", text);
                    }
                    finally
                    {
                        logger.LogInformation("took {Elapsed}", DateTime.UtcNow - started);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Fix_AfterTheSnoop002Fix_Snoop001StillFixes() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class M(RequestDelegate next)
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
        public class M(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                await using var capture = ResponseCapture.BeginMetrics(context);
                await next(context);
            }
        }
        """);

    [Fact]
    public Task Fix_ImplicitUsings_FileScopedNamespace_GetsUsingSnoop()
    {
        const string globalUsings = """
            global using System;
            global using System.IO;
            global using System.Threading.Tasks;
            global using Microsoft.AspNetCore.Http;
            global using Microsoft.Extensions.Logging;
            """;
        var test = new Verify.Test();
        test.TestState.Sources.Add(("GlobalUsings.cs", globalUsings));
        test.TestState.Sources.Add(("ResponseBodyLoggingMiddleware.cs", """
            namespace NaiveApp;

            public sealed class ResponseBodyLoggingMiddleware(RequestDelegate next, ILogger<ResponseBodyLoggingMiddleware> logger)
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
                        buffer.Seek(0, SeekOrigin.Begin);
                        logger.LogInformation("Response {Path}: {Body}", context.Request.Path, text);
                        await buffer.CopyToAsync(originalBody);
                    }
                    finally
                    {
                        context.Response.Body = originalBody;
                    }
                }
            }
            """));
        test.FixedState.Sources.Add(("GlobalUsings.cs", globalUsings));
        test.FixedState.Sources.Add(("ResponseBodyLoggingMiddleware.cs", """
            using Snoop;

            namespace NaiveApp;

            public sealed class ResponseBodyLoggingMiddleware(RequestDelegate next, ILogger<ResponseBodyLoggingMiddleware> logger)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                    await next(context);
                    var text = capture.GetBodyText();
                    logger.LogInformation("Response {Path}: {Body}", context.Request.Path, text);
                }
            }
            """));
        return test.RunAsync();
    }
}
