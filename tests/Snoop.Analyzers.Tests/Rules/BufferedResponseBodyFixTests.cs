using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Snoop.Analyzers.Rules;
using Snoop.Analyzers.Tests.Infrastructure;
using Snoop.CodeFixes.Rules;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.BufferedResponseBodyAnalyzer, Snoop.CodeFixes.Rules.BufferedResponseBodyCodeFix>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>SNOOP001 fixes: the fixed code compiles against the real Snoop runtime.</summary>
public class BufferedResponseBodyFixTests
{
    private const string Usings = BufferedResponseBodyTests.Usings;

    [Fact]
    public Task ClassMiddleware_TryFinally_UsingDeclaration_Async() => Verify.VerifyCodeFixAsync(
        Usings + """
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
        """,
        Usings.Replace("using Microsoft.Extensions.Logging;\n", "using Microsoft.Extensions.Logging;\nusing Snoop;\n") + """
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
        """);

    [Fact]
    public Task IMiddleware_UsingBlock_SyncReadToEnd_RestoreAfter() => Verify.VerifyCodeFixAsync(
        Usings + """
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
        """,
        Usings + "using Snoop;\n" + """
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
        """);
}
