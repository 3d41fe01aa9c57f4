using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Snoop.Analyzers.Tests.Rules;
using Analyzer = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.BufferedResponseBodyRule>;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.BufferedResponseBodyRule, Snoop.CodeFixes.Rules.BufferedResponseBodyCodeFix>;

namespace Snoop.Analyzers.Tests.LanguageCoverage;

/// <summary>
/// SNOOP001 across the language: top-level programs, records, primary constructors, file-local, generic, nested and
/// partial types, #if regions, generated code and nullable annotations. Every fixed output is compiled by the verifier.
/// </summary>
public class BufferedResponseBodyLanguageTests
{
    private const string Usings = BufferedResponseBodyTests.Usings;
    private const string UsingsWithSnoop = Usings + "using Snoop;\n";
    private const string WebUsings = Usings + "using Microsoft.AspNetCore.Builder;\n";

    // ------------------------------------------------------------------ top-level programs

    [Fact]
    public Task Fix_TopLevelProgram_StaticLocalFunction()
    {
        var test = new Verify.Test
        {
            TestCode = WebUsings + """
                var app = WebApplication.Create(args);
                app.Use(LogBody);
                app.Run();

                static async Task LogBody(HttpContext context, RequestDelegate next)
                {
                    var original = context.Response.Body;
                    using var buffer = new MemoryStream();
                    {|SNOOP001:context.Response.Body = buffer|};
                    try
                    {
                        await next(context);
                        buffer.Position = 0;
                        Console.WriteLine(await new StreamReader(buffer).ReadToEndAsync());
                        buffer.Position = 0;
                        await buffer.CopyToAsync(original);
                    }
                    finally
                    {
                        context.Response.Body = original;
                    }
                }
                """,
            FixedCode = WebUsings + "using Snoop;\n" + """
                var app = WebApplication.Create(args);
                app.Use(LogBody);
                app.Run();

                static async Task LogBody(HttpContext context, RequestDelegate next)
                {
                    await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                    await next(context);
                    Console.WriteLine(capture.GetBodyText());
                }
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_TopLevelProgram_MiddlewareClassAfterTheStatements()
    {
        // A class declared below the top-level statements of Program.cs.
        var test = new Verify.Test
        {
            TestCode = WebUsings + """
                var app = WebApplication.Create(args);
                app.UseMiddleware<SizeLogger>();
                app.Run();

                public class SizeLogger(RequestDelegate next)
                {
                    public async Task InvokeAsync(HttpContext context)
                    {
                        var original = context.Response.Body;
                        using var buffer = new MemoryStream();
                        {|SNOOP001:context.Response.Body = buffer|};
                        await next(context);
                        Console.WriteLine(buffer.Length);
                        buffer.Position = 0;
                        await buffer.CopyToAsync(original);
                        context.Response.Body = original;
                    }
                }
                """,
            FixedCode = WebUsings + "using Snoop;\n" + """
                var app = WebApplication.Create(args);
                app.UseMiddleware<SizeLogger>();
                app.Run();

                public class SizeLogger(RequestDelegate next)
                {
                    public async Task InvokeAsync(HttpContext context)
                    {
                        await using var capture = ResponseCapture.BeginMetrics(context);
                        await next(context);
                        Console.WriteLine(capture.BytesWritten);
                    }
                }
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Silent_TopLevelProgram_TestSetUpOfADefaultHttpContext()
    {
        var test = new Analyzer.Test
        {
            TestCode = Usings + """
                var context = new DefaultHttpContext();
                var original = context.Response.Body;
                context.Response.Body = new MemoryStream();
                await context.Response.WriteAsync("hello");
                context.Response.Body = original;
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_ImplicitGlobalUsings_FileWithoutUsings_AddsTheOnlyUsing()
    {
        // SDK-style implicit usings: the middleware file has no using directive of its own.
        const string GlobalUsings = """
            global using System;
            global using System.IO;
            global using System.Threading.Tasks;
            global using Microsoft.AspNetCore.Http;

            """;
        var test = new Verify.Test();
        test.TestState.Sources.Add(("GlobalUsings.g.cs", GlobalUsings));
        test.TestState.Sources.Add(("BodyLogger.cs", """
            public class BodyLogger(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var original = context.Response.Body;
                    using var buffer = new MemoryStream();
                    {|SNOOP001:context.Response.Body = buffer|};
                    await next(context);
                    buffer.Position = 0;
                    Console.WriteLine(new StreamReader(buffer).ReadToEnd());
                    buffer.Position = 0;
                    await buffer.CopyToAsync(original);
                    context.Response.Body = original;
                }
            }
            """));
        test.FixedState.Sources.Add(("GlobalUsings.g.cs", GlobalUsings));
        test.FixedState.Sources.Add(("BodyLogger.cs", """
            using Snoop;

            public class BodyLogger(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                    await next(context);
                    Console.WriteLine(capture.GetBodyText());
                }
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_FileScopedNamespace_UsingsInsideTheNamespace() => Verify.VerifyCodeFixAsync("""
        namespace App.Middleware;

        using System;
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;

        public class BodyLogger(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP001:context.Response.Body = buffer|};
                await next(context);
                buffer.Position = 0;
                Console.WriteLine(new StreamReader(buffer).ReadToEnd());
                buffer.Position = 0;
                await buffer.CopyToAsync(original);
                context.Response.Body = original;
            }
        }
        """, """
        using Snoop;

        namespace App.Middleware;

        using System;
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;

        public class BodyLogger(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                await next(context);
                Console.WriteLine(capture.GetBodyText());
            }
        }
        """);

    [Fact]
    public Task Fires_TopLevelProgram_SwapInTheTopLevelStatementsThemselves_NoFix()
    {
        // Top-level statements are not a block: the rewrite does not apply there, so no fix is offered (and nothing breaks).
        var source = WebUsings + """
            HttpContext context = Accessor.Current();
            var original = context.Response.Body;
            using var buffer = new MemoryStream();
            {|SNOOP001:context.Response.Body = buffer|};
            await context.Response.WriteAsync("hello");
            buffer.Position = 0;
            await buffer.CopyToAsync(original);
            context.Response.Body = original;

            static class Accessor
            {
                public static HttpContext Current() => throw new InvalidOperationException();
            }
            """;
        var test = new Verify.Test { TestCode = source, FixedCode = source };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    // ------------------------------------------------------------------ records

    [Fact]
    public Task Fix_RecordMiddleware_PositionalParameters() => Verify.VerifyCodeFixAsync(
        Usings + """
        public record LoggingMiddleware(RequestDelegate Next, ILogger<LoggingMiddleware> Logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP001:context.Response.Body = buffer|};
                try
                {
                    await Next(context);
                    buffer.Position = 0;
                    var text = await new StreamReader(buffer).ReadToEndAsync();
                    Logger.LogInformation("{Body}", text);
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
        public record LoggingMiddleware(RequestDelegate Next, ILogger<LoggingMiddleware> Logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                await Next(context);
                var text = capture.GetBodyText();
                Logger.LogInformation("{Body}", text);
            }
        }
        """);

    [Fact]
    public Task Silent_RecordWithABodyProperty_WithExpression() => Analyzer.VerifyAnalyzerAsync(Usings + """
        // A record's own Body property is not HttpResponse.Body, even when the original response body sits next to it.
        public record Envelope(Stream Body, string ContentType);

        public static class Envelopes
        {
            public static Envelope Wrap(HttpContext context)
            {
                var original = context.Response.Body;
                var envelope = new Envelope(original, "application/json");
                return envelope with { Body = new MemoryStream() };
            }
        }
        """);

    [Fact]
    public Task Fires_RecordStructNextToAFiringMiddleware_OnlyTheMiddleware() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public readonly record struct Captured(int Status, long Length);

        public class M(RequestDelegate next)
        {
            public Captured Last { get; private set; }

            public async Task Invoke(HttpContext context)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP001:context.Response.Body = buffer|};
                try
                {
                    await next(context);
                    Last = new Captured(context.Response.StatusCode, buffer.Length);
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

    // ------------------------------------------------------------------ primary constructors

    [Fact]
    public Task Fix_PrimaryConstructor_CapturedIntoFields() => Verify.VerifyCodeFixAsync(
        Usings + """
        public sealed class AuditMiddleware(RequestDelegate next, ILoggerFactory loggerFactory)
        {
            private readonly RequestDelegate _next = next;
            private readonly ILogger _logger = loggerFactory.CreateLogger("audit");

            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                using (var buffer = new MemoryStream())
                {
                    {|SNOOP001:context.Response.Body = buffer|};
                    await _next(context);
                    buffer.Seek(0, SeekOrigin.Begin);
                    var text = new StreamReader(buffer).ReadToEnd();
                    _logger.LogInformation("{Text}", text);
                    buffer.Seek(0, SeekOrigin.Begin);
                    await buffer.CopyToAsync(originalBody);
                }
                context.Response.Body = originalBody;
            }
        }
        """,
        UsingsWithSnoop + """
        public sealed class AuditMiddleware(RequestDelegate next, ILoggerFactory loggerFactory)
        {
            private readonly RequestDelegate _next = next;
            private readonly ILogger _logger = loggerFactory.CreateLogger("audit");

            public async Task InvokeAsync(HttpContext context)
            {
                await using (var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024))
                {
                    await _next(context);
                    var text = capture.GetBodyText();
                    _logger.LogInformation("{Text}", text);
                }
            }
        }
        """);

    [Fact]
    public Task Silent_PrimaryConstructor_ContextIsTheParameter_TestSetUp() => Analyzer.VerifyAnalyzerAsync(Usings + """
        // A test fixture whose primary-constructor parameter is a DefaultHttpContext: no original kept for a real response.
        public sealed class Fixture(DefaultHttpContext context)
        {
            public MemoryStream Arrange()
            {
                var original = context.Response.Body;
                var body = new MemoryStream();
                context.Response.Body = body;
                return body;
            }
        }
        """);

    // ------------------------------------------------------------------ file-local types

    [Fact]
    public Task Fix_FileLocalClass() => Verify.VerifyCodeFixAsync(
        Usings + """
        file sealed class BodyLogger(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP001:context.Response.Body = buffer|};
                await next(context);
                buffer.Position = 0;
                Console.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
                buffer.Position = 0;
                await buffer.CopyToAsync(original);
                context.Response.Body = original;
            }
        }
        """,
        UsingsWithSnoop + """
        file sealed class BodyLogger(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                await next(context);
                Console.WriteLine(capture.GetBodyText());
            }
        }
        """);

    [Fact]
    public Task Silent_FileLocalClass_StreamingOnly() => Analyzer.VerifyAnalyzerAsync(Usings + """
        file static class Writer
        {
            public static async Task Write(HttpContext context)
            {
                var body = context.Response.Body;
                await body.WriteAsync(Encoding.UTF8.GetBytes("hello"));
                await body.FlushAsync();
            }
        }
        """);

    // ------------------------------------------------------------------ generics

    [Fact]
    public Task Fix_GenericMiddleware() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class BodyLogger<TCategory>(RequestDelegate next, ILogger<TCategory> logger)
            where TCategory : class
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
                    logger.LogInformation("{Text}", text);
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
        public class BodyLogger<TCategory>(RequestDelegate next, ILogger<TCategory> logger)
            where TCategory : class
        {
            public async Task InvokeAsync(HttpContext context)
            {
                await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                await next(context);
                var text = capture.GetBodyText();
                logger.LogInformation("{Text}", text);
            }
        }
        """);

    [Fact]
    public Task Fix_GenericMethod_StateTypeParameter() => Verify.VerifyCodeFixAsync(
        Usings + """
        public static class Capture
        {
            public static async Task<string> RunAsync<TState>(HttpContext context, TState state, Func<HttpContext, TState, Task> inner)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP001:context.Response.Body = buffer|};
                try
                {
                    await inner(context, state);
                    buffer.Position = 0;
                    await buffer.CopyToAsync(original);
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
        public static class Capture
        {
            public static async Task<string> RunAsync<TState>(HttpContext context, TState state, Func<HttpContext, TState, Task> inner)
            {
                await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                await inner(context, state);
                return capture.GetBodyText();
            }
        }
        """);

    [Fact]
    public Task Fires_GenericMethod_ContextOfATypeParameter() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public static class Capture
        {
            public static async Task RunAsync<TContext>(TContext context, Func<TContext, Task> inner)
                where TContext : HttpContext
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP001:context.Response.Body = buffer|};
                try
                {
                    await inner(context);
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
    public Task Silent_GenericBufferTypeParameter_NotAKnownBuffer() => Analyzer.VerifyAnalyzerAsync(Usings + """
        // The installed stream is a TStream: nothing says it buffers, so precision wins.
        public static class Swap
        {
            public static async Task RunAsync<TStream>(HttpContext context, TStream replacement, RequestDelegate next)
                where TStream : Stream
            {
                var original = context.Response.Body;
                context.Response.Body = replacement;
                try { await next(context); }
                finally { context.Response.Body = original; }
            }
        }
        """);

    // ------------------------------------------------------------------ nested types

    [Fact]
    public Task Fix_NestedInAGenericOuterType() => Verify.VerifyCodeFixAsync(
        Usings + """
        public static class Pipeline<TMarker>
        {
            public sealed class Inner
            {
                private sealed class Logger(RequestDelegate next)
                {
                    public async Task InvokeAsync(HttpContext context)
                    {
                        var originalBody = context.Response.Body;
                        using var buffer = new MemoryStream();
                        {|SNOOP001:context.Response.Body = buffer|};
                        await next(context);
                        buffer.Position = 0;
                        var text = await new StreamReader(buffer).ReadToEndAsync();
                        Console.WriteLine(typeof(TMarker).Name + text);
                        buffer.Position = 0;
                        await buffer.CopyToAsync(originalBody);
                        context.Response.Body = originalBody;
                    }
                }
            }
        }
        """,
        UsingsWithSnoop + """
        public static class Pipeline<TMarker>
        {
            public sealed class Inner
            {
                private sealed class Logger(RequestDelegate next)
                {
                    public async Task InvokeAsync(HttpContext context)
                    {
                        await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                        await next(context);
                        var text = capture.GetBodyText();
                        Console.WriteLine(typeof(TMarker).Name + text);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Silent_NestedTestHelper_DefaultHttpContext() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public class MiddlewareTests
        {
            private static class Helpers
            {
                internal sealed class Arranged
                {
                    public static (DefaultHttpContext Context, MemoryStream Body) Create()
                    {
                        var context = new DefaultHttpContext();
                        var original = context.Response.Body;
                        var body = new MemoryStream();
                        context.Response.Body = body;
                        return (context, body);
                    }
                }
            }
        }
        """);

    // ------------------------------------------------------------------ partial types

    private const string PartialFields = """
        public partial class SplitLogger
        {
            private readonly RequestDelegate _next;
            private readonly ILogger<SplitLogger> _logger;

            public SplitLogger(RequestDelegate next, ILogger<SplitLogger> logger)
            {
                _next = next;
                _logger = logger;
            }
        }
        """;

    [Fact]
    public Task PartialClass_TwoFiles_FiresInTheFileWithTheSwapAndFixesOnlyIt()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("SplitLogger.cs", Usings + PartialFields));
        test.TestState.Sources.Add(("SplitLogger.Invoke.cs", Usings + """
            public partial class SplitLogger
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var originalBody = context.Response.Body;
                    await using var buffer = new MemoryStream();
                    {|SNOOP001:context.Response.Body = buffer|};
                    try
                    {
                        await _next(context);
                        buffer.Position = 0;
                        _logger.LogInformation("{Text}", await new StreamReader(buffer).ReadToEndAsync());
                        buffer.Position = 0;
                        await buffer.CopyToAsync(originalBody);
                    }
                    finally
                    {
                        context.Response.Body = originalBody;
                    }
                }
            }
            """));
        test.FixedState.Sources.Add(("SplitLogger.cs", Usings + PartialFields));
        test.FixedState.Sources.Add(("SplitLogger.Invoke.cs", UsingsWithSnoop + """
            public partial class SplitLogger
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                    await _next(context);
                    _logger.LogInformation("{Text}", capture.GetBodyText());
                }
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_PartialClass_SameFile_PartialMethodImplementation() => Verify.VerifyCodeFixAsync(
        Usings + """
        public partial class Logged
        {
            private readonly RequestDelegate _next;
            public Logged(RequestDelegate next) => _next = next;
            public partial Task InvokeAsync(HttpContext context);
        }

        public partial class Logged
        {
            public partial async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP001:context.Response.Body = buffer|};
                await _next(context);
                Console.WriteLine(buffer.Length);
                buffer.Position = 0;
                await buffer.CopyToAsync(original);
                context.Response.Body = original;
            }
        }
        """,
        UsingsWithSnoop + """
        public partial class Logged
        {
            private readonly RequestDelegate _next;
            public Logged(RequestDelegate next) => _next = next;
            public partial Task InvokeAsync(HttpContext context);
        }

        public partial class Logged
        {
            public partial async Task InvokeAsync(HttpContext context)
            {
                await using var capture = ResponseCapture.BeginMetrics(context);
                await _next(context);
                Console.WriteLine(capture.BytesWritten);
            }
        }
        """);

    [Fact]
    public Task Silent_PartialClass_OriginalKeptInAFieldOfTheOtherPart()
    {
        // The original sits in a field declared in the other file, not in a local: not the template's shape.
        var test = new Analyzer.Test();
        test.TestState.Sources.Add(("A.cs", Usings + """
            public partial class Holder
            {
                private Stream _original = Stream.Null;
            }
            """));
        test.TestState.Sources.Add(("B.cs", Usings + """
            public partial class Holder
            {
                public void Swap(HttpContext context)
                {
                    _original = context.Response.Body;
                    context.Response.Body = new MemoryStream();
                }
            }
            """));
        return test.RunAsync();
    }

    // ------------------------------------------------------------------ #if regions

    private const string ConditionalMiddleware = """
        public class Conditional(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
        #if LOG_BODIES
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP001:context.Response.Body = buffer|};
                await next(context);
                buffer.Position = 0;
                Console.WriteLine(new StreamReader(buffer).ReadToEnd());
                buffer.Position = 0;
                await buffer.CopyToAsync(original);
                context.Response.Body = original;
        #else
                await next(context);
        #endif
            }
        }
        """;

    [Fact]
    public Task Silent_IfRegion_Inactive() => Analyzer.VerifyAnalyzerAsync(Usings + ConditionalMiddleware.Replace("{|SNOOP001:", string.Empty).Replace("buffer|};", "buffer;"));

    [Fact]
    public Task Fires_IfRegion_ActiveThroughTheProjectsSymbols_NoFix()
    {
        // The #else branch would be dropped by the rewrite, so no fix is offered across the directives.
        var source = Usings + ConditionalMiddleware;
        var test = new Verify.Test { TestCode = source, FixedCode = source };
        test.SolutionTransforms.Add(LanguageCoverageSetup.Define("LOG_BODIES"));
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_IfRegion_ActiveThroughDefine_AroundTheWholeClass() => Verify.VerifyCodeFixAsync(
        "#define LOG_BODIES\n" + Usings + """
        #if LOG_BODIES
        public class Conditional(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP001:context.Response.Body = buffer|};
                await next(context);
                buffer.Position = 0;
                Console.WriteLine(new StreamReader(buffer).ReadToEnd());
                buffer.Position = 0;
                await buffer.CopyToAsync(original);
                context.Response.Body = original;
            }
        }
        #endif
        """,
        "#define LOG_BODIES\n" + UsingsWithSnoop + """
        #if LOG_BODIES
        public class Conditional(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                await next(context);
                Console.WriteLine(capture.GetBodyText());
            }
        }
        #endif
        """);

    [Fact]
    public Task Silent_IfRegion_BufferingInTheInactiveElseBranch()
    {
        var test = new Analyzer.Test
        {
            TestCode = Usings + """
                public class Conditional(RequestDelegate next)
                {
                    public async Task InvokeAsync(HttpContext context)
                    {
                #if STREAMING
                        await next(context);
                #else
                        var original = context.Response.Body;
                        context.Response.Body = new MemoryStream();
                        await next(context);
                        context.Response.Body = original;
                #endif
                    }
                }
                """,
        };
        test.SolutionTransforms.Add(LanguageCoverageSetup.Define("STREAMING"));
        return test.RunAsync();
    }

    // ------------------------------------------------------------------ generated code

    private const string Template = """
        public class BodyLogger(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                context.Response.Body = buffer;
                await next(context);
                buffer.Position = 0;
                Console.WriteLine(new StreamReader(buffer).ReadToEnd());
                buffer.Position = 0;
                await buffer.CopyToAsync(original);
                context.Response.Body = original;
            }
        }
        """;

    [Fact]
    public Task Fires_GeneratedCode_HeaderFileNextToAUserFile_OnlyTheUserFile()
    {
        var test = new Analyzer.Test();
        test.TestState.Sources.Add(("Tool.cs", "// <auto-generated/>\n" + Usings + Template));
        test.TestState.Sources.Add(("Mine.cs", Usings + Template.Replace("BodyLogger", "MyLogger").Replace("context.Response.Body = buffer;", "{|SNOOP001:context.Response.Body = buffer|};")));
        return test.RunAsync();
    }

    [Fact]
    public Task Fires_GeneratedCode_PartialClass_GeneratedHalfIsSilent_UserHalf()
    {
        var test = new Analyzer.Test();
        test.TestState.Sources.Add(("Endpoints.g.cs", Usings + """
            public partial class Endpoints
            {
                public async Task GeneratedAsync(HttpContext context, RequestDelegate next)
                {
                    var original = context.Response.Body;
                    context.Response.Body = new MemoryStream();
                    await next(context);
                    context.Response.Body = original;
                }
            }
            """));
        test.TestState.Sources.Add(("Endpoints.cs", Usings + """
            public partial class Endpoints
            {
                public async Task MineAsync(HttpContext context, RequestDelegate next)
                {
                    var original = context.Response.Body;
                    {|SNOOP001:context.Response.Body = new MemoryStream()|};
                    await next(context);
                    context.Response.Body = original;
                }
            }
            """));
        return test.RunAsync();
    }

    // ------------------------------------------------------------------ nullable annotations

    [Fact]
    public Task Fix_Nullable_NullableLocalsAndSuppressions_WithoutNewWarnings()
    {
        var test = new Verify.Test
        {
            TestCode = "#nullable enable\n" + Usings + """
                internal sealed class NullableLogger(RequestDelegate next, ILogger<NullableLogger>? logger)
                {
                    public async Task InvokeAsync(HttpContext context)
                    {
                        Stream? originalBody = context.Response.Body;
                        using var buffer = new MemoryStream();
                        {|SNOOP001:context.Response.Body = buffer|};
                        try
                        {
                            await next(context);
                            buffer.Position = 0;
                            string? text = await new StreamReader(buffer).ReadToEndAsync();
                            logger?.LogInformation("{Text}", text);
                            buffer.Position = 0;
                            await buffer.CopyToAsync(originalBody!);
                        }
                        finally
                        {
                            context.Response.Body = originalBody!;
                        }
                    }
                }
                """,
            FixedCode = "#nullable enable\n" + UsingsWithSnoop + """
                internal sealed class NullableLogger(RequestDelegate next, ILogger<NullableLogger>? logger)
                {
                    public async Task InvokeAsync(HttpContext context)
                    {
                        await using var capture = ResponseCapture.Begin(context, maxBodyBytes: 32 * 1024);
                        await next(context);
                        string? text = capture.GetBodyText();
                        logger?.LogInformation("{Text}", text);
                    }
                }
                """,
            Strict = true,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task Fires_Nullable_NullableContextParameter_NoFix()
    {
        // Bug found here: the fix removed 'context!.Response.Body', the dereference that proved 'context' not null, and
        // left CS8604 on 'ResponseCapture.Begin(context, ...)' and on 'next(context)'. A nullable context now gets no fix.
        var source = "#nullable enable\n" + Usings + """
            internal sealed class NullableContext(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext? context)
                {
                    Stream originalBody = context!.Response.Body;
                    using var buffer = new MemoryStream();
                    {|SNOOP001:context.Response.Body = buffer|};
                    await next(context);
                    buffer.Position = 0;
                    Console.WriteLine(new StreamReader(buffer).ReadToEnd());
                    buffer.Position = 0;
                    await buffer.CopyToAsync(originalBody);
                    context.Response.Body = originalBody;
                }
            }
            """;
        return new Verify.Test { TestCode = source, FixedCode = source, Strict = true }.RunAsync();
    }

    [Fact]
    public Task Fires_Nullable_FeatureKeptWithSuppression_NoFix()
    {
        var source = "#nullable enable\n" + Usings + """
            using Microsoft.AspNetCore.Http.Features;

            public sealed class FeatureLogger(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    IHttpResponseBodyFeature? original = context.Features.Get<IHttpResponseBodyFeature>();
                    using var buffer = new MemoryStream();
                    {|SNOOP001:context.Response.Body = buffer|};
                    try
                    {
                        await next(context);
                        buffer.Position = 0;
                        await buffer.CopyToAsync(original!.Stream);
                    }
                    finally
                    {
                        context.Features.Set(original!);
                    }
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source);
    }

    [Fact]
    public Task Silent_Nullable_NullableMemoryStreamFieldInATestFixture() => Analyzer.VerifyAnalyzerAsync("#nullable enable\n" + Usings + """
        public sealed class Fixture
        {
            private MemoryStream? _body;
            private readonly DefaultHttpContext _context = new();

            public void Arrange()
            {
                Stream? original = _context.Response.Body;
                _body = new MemoryStream();
                _context.Response.Body = _body!;
            }
        }
        """);
}
