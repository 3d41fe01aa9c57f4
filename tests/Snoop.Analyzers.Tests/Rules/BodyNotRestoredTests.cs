using Snoop.Analyzers.Rules;
using Snoop.CodeFixes.Rules;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.BodyNotRestoredAnalyzer, Snoop.CodeFixes.Rules.BodyNotRestoredCodeFix>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>SNOOP002: where it fires, its fix, and where it stays silent.</summary>
public class BodyNotRestoredTests
{
    private const string Usings = BufferedResponseBodyTests.Usings;

    [Fact]
    public Task SuccessPathOnly_Fix() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class M(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP002:context.Response.Body = buffer|};
                await next(context);
                buffer.Position = 0;
                await buffer.CopyToAsync(originalBody);
                context.Response.Body = originalBody;
            }
        }
        """,
        Usings + """
        public class M(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                using var buffer = new MemoryStream();
                context.Response.Body = buffer;
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
        """);

    [Fact]
    public Task CatchOnly_Fix() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class M(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP002:context.Response.Body = buffer|};
                try
                {
                    await next(context);
                    buffer.Position = 0;
                    await buffer.CopyToAsync(originalBody);
                }
                catch
                {
                    context.Response.Body = originalBody;
                    throw;
                }
            }
        }
        """,
        Usings + """
        public class M(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                using var buffer = new MemoryStream();
                context.Response.Body = buffer;
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
        """);

    [Fact]
    public Task Never_Fix() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class M(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP002:context.Response.Body = buffer|};
                await next(context);
                buffer.Position = 0;
                await buffer.CopyToAsync(originalBody);
            }
        }
        """,
        Usings + """
        public class M(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                using var buffer = new MemoryStream();
                context.Response.Body = buffer;
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
        """);
}
