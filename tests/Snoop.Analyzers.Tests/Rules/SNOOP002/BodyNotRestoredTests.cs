using Microsoft.CodeAnalysis;
using Snoop.Analyzers.Rules;
using Snoop.CodeFixes.Rules;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.BodyNotRestoredRule, Snoop.CodeFixes.Rules.BodyNotRestoredCodeFix>;
using VerifyAnalyzer = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.BodyNotRestoredRule>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>SNOOP002: where it fires, its fix, and where it stays silent.</summary>
public class BodyNotRestoredTests
{
    private const string Usings = BufferedResponseBodyTests.Usings;

    [Fact]
    public Task Fix_SuccessPathOnly() => Verify.VerifyCodeFixAsync(
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
    public Task Fix_CatchOnly() => Verify.VerifyCodeFixAsync(
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
    public Task Fix_CatchOnly_TitleComesFromTheRestoreTheAnalyzerFound()
    {
        var source = Usings + """
            public class M(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var originalBody = context.Response.Body;
                    {|SNOOP002:context.Response.Body = new BufferedStream(originalBody)|};
                    try
                    {
                        await next(context);
                    }
                    catch
                    {
                        context.Response.Body = originalBody;
                        throw;
                    }
                }
            }
            """;
        var fixedSource = Usings + """
            public class M(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var originalBody = context.Response.Body;
                    context.Response.Body = new BufferedStream(originalBody);
                    try
                    {
                        await next(context);
                    }
                    finally
                    {
                        context.Response.Body = originalBody;
                    }
                }
            }
            """;
        var test = new Verify.Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionVerifier = (action, verifier) => verifier.Equal("Move the restore of the original response body from the catch block to a finally block", action.Title),
        };
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task Fix_Never() => Verify.VerifyCodeFixAsync(
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

    private const string FeatureUsings = Usings + "using Microsoft.AspNetCore.Http.Features;\n";

    [Fact]
    public Task Fix_FeatureSwap_Never() => Verify.VerifyCodeFixAsync(
        FeatureUsings + """
        public class M(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalFeature = context.Features.Get<IHttpResponseBodyFeature>()!;
                {|SNOOP002:context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(originalFeature.Stream, originalFeature))|};
                await next(context);
            }
        }
        """,
        FeatureUsings + """
        public class M(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalFeature = context.Features.Get<IHttpResponseBodyFeature>()!;
                context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(originalFeature.Stream, originalFeature));
                try
                {
                    await next(context);
                }
                finally
                {
                    context.Features.Set<IHttpResponseBodyFeature>(originalFeature);
                }
            }
        }
        """);

    [Fact]
    public Task Fix_FeatureSwap_SuccessPathOnly() => Verify.VerifyCodeFixAsync(
        FeatureUsings + """
        public class M(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalFeature = context.Features.Get<IHttpResponseBodyFeature>();
                {|SNOOP002:context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(context.Response.Body))|};
                await next(context);
                context.Features.Set(originalFeature);
                Console.WriteLine("done");
            }
        }
        """,
        FeatureUsings + """
        public class M(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalFeature = context.Features.Get<IHttpResponseBodyFeature>();
                context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(context.Response.Body));
                try
                {
                    await next(context);
                }
                finally
                {
                    context.Features.Set(originalFeature);
                }

                Console.WriteLine("done");
            }
        }
        """);

    [Fact]
    public Task Fix_AppUseLambda_WrapperStream_SuccessPathOnly() => Verify.VerifyCodeFixAsync(
        Usings + """
        using Microsoft.AspNetCore.Builder;

        public static class Setup
        {
            public static void Configure(IApplicationBuilder app)
            {
                app.Use(async (context, next) =>
                {
                    var original = context.Response.Body;
                    await using var gzip = new System.IO.Compression.GZipStream(original, System.IO.Compression.CompressionLevel.Fastest);
                    {|SNOOP002:context.Response.Body = gzip|};
                    await next();
                    await gzip.FlushAsync();
                    context.Response.Body = original;
                });
            }
        }
        """,
        Usings + """
        using Microsoft.AspNetCore.Builder;

        public static class Setup
        {
            public static void Configure(IApplicationBuilder app)
            {
                app.Use(async (context, next) =>
                {
                    var original = context.Response.Body;
                    await using var gzip = new System.IO.Compression.GZipStream(original, System.IO.Compression.CompressionLevel.Fastest);
                    context.Response.Body = gzip;
                    try
                    {
                        await next();
                        await gzip.FlushAsync();
                    }
                    finally
                    {
                        context.Response.Body = original;
                    }
                });
            }
        }
        """);

    [Fact]
    public Task Fix_IMiddleware_UsingBlock_RestoreAfterIt() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class BodyLogger : IMiddleware
        {
            public async Task InvokeAsync(HttpContext context, RequestDelegate next)
            {
                var originalBodyStream = context.Response.Body;
                using (var responseBody = new MemoryStream())
                {
                    {|SNOOP002:context.Response.Body = responseBody|};
                    await next(context);
                    responseBody.Position = 0;
                    await responseBody.CopyToAsync(originalBodyStream);
                }
                context.Response.Body = originalBodyStream;
            }
        }
        """,
        Usings + """
        public class BodyLogger : IMiddleware
        {
            public async Task InvokeAsync(HttpContext context, RequestDelegate next)
            {
                var originalBodyStream = context.Response.Body;
                try
                {
                    using (var responseBody = new MemoryStream())
                    {
                        context.Response.Body = responseBody;
                        await next(context);
                        responseBody.Position = 0;
                        await responseBody.CopyToAsync(originalBodyStream);
                    }
                }
                finally
                {
                    context.Response.Body = originalBodyStream;
                }
            }
        }
        """);

    [Fact]
    public Task Fix_MvcResultFilter_Never() => Verify.VerifyCodeFixAsync(
        Usings + """
        using Microsoft.AspNetCore.Mvc.Filters;

        public class LogResultFilter : IAsyncResultFilter
        {
            public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
            {
                var originalBody = context.HttpContext.Response.Body;
                var buffer = new MemoryStream();
                {|SNOOP002:context.HttpContext.Response.Body = buffer|};
                await next();
                buffer.Position = 0;
                await buffer.CopyToAsync(originalBody);
            }
        }
        """,
        Usings + """
        using Microsoft.AspNetCore.Mvc.Filters;

        public class LogResultFilter : IAsyncResultFilter
        {
            public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
            {
                var originalBody = context.HttpContext.Response.Body;
                var buffer = new MemoryStream();
                context.HttpContext.Response.Body = buffer;
                try
                {
                    await next();
                    buffer.Position = 0;
                    await buffer.CopyToAsync(originalBody);
                }
                finally
                {
                    context.HttpContext.Response.Body = originalBody;
                }
            }
        }
        """);

    [Fact]
    public Task Fix_TopLevelLocalFunction_Never()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                using Microsoft.AspNetCore.Builder;

                var app = WebApplication.Create(args);
                app.Use(Spy);
                app.Run();

                async Task Spy(HttpContext context, Func<Task> next)
                {
                    var original = context.Response.Body;
                    using var ms = new MemoryStream();
                    {|SNOOP002:context.Response.Body = ms|};
                    await next();
                    ms.Position = 0;
                    await ms.CopyToAsync(original);
                }
                """,
            FixedCode = Usings + """
                using Microsoft.AspNetCore.Builder;

                var app = WebApplication.Create(args);
                app.Use(Spy);
                app.Run();

                async Task Spy(HttpContext context, Func<Task> next)
                {
                    var original = context.Response.Body;
                    using var ms = new MemoryStream();
                    context.Response.Body = ms;
                    try
                    {
                        await next();
                        ms.Position = 0;
                        await ms.CopyToAsync(original);
                    }
                    finally
                    {
                        context.Response.Body = original;
                    }
                }
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_CatchThatLogs_KeepsTheCatch() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class M(RequestDelegate next, ILogger<M> logger)
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
                catch (Exception ex)
                {
                    logger.LogError(ex, "failed");
                    context.Response.Body = originalBody;
                    throw;
                }
            }
        }
        """,
        Usings + """
        public class M(RequestDelegate next, ILogger<M> logger)
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
                catch (Exception ex)
                {
                    logger.LogError(ex, "failed");
                    throw;
                }
                finally
                {
                    context.Response.Body = originalBody;
                }
            }
        }
        """);

    private static Task NoFix(string source) => Verify.VerifyCodeFixAsync(source, source);

    [Fact]
    public Task Fires_LocalUsedAfterTheRestore_NoFix() => NoFix(Usings + """
        public class M(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP002:context.Response.Body = buffer|};
                await next(context);
                buffer.Position = 0;
                var text = new StreamReader(buffer).ReadToEnd();
                buffer.Position = 0;
                await buffer.CopyToAsync(originalBody);
                context.Response.Body = originalBody;
                Console.WriteLine(text);
            }
        }
        """);

    [Fact]
    public Task Fires_CompileErrorInTheMethod_NoFix() => NoFix(Usings + """
        public class M(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                {|SNOOP002:context.Response.Body = new MemoryStream()|};
                await next(context);
                Console.WriteLine({|CS0103:notDeclared|});
            }
        }
        """);

    [Fact]
    public Task Fires_TaskReturnedWithoutAwait_NoFix() => NoFix(Usings + """
        public class M(RequestDelegate next)
        {
            public Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                {|SNOOP002:context.Response.Body = new MemoryStream()|};
                return next(context);
            }
        }
        """);

    [Fact]
    public Task Fires_CatchThatWritesAnErrorPage_NoFix() => NoFix(Usings + """
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
                catch (Exception)
                {
                    context.Response.Body = originalBody;
                    context.Response.StatusCode = 500;
                    await context.Response.WriteAsync("error");
                }
            }
        }
        """);

    [Fact]
    public Task Fix_All_TwoMiddlewaresInOneDocument() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class A(RequestDelegate next)
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

        public class B(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.Body;
                using var ms = new MemoryStream();
                {|SNOOP002:context.Response.Body = ms|};
                await next(context);
                ms.Position = 0;
                await ms.CopyToAsync(original);
                context.Response.Body = original;
            }
        }
        """,
        Usings + """
        public class A(RequestDelegate next)
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

        public class B(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.Body;
                using var ms = new MemoryStream();
                context.Response.Body = ms;
                try
                {
                    await next(context);
                    ms.Position = 0;
                    await ms.CopyToAsync(original);
                }
                finally
                {
                    context.Response.Body = original;
                }
            }
        }
        """);

    [Theory]
    [InlineData("never")]
    [InlineData("success")]
    [InlineData("catch")]
    public Task MessageSaysWhichPathIsMissing(string shape)
    {
        // One message format per missing path, with the name of the original body as its argument.
        var descriptor = shape switch
        {
            "never" => Descriptors.SNOOP002_NeverRestored,
            "success" => Descriptors.SNOOP002_RestoredOnSuccessOnly,
            _ => Descriptors.SNOOP002_RestoredInCatchOnly,
        };
        var restore = shape switch
        {
            "never" => "await next(context);",
            "success" => "await next(context);\n        context.Response.Body = originalBody;",
            _ => "try { await next(context); }\n        catch { context.Response.Body = originalBody; throw; }",
        };
        var source = Usings + $$"""
            public class M(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var originalBody = context.Response.Body;
                    {|#0:context.Response.Body = new MemoryStream()|};
                    {{restore}}
                }
            }
            """;
        return VerifyAnalyzer.VerifyAnalyzerAsync(source, VerifyAnalyzer.Diagnostic(descriptor).WithLocation(0).WithArguments("originalBody"));
    }

    // ------------------------------------------------------------------ silent

    public static TheoryData<string, string> SilentCases() => new()
    {
        { "restore in finally, swap before try", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    using var buffer = new MemoryStream();
                    context.Response.Body = buffer;
                    try { await next(context); await buffer.CopyToAsync(original); }
                    finally { context.Response.Body = original; }
                }
            }
            """ },
        { "restore in finally, swap inside try", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    try
                    {
                        context.Response.Body = new MemoryStream();
                        await next(context);
                    }
                    finally
                    {
                        context.Response.Body = original;
                    }
                }
            }
            """ },
        { "restore in an outer finally", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    try
                    {
                        using (var ms = new MemoryStream())
                        {
                            context.Response.Body = ms;
                            try { await next(context); }
                            catch (OperationCanceledException) { }
                        }
                    }
                    finally
                    {
                        context.Response.Body = original;
                    }
                }
            }
            """ },
        { "restore on success and in a rethrowing catch", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    context.Response.Body = new MemoryStream();
                    try
                    {
                        await next(context);
                        context.Response.Body = original;
                    }
                    catch
                    {
                        context.Response.Body = original;
                        throw;
                    }
                }
            }
            """ },
        { "feature swap restored in finally", """
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
        { "restored by a disposable registered with the response", """
            public sealed class BodyRestorer(HttpContext context, Stream original) : IDisposable
            {
                public void Dispose() => context.Response.Body = original;
            }

            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    context.Response.RegisterForDispose(new BodyRestorer(context, original));
                    context.Response.Body = new MemoryStream();
                    await next(context);
                }
            }
            """ },
        { "restored in an OnCompleted callback", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    context.Response.Body = new MemoryStream();
                    context.Response.OnCompleted(() => { context.Response.Body = original; return Task.CompletedTask; });
                    await next(context);
                }
            }
            """ },
        { "original kept in a field for a later restore", """
            public class M(RequestDelegate next)
            {
                private Stream? _original;

                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    _original = original;
                    context.Response.Body = new MemoryStream();
                    await next(context);
                }

                public void Restore(HttpContext context) => context.Response.Body = _original!;
            }
            """ },
        { "a using scope object restores", """
            public sealed class BodyScope(HttpContext context, Stream original) : IDisposable
            {
                public void Dispose() => context.Response.Body = original;
            }

            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    using var scope = new BodyScope(context, original);
                    context.Response.Body = new MemoryStream();
                    await next(context);
                }
            }
            """ },
        { "restore through the kept feature's Stream", """
            using Microsoft.AspNetCore.Http.Features;

            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var feature = context.Features.Get<IHttpResponseBodyFeature>()!;
                    context.Response.Body = new MemoryStream();
                    try { await next(context); }
                    finally { context.Response.Body = feature.Stream; }
                }
            }
            """ },
        { "unit test set-up on a DefaultHttpContext", """
            public class Tests
            {
                public async Task Arrange()
                {
                    var ctx = new DefaultHttpContext();
                    var original = ctx.Response.Body;
                    ctx.Response.Body = new MemoryStream();
                    await ctx.Response.WriteAsync("x");
                }
            }
            """ },
        { "nothing kept, nothing to restore", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    context.Response.Body = new MemoryStream();
                    await next(context);
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
                    context.Response.Body = new MemoryStream();
            #endif
                    await next(context);
                }
            }
            """ },
        { "reads Response.Body without replacing", """
            public class M
            {
                public async Task Invoke(HttpContext context)
                {
                    var body = context.Response.Body;
                    await body.WriteAsync(new byte[] { 1 });
                }
            }
            """ },
        { "nothing that can throw between swap and restore", """
            public static class M
            {
                public static void Touch(HttpContext context, Stream other)
                {
                    var original = context.Response.Body;
                    context.Response.Body = other;
                    context.Response.Body = original;
                }
            }
            """ },
        { "request body swapped, not the response", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Request.Body;
                    context.Request.Body = new MemoryStream();
                    await next(context);
                }
            }
            """ },
        { "already on ResponseCapture", """
            using Snoop;

            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
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
        return VerifyAnalyzer.VerifyAnalyzerAsync(Usings + source);
    }

    // After the SNOOP001 fix the capture's disposal restores: SNOOP002 has nothing left to say.
    public static TheoryData<string, string> Snoop001FixedOutputs() => new()
    {
        { "class middleware", BufferedResponseBodyFixTests.ClassMiddlewareAfter },
        { "IMiddleware using block", BufferedResponseBodyFixTests.IMiddlewareAfter },
        { "never restored", BufferedResponseBodyFixTests.NeverRestoredAfter },
        { "restored only in catch", BufferedResponseBodyFixTests.CatchOnlyAfter },
    };

    public static TheoryData<string, string> Snoop001Inputs() => new()
    {
        { "class middleware", BufferedResponseBodyFixTests.ClassMiddlewareBefore },
        { "IMiddleware using block", BufferedResponseBodyFixTests.IMiddlewareBefore },
        { "never restored", BufferedResponseBodyFixTests.NeverRestoredBefore },
        { "restored only in catch", BufferedResponseBodyFixTests.CatchOnlyBefore },
    };

    [Theory]
    [MemberData(nameof(Snoop001FixedOutputs))]
    public Task Silent_AfterTheSnoop001Fix(string name, string fixedSource)
    {
        _ = name;
        return VerifyAnalyzer.VerifyAnalyzerAsync(Usings + "using Snoop;\n" + fixedSource);
    }

    [Theory]
    [MemberData(nameof(Snoop001Inputs))]
    public async Task BeforeTheSnoop001Fix_Snoop002FiresExactlyWhenTheRestoreIsNotInFinally(string name, string source)
    {
        // The SNOOP001 inputs, with SNOOP001 markup turned into a position: SNOOP002 fires on the same swap unless restored in finally.
        var plain = source.Replace("{|SNOOP001:", "{|#0:");
        var restoredInFinally = name == "class middleware";
        if (restoredInFinally)
        {
            plain = plain.Replace("{|#0:", string.Empty).Replace("|};", ";");
        }

        var test = new Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<BodyNotRestoredRule>.Test { TestCode = Usings + plain };
        if (!restoredInFinally)
        {
            test.ExpectedDiagnostics.Add(VerifyAnalyzer.Diagnostic(RuleIdentifiers.BodyNotRestored).WithLocation(0).WithMessage(null));
        }

        await test.RunAsync();
    }
}

public class BodyNotRestoredLineEndingTests
{
    [Fact]
    public Task CrLfDocument_StaysCrLf()
    {
        const string before = """
            using System.IO;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;
            public class M(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var originalBody = context.Response.Body;
                    {|SNOOP002:context.Response.Body = new MemoryStream()|};
                    await next(context);
                }
            }
            """;
        const string after = """
            using System.IO;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;
            public class M(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var originalBody = context.Response.Body;
                    context.Response.Body = new MemoryStream();
                    try
                    {
                        await next(context);
                    }
                    finally
                    {
                        context.Response.Body = originalBody;
                    }
                }
            }
            """;
        return Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<BodyNotRestoredRule, Snoop.CodeFixes.Rules.BodyNotRestoredCodeFix>.VerifyCodeFixAsync(
            before.ReplaceLineEndings("\r\n"), after.ReplaceLineEndings("\r\n"));
    }
}

public class BufferedResponseBodyLineEndingTests
{
    [Fact]
    public Task CrLfDocument_StaysCrLf() => Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<BufferedResponseBodyRule, Snoop.CodeFixes.Rules.BufferedResponseBodyCodeFix>.VerifyCodeFixAsync(
        (BufferedResponseBodyTests.Usings + BufferedResponseBodyFixTests.ClassMiddlewareBefore).ReplaceLineEndings("\r\n"),
        (BufferedResponseBodyTests.Usings + "using Snoop;\n" + BufferedResponseBodyFixTests.ClassMiddlewareAfter).ReplaceLineEndings("\r\n"));
}
