using Microsoft.CodeAnalysis;
using Snoop.Analyzers.Rules;
using Snoop.Analyzers.Tests.Infrastructure;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.BufferedResponseBodyAnalyzer>;

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
    public Task ClassMiddleware_TryFinally_Fires() => Verify.VerifyAnalyzerAsync(Usings + """
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
    public Task IMiddleware_UsingBlock_Fires() => Verify.VerifyAnalyzerAsync(Usings + """
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
        Verify.Diagnostic(RuleIdentifiers.BufferedResponseBody).WithLocation(0).WithArguments("PooledStream", ""));

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
        Verify.Diagnostic(RuleIdentifiers.BufferedResponseBody).WithLocation(0).WithArguments(
            "MemoryStream",
            "; no automatic fix: the bytes written back to the original body are not the buffered bytes unchanged (an envelope, a rewrite or an injection), so move that transformation to a dedicated stream or filter"));
}
