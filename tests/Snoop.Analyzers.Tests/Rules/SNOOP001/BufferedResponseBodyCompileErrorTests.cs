using Microsoft.CodeAnalysis;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.BufferedResponseBodyRule, Snoop.CodeFixes.Rules.BufferedResponseBodyCodeFix>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>
/// SNOOP001's fix on code that does not compile yet (what a user sees while editing): offered when every error lies
/// outside the code the fix rewrites and names nothing it relies on, and then the fixed code has exactly the same errors
/// (they are expected in both states); not offered when an error is in the rewritten code or could change meaning.
/// </summary>
public class BufferedResponseBodyCompileErrorTests
{
    private const string Usings = BufferedResponseBodyTests.Usings;
    private const string UsingsWithSnoop = Usings + "using Snoop;\n";

    [Fact]
    public Task Fix_UnresolvedTypeInAnotherMethod_ErrorKept() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class ResponseLoggingMiddleware(RequestDelegate next, ILogger<ResponseLoggingMiddleware> logger)
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
                    logger.LogInformation("{Body}", text);
                    buffer.Position = 0;
                    await buffer.CopyToAsync(originalBody);
                }
                finally
                {
                    context.Response.Body = originalBody;
                }
            }

            private static void Audit({|CS0246:IAuditTrail|} trail, string text) => trail.Record(text);
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

            private static void Audit({|CS0246:IAuditTrail|} trail, string text) => trail.Record(text);
        }
        """);

    [Fact]
    public Task Fix_UnresolvedFieldTypeUsedOnlyElsewhere_ErrorsKept() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class BodyLoggingMiddleware
        {
            private readonly RequestDelegate _next;
            private readonly {|CS0246:IBodyStore|} _store;

            public BodyLoggingMiddleware(RequestDelegate next, {|CS0246:IBodyStore|} store)
            {
                _next = next;
                _store = store;
            }

            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                await using var memory = new MemoryStream();
                {|SNOOP001:context.Response.Body = memory|};
                await _next(context);
                memory.Seek(0, SeekOrigin.Begin);
                Console.WriteLine(await new StreamReader(memory).ReadToEndAsync());
                memory.Seek(0, SeekOrigin.Begin);
                await memory.CopyToAsync(original);
                context.Response.Body = original;
            }

            public Task FlushAsync() => _store.FlushAsync();
        }
        """,
        UsingsWithSnoop + """
        public class BodyLoggingMiddleware
        {
            private readonly RequestDelegate _next;
            private readonly {|CS0246:IBodyStore|} _store;

            public BodyLoggingMiddleware(RequestDelegate next, {|CS0246:IBodyStore|} store)
            {
                _next = next;
                _store = store;
            }

            public async Task Invoke(HttpContext context)
            {
                await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                await _next(context);
                Console.WriteLine(capture.GetBodyText());
            }

            public Task FlushAsync() => _store.FlushAsync();
        }
        """);

    [Fact]
    public Task Fix_AttributeFromAMissingUsing_ErrorKept() => Verify.VerifyCodeFixAsync(
        Usings + """
        [{|CS0246:{|CS0246:ExcludeFromDescription|}|}]
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
                    Console.WriteLine(new StreamReader(responseBody).ReadToEnd());
                    responseBody.Position = 0;
                    await responseBody.CopyToAsync(originalBodyStream);
                }
                context.Response.Body = originalBodyStream;
            }
        }
        """,
        UsingsWithSnoop + """
        [{|CS0246:{|CS0246:ExcludeFromDescription|}|}]
        public class BodyLogger : IMiddleware
        {
            public async Task InvokeAsync(HttpContext context, RequestDelegate next)
            {
                await using (var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024))
                {
                    await next(context);
                    Console.WriteLine(capture.GetBodyText());
                }
            }
        }
        """);

    [Fact]
    public Task Fix_ErrorInAStatementTheFixKeeps_ErrorKept() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class Tracing(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context, {|CS0246:ITraceSink|} sink)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP001:context.Response.Body = buffer|};
                await next(context);
                {|CS0103:Log|}.Information("handled {Path}", context.Request.Path);
                buffer.Position = 0;
                await buffer.CopyToAsync(original);
                context.Response.Body = original;
            }
        }
        """,
        UsingsWithSnoop + """
        public class Tracing(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context, {|CS0246:ITraceSink|} sink)
            {
                await using var capture = ResponseCapture.BeginMetrics(context);
                await next(context);
                {|CS0103:Log|}.Information("handled {Path}", context.Request.Path);
            }
        }
        """);

    private const string UsingsWithoutLogging = """
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;

        """;

    [Fact]
    public Task Fix_LoggerFromAMissingUsing_UsedInTheBlock_ErrorsKept() => Verify.VerifyCodeFixAsync(
        UsingsWithoutLogging + """
        public class RequestResponseLoggingMiddleware
        {
            private readonly RequestDelegate _next;
            private readonly {|CS0246:ILogger<RequestResponseLoggingMiddleware>|} _logger;

            public RequestResponseLoggingMiddleware(RequestDelegate next, {|CS0246:ILogger<RequestResponseLoggingMiddleware>|} logger)
            {
                _next = next;
                _logger = logger;
            }

            public async Task Invoke(HttpContext context)
            {
                var originalBodyStream = context.Response.Body;
                using var responseBody = new MemoryStream();
                {|SNOOP001:context.Response.Body = responseBody|};
                try
                {
                    await _next(context);
                    context.Response.Body.Seek(0, SeekOrigin.Begin);
                    var text = await new StreamReader(context.Response.Body).ReadToEndAsync();
                    context.Response.Body.Seek(0, SeekOrigin.Begin);
                    _logger.LogInformation("Response {Status}: {Body}", context.Response.StatusCode, text);
                    await responseBody.CopyToAsync(originalBodyStream);
                }
                finally
                {
                    context.Response.Body = originalBodyStream;
                }
            }
        }
        """,
        UsingsWithoutLogging + "using Snoop;\n" + """
        public class RequestResponseLoggingMiddleware
        {
            private readonly RequestDelegate _next;
            private readonly {|CS0246:ILogger<RequestResponseLoggingMiddleware>|} _logger;

            public RequestResponseLoggingMiddleware(RequestDelegate next, {|CS0246:ILogger<RequestResponseLoggingMiddleware>|} logger)
            {
                _next = next;
                _logger = logger;
            }

            public async Task Invoke(HttpContext context)
            {
                await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                await _next(context);
                var text = capture.GetBodyText();
                _logger.LogInformation("Response {Status}: {Body}", context.Response.StatusCode, text);
            }
        }
        """);

    // ------------------------------------------------------------------ errors the rewrite could change: no fix

    private static Task NoFix(string source) => Verify.VerifyCodeFixAsync(source, source);

    [Fact]
    public Task Fires_ErrorInTheFinallyTheFixEmpties_NoFix() => NoFix(Usings + """
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
                    var text = await new StreamReader(buffer).ReadToEndAsync();
                    Console.WriteLine(text);
                    buffer.Position = 0;
                    await buffer.CopyToAsync(original);
                }
                finally
                {
                    {|CS0103:Restore|}();
                    context.Response.Body = original;
                }
            }
        }
        """);

    [Fact]
    public Task Fires_UnresolvedNameSpelledLikeTheCapture_NoFix() => NoFix(Usings + """
        public class Broken(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP001:context.Response.Body = buffer|};
                await next(context);
                Console.WriteLine({|CS0103:capture|});
                buffer.Position = 0;
                await buffer.CopyToAsync(original);
                context.Response.Body = original;
            }
        }
        """);

    [Fact]
    public Task Fires_UnresolvedNameDeclaredInTheTryTheFixUnwraps_NoFix() => NoFix(Usings + """
        public class Broken(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                try
                {
                    using var buffer = new MemoryStream();
                    {|SNOOP001:context.Response.Body = buffer|};
                    await next(context);
                    buffer.Position = 0;
                    var text = await new StreamReader(buffer).ReadToEndAsync();
                    buffer.Position = 0;
                    await buffer.CopyToAsync(original);
                }
                finally
                {
                    context.Response.Body = original;
                }

                int length = {|CS0103:text|}.Length;
            }
        }
        """);

    [Fact]
    public Task Fires_UnresolvedNameTheSnoopUsingWouldResolve_NoFix() => NoFix(Usings + """
        public class Broken(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP001:context.Response.Body = buffer|};
                await next(context);
                buffer.Position = 0;
                await buffer.CopyToAsync(original);
                context.Response.Body = original;
            }

            private static int Observe({|CS0246:ResponseObserver|} observer) => 0;
        }
        """);

    [Fact]
    public Task Fires_ErrorInTheLambdaBody_NoFix()
    {
        var source = Usings + """
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create(args);
            app.Use(async (context, next) =>
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP001:context.Response.Body = buffer|};
                await next(context);
                {|CS0103:Log|}.Information("done");
                buffer.Position = 0;
                await buffer.CopyToAsync(original);
                context.Response.Body = original;
            });
            app.Run();
            """;
        var test = new Verify.Test { TestCode = source, FixedCode = source };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Fires_SyntaxErrorElsewhereInTheFile_NoFix() => NoFix(Usings + """
        public class Logging(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP001:context.Response.Body = buffer|};
                await next(context);
                buffer.Position = 0;
                await buffer.CopyToAsync(original);
                context.Response.Body = original;
            }
        }

        public class Other
        {
            public int Value() => 1{|CS1002:|}
        }
        """);
}
