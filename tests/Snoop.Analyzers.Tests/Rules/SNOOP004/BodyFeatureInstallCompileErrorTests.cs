using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    Snoop.Analyzers.Rules.BodyFeatureWrapperRule,
    Snoop.CodeFixes.Rules.BodyFeatureWrapperCodeFix>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>
/// SNOOP004's install-site fix (<c>Features.Set</c> with a feature given no previous one) on code that does not compile
/// yet: the fix rewrites one statement, so errors elsewhere stand (and are still there after the fix), while an error
/// in that statement blocks it.
/// </summary>
public class BodyFeatureInstallCompileErrorTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Http.Features;

        """;

    [Fact]
    public Task Fix_FeaturesSet_UnresolvedTypeInAnotherMethod_ErrorKept() => Verify.VerifyCodeFixAsync(
        Usings + """
        public sealed class TeeMiddleware(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                context.Features.Set<IHttpResponseBodyFeature>({|SNOOP004:new StreamResponseBodyFeature(new BufferedStream(context.Response.Body))|});
                await next(context);
            }

            private static void Report({|CS0246:ITeeSink|} sink) => sink.Flush();
        }
        """,
        Usings + """
        public sealed class TeeMiddleware(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(new BufferedStream(context.Response.Body), context.Features.Get<IHttpResponseBodyFeature>()));
                await next(context);
            }

            private static void Report({|CS0246:ITeeSink|} sink) => sink.Flush();
        }
        """);

    [Fact]
    public Task Fires_FeaturesSet_ErrorInTheInstallStatement_NoFix()
    {
        var source = Usings + """
            public sealed class TeeMiddleware(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    context.Features.Set<IHttpResponseBodyFeature>({|SNOOP004:new StreamResponseBodyFeature(new BufferedStream(context.Response.Body, {|CS0103:bufferSize|}))|});
                    await next(context);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source);
    }
}
