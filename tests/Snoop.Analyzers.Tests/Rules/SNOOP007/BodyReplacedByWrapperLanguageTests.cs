using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Snoop.Analyzers.Tests.Rules;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.BodyReplacedByWrapperRule, Snoop.CodeFixes.Rules.BodyReplacedByWrapperCodeFix>;

namespace Snoop.Analyzers.Tests.LanguageCoverage;

/// <summary>
/// SNOOP007 across the language: top-level programs, local functions, endpoint filters, the wrapper in another file,
/// #if regions, generated code. Every fixed output is compiled by the verifier against the real runtime.
/// </summary>
public class BodyReplacedByWrapperLanguageTests
{
    private const string Usings = BodyReplacedByWrapperTests.Usings;
    private const string UsingsWithSnoop = BodyReplacedByWrapperTests.UsingsWithSnoop;
    private const string CountingStream = BodyReplacedByWrapperTests.CountingStream;

    [Fact]
    public Task TopLevelProgram_LocalFunction_Fixed()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
        using Microsoft.AspNetCore.Builder;

        var app = WebApplication.Create();
        app.Use(Count);
        app.Run();

        async Task Count(HttpContext context, RequestDelegate next)
        {
            var body = context.Response.Body;
            var counter = new CountingStream(body);
            {|SNOOP007:context.Response.Body = counter|};
            await next(context);
            context.Response.Body = body;
            app.Logger.LogInformation("{Bytes}", counter.BytesWritten);
        }

        """ + CountingStream,
            FixedCode = Usings.Replace("using Microsoft.Extensions.Logging;\n", "using Microsoft.Extensions.Logging;\nusing Microsoft.AspNetCore.Builder;\nusing Snoop;\n") + """

        var app = WebApplication.Create();
        app.Use(Count);
        app.Run();

        async Task Count(HttpContext context, RequestDelegate next)
        {
            await using var capture = ResponseCapture.BeginMetrics(context);
            await next(context);
            app.Logger.LogInformation("{Bytes}", capture.BytesWritten);
        }

        """ + CountingStream,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task EndpointFilter_ThroughHttpContextProperty_Fixed() => Verify.VerifyCodeFixAsync(
        Usings + """
        public sealed class SizeFilter : IEndpointFilter
        {
            public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
            {
                var response = context.HttpContext.Response;
                var original = response.Body;
                var counting = new CountingStream(original);
                {|SNOOP007:response.Body = counting|};
                try
                {
                    return await next(context);
                }
                finally
                {
                    response.Body = original;
                    response.Headers["X-Bytes"] = counting.BytesWritten.ToString();
                }
            }
        }

        """ + CountingStream,
        UsingsWithSnoop + """
        public sealed class SizeFilter : IEndpointFilter
        {
            public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
            {
                var response = context.HttpContext.Response;
                await using var capture = ResponseCapture.BeginMetrics(response.HttpContext);
                try
                {
                    return await next(context);
                }
                finally
                {
                    response.Headers["X-Bytes"] = capture.BytesWritten.ToString();
                }
            }
        }

        """ + CountingStream);

    [Fact]
    public Task WrapperInAnotherFile_Reported() => new Verify.Test
    {
        TestState =
        {
            Sources =
            {
                Usings + """
                    public class M(RequestDelegate next)
                    {
                        public async Task Invoke(HttpContext context)
                        {
                            {|SNOOP007:context.Response.Body = new CountingStream(context.Response.Body)|};
                            await next(context);
                        }
                    }
                    """,
                Usings + CountingStream,
            },
        },
        FixedState =
        {
            Sources =
            {
                UsingsWithSnoop + """
                    public class M(RequestDelegate next)
                    {
                        public async Task Invoke(HttpContext context)
                        {
                            await using var capture = ResponseCapture.BeginMetrics(context);
                            await next(context);
                        }
                    }
                    """,
                Usings + CountingStream,
            },
        },
    }.RunAsync();

    [Fact]
    public Task UndefinedRegion_Silent() => Verify.VerifyAnalyzerAsync(Usings + """
        public class M(RequestDelegate next)
        {
            public async Task Invoke(HttpContext context)
            {
        #if DEBUG_SIZES
                context.Response.Body = new CountingStream(context.Response.Body);
        #endif
                await next(context);
            }
        }

        """ + CountingStream);

    [Fact]
    public Task GeneratedInstallSite_Silent() => new Verify.Test
    {
        TestState =
        {
            Sources =
            {
                ("Generated.g.cs", "// <auto-generated/>\n" + Usings + """
                    public class M(RequestDelegate next)
                    {
                        public async Task Invoke(HttpContext context)
                        {
                            context.Response.Body = new CountingStream(context.Response.Body);
                            await next(context);
                        }
                    }
                    """),
                Usings + CountingStream,
            },
        },
    }.RunAsync();

    [Fact]
    public Task Fires_SyncMethod_WrapperHandedToAHelper_NoFix() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class SyncInstaller
        {
            public Task Invoke(HttpContext context, RequestDelegate next)
            {
                var counter = new CountingStream(context.Response.Body);
                {|SNOOP007:context.Response.Body = counter|};
                return Log(next(context), counter);
            }

            private static async Task Log(Task inner, CountingStream counter) { await inner; Console.WriteLine(counter.BytesWritten); }
        }

        """ + CountingStream,
        Usings + """
        public class SyncInstaller
        {
            public Task Invoke(HttpContext context, RequestDelegate next)
            {
                var counter = new CountingStream(context.Response.Body);
                {|SNOOP007:context.Response.Body = counter|};
                return Log(next(context), counter);
            }

            private static async Task Log(Task inner, CountingStream counter) { await inner; Console.WriteLine(counter.BytesWritten); }
        }

        """ + CountingStream);
}
