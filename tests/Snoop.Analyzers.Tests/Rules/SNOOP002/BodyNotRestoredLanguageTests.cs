using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Snoop.Analyzers.Tests.Rules;
using Analyzer = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.BodyNotRestoredRule>;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.BodyNotRestoredRule, Snoop.CodeFixes.Rules.BodyNotRestoredCodeFix>;

namespace Snoop.Analyzers.Tests.LanguageCoverage;

/// <summary>
/// SNOOP002 across the language: top-level programs, records, primary constructors, file-local, generic, nested and
/// partial types, #if regions, generated code and nullable annotations. Every fixed output is compiled by the verifier.
/// </summary>
public class BodyNotRestoredLanguageTests
{
    private const string Usings = BufferedResponseBodyTests.Usings;
    private const string WebUsings = Usings + "using Microsoft.AspNetCore.Builder;\n";

    // ------------------------------------------------------------------ top-level programs

    [Fact]
    public Task Fix_TopLevelProgram_AppUseLambda_SuccessPathOnly()
    {
        var test = new Verify.Test
        {
            TestCode = WebUsings + """
                var app = WebApplication.Create(args);
                app.Use(async (context, next) =>
                {
                    var original = context.Response.Body;
                    var buffer = new MemoryStream();
                    {|SNOOP002:context.Response.Body = buffer|};
                    await next();
                    buffer.Position = 0;
                    await buffer.CopyToAsync(original);
                    context.Response.Body = original;
                });
                app.Run();
                """,
            FixedCode = WebUsings + """
                var app = WebApplication.Create(args);
                app.Use(async (context, next) =>
                {
                    var original = context.Response.Body;
                    var buffer = new MemoryStream();
                    context.Response.Body = buffer;
                    try
                    {
                        await next();
                        buffer.Position = 0;
                        await buffer.CopyToAsync(original);
                    }
                    finally
                    {
                        context.Response.Body = original;
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
    public Task Silent_TopLevelProgram_LocalFunction_RestoredInFinally()
    {
        var test = new Analyzer.Test
        {
            TestCode = WebUsings + """
                var app = WebApplication.Create(args);
                app.Use(Count);
                app.Run();

                static async Task Count(HttpContext context, RequestDelegate next)
                {
                    var original = context.Response.Body;
                    await using var buffer = new MemoryStream();
                    context.Response.Body = buffer;
                    try
                    {
                        await next(context);
                    }
                    finally
                    {
                        context.Response.Body = original;
                    }
                }
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Fires_TopLevelProgram_SwapInTheTopLevelStatementsThemselves_NoFix()
    {
        // Top-level statements are not a block: no try/finally can be spliced in there, so no fix is offered.
        var source = WebUsings + """
            HttpContext context = Accessor.Current();
            var original = context.Response.Body;
            {|SNOOP002:context.Response.Body = new MemoryStream()|};
            await context.Response.WriteAsync("hello");
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
    public Task Fix_RecordMiddleware_NeverRestored() => Verify.VerifyCodeFixAsync(
        Usings + """
        public record Middleware(RequestDelegate Next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP002:context.Response.Body = buffer|};
                await Next(context);
                buffer.Position = 0;
                await buffer.CopyToAsync(originalBody);
            }
        }
        """,
        Usings + """
        public record Middleware(RequestDelegate Next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                using var buffer = new MemoryStream();
                context.Response.Body = buffer;
                try
                {
                    await Next(context);
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
    public Task Silent_RecordWithABodyProperty_ReplacedAndNeverPutBack() => Analyzer.VerifyAnalyzerAsync(Usings + """
        // The record's Body is not HttpResponse.Body: nothing to restore.
        public sealed record Capture(Stream Body)
        {
            public Stream Body { get; set; } = Body;
        }

        public static class Captures
        {
            public static Capture Start(HttpContext context)
            {
                var original = context.Response.Body;
                var capture = new Capture(original);
                capture.Body = new MemoryStream();
                return capture;
            }
        }
        """);

    // ------------------------------------------------------------------ primary constructors

    [Fact]
    public Task Fix_PrimaryConstructor_RestoredOnlyInCatch() => Verify.VerifyCodeFixAsync(
        Usings + """
        public sealed class Catching(RequestDelegate next, ILogger<Catching> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP002:context.Response.Body = buffer|};
                try
                {
                    await next(context);
                    logger.LogInformation("{Length}", buffer.Length);
                    buffer.Position = 0;
                    await buffer.CopyToAsync(original);
                }
                catch (Exception)
                {
                    context.Response.Body = original;
                    throw;
                }
            }
        }
        """,
        Usings + """
        public sealed class Catching(RequestDelegate next, ILogger<Catching> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                context.Response.Body = buffer;
                try
                {
                    await next(context);
                    logger.LogInformation("{Length}", buffer.Length);
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
    public Task Silent_PrimaryConstructor_RestoredOnSuccessAndInCatch() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public sealed class Both(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                context.Response.Body = buffer;
                try
                {
                    await next(context);
                    buffer.Position = 0;
                    await buffer.CopyToAsync(original);
                    context.Response.Body = original;
                }
                catch
                {
                    context.Response.Body = original;
                    throw;
                }
            }
        }
        """);

    // ------------------------------------------------------------------ file-local types

    [Fact]
    public Task Fix_FileLocalClass_SuccessPathOnly() => Verify.VerifyCodeFixAsync(
        Usings + """
        file sealed class Swapper(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.Body;
                {|SNOOP002:context.Response.Body = Stream.Null|};
                await next(context);
                await context.Response.Body.FlushAsync();
                context.Response.Body = original;
            }
        }
        """,
        Usings + """
        file sealed class Swapper(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.Body;
                context.Response.Body = Stream.Null;
                try
                {
                    await next(context);
                    await context.Response.Body.FlushAsync();
                }
                finally
                {
                    context.Response.Body = original;
                }
            }
        }
        """);

    [Fact]
    public Task Silent_FileLocalClass_RestoredInFinally() => Analyzer.VerifyAnalyzerAsync(Usings + """
        file sealed class Swapper(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.Body;
                context.Response.Body = new MemoryStream();
                try { await next(context); }
                finally { context.Response.Body = original; }
            }
        }
        """);

    // ------------------------------------------------------------------ generics

    [Fact]
    public Task Fix_GenericMethod_ContextOfATypeParameter_SuccessPathOnly() => Verify.VerifyCodeFixAsync(
        Usings + """
        public static class Swaps
        {
            public static async Task RunAsync<TContext>(TContext context, Func<TContext, Task> inner)
                where TContext : HttpContext
            {
                var original = context.Response.Body;
                {|SNOOP002:context.Response.Body = Stream.Null|};
                await inner(context);
                context.Response.Body = original;
            }
        }
        """,
        Usings + """
        public static class Swaps
        {
            public static async Task RunAsync<TContext>(TContext context, Func<TContext, Task> inner)
                where TContext : HttpContext
            {
                var original = context.Response.Body;
                context.Response.Body = Stream.Null;
                try
                {
                    await inner(context);
                }
                finally
                {
                    context.Response.Body = original;
                }
            }
        }
        """);

    [Fact]
    public Task Fix_GenericClass_FeatureSwapNeverRestored() => Verify.VerifyCodeFixAsync(
        Usings + """
        using Microsoft.AspNetCore.Http.Features;

        public sealed class FeatureSwap<TOptions>(RequestDelegate next, TOptions options)
            where TOptions : class
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Features.Get<IHttpResponseBodyFeature>()!;
                {|SNOOP002:context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(new MemoryStream()))|};
                Console.WriteLine(options);
                await next(context);
            }
        }
        """,
        Usings + """
        using Microsoft.AspNetCore.Http.Features;

        public sealed class FeatureSwap<TOptions>(RequestDelegate next, TOptions options)
            where TOptions : class
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Features.Get<IHttpResponseBodyFeature>()!;
                context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(new MemoryStream()));
                try
                {
                    Console.WriteLine(options);
                    await next(context);
                }
                finally
                {
                    context.Features.Set<IHttpResponseBodyFeature>(original);
                }
            }
        }
        """);

    [Fact]
    public Task Silent_GenericClass_RestoredInFinally() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public sealed class Swap<T>(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.Body;
                context.Response.Body = new MemoryStream();
                try { await next(context); }
                finally { context.Response.Body = original; Console.WriteLine(typeof(T)); }
            }
        }
        """);

    // ------------------------------------------------------------------ nested types

    [Fact]
    public Task Fix_NestedClass_SuccessPathOnly() => Verify.VerifyCodeFixAsync(
        Usings + """
        public static class Middlewares
        {
            internal static class Logging
            {
                public sealed class Body(RequestDelegate next)
                {
                    public async Task InvokeAsync(HttpContext context)
                    {
                        var original = context.Response.Body;
                        using var buffer = new MemoryStream();
                        {|SNOOP002:context.Response.Body = buffer|};
                        await next(context);
                        buffer.Position = 0;
                        await buffer.CopyToAsync(original);
                        context.Response.Body = original;
                    }
                }
            }
        }
        """,
        Usings + """
        public static class Middlewares
        {
            internal static class Logging
            {
                public sealed class Body(RequestDelegate next)
                {
                    public async Task InvokeAsync(HttpContext context)
                    {
                        var original = context.Response.Body;
                        using var buffer = new MemoryStream();
                        context.Response.Body = buffer;
                        try
                        {
                            await next(context);
                            buffer.Position = 0;
                            await buffer.CopyToAsync(original);
                        }
                        finally
                        {
                            context.Response.Body = original;
                        }
                    }
                }
            }
        }
        """);

    // ------------------------------------------------------------------ partial types

    private const string PartialFields = """
        public partial class Split
        {
            private readonly RequestDelegate _next;
            public Split(RequestDelegate next) => _next = next;
        }
        """;

    [Fact]
    public Task Fix_PartialClass_TwoFiles_TheFileWithTheSwap()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Split.cs", Usings + PartialFields));
        test.TestState.Sources.Add(("Split.Invoke.cs", Usings + """
            public partial class Split
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var original = context.Response.Body;
                    using var buffer = new MemoryStream();
                    {|SNOOP002:context.Response.Body = buffer|};
                    await _next(context);
                    buffer.Position = 0;
                    await buffer.CopyToAsync(original);
                    context.Response.Body = original;
                }
            }
            """));
        test.FixedState.Sources.Add(("Split.cs", Usings + PartialFields));
        test.FixedState.Sources.Add(("Split.Invoke.cs", Usings + """
            public partial class Split
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var original = context.Response.Body;
                    using var buffer = new MemoryStream();
                    context.Response.Body = buffer;
                    try
                    {
                        await _next(context);
                        buffer.Position = 0;
                        await buffer.CopyToAsync(original);
                    }
                    finally
                    {
                        context.Response.Body = original;
                    }
                }
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task Silent_PartialClass_RestoreInAHelperOfTheOtherPart()
    {
        // The original is handed to a helper declared in the other file: the rule cannot follow it and assumes it is restored.
        var test = new Analyzer.Test();
        test.TestState.Sources.Add(("A.cs", Usings + """
            public partial class Split
            {
                private static void Restore(HttpContext context, Stream original) => context.Response.Body = original;
            }
            """));
        test.TestState.Sources.Add(("B.cs", Usings + """
            public partial class Split
            {
                public async Task InvokeAsync(HttpContext context, RequestDelegate next)
                {
                    var original = context.Response.Body;
                    context.Response.Body = new MemoryStream();
                    try { await next(context); }
                    finally { Restore(context, original); }
                }
            }
            """));
        return test.RunAsync();
    }

    // ------------------------------------------------------------------ #if regions

    private const string Conditional = """
        public class Conditional(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
        #if CAPTURE
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP002:context.Response.Body = buffer|};
        #endif
                await next(context);
        #if CAPTURE
                buffer.Position = 0;
                await buffer.CopyToAsync(original);
                context.Response.Body = original;
        #endif
            }
        }
        """;

    [Fact]
    public Task Silent_IfRegion_Inactive() => Analyzer.VerifyAnalyzerAsync(Usings + Conditional.Replace("{|SNOOP002:", string.Empty).Replace("buffer|};", "buffer;"));

    [Fact]
    public Task Fires_IfRegion_ActiveThroughTheProjectsSymbols()
    {
        var test = new Analyzer.Test { TestCode = Usings + Conditional };
        test.SolutionTransforms.Add(LanguageCoverageSetup.Define("CAPTURE"));
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_IfRegion_ActiveThroughDefine_AroundTheWholeMethod() => Verify.VerifyCodeFixAsync(
        "#define CAPTURE\n" + Usings + """
        public class Conditional(RequestDelegate next)
        {
        #if CAPTURE
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP002:context.Response.Body = buffer|};
                await next(context);
                buffer.Position = 0;
                await buffer.CopyToAsync(original);
                context.Response.Body = original;
            }
        #else
            public Task InvokeAsync(HttpContext context) => next(context);
        #endif
        }
        """,
        "#define CAPTURE\n" + Usings + """
        public class Conditional(RequestDelegate next)
        {
        #if CAPTURE
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                context.Response.Body = buffer;
                try
                {
                    await next(context);
                    buffer.Position = 0;
                    await buffer.CopyToAsync(original);
                }
                finally
                {
                    context.Response.Body = original;
                }
            }
        #else
            public Task InvokeAsync(HttpContext context) => next(context);
        #endif
        }
        """);

    // ------------------------------------------------------------------ generated code

    private const string NeverRestored = """
        public class Swapper(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.Body;
                context.Response.Body = new MemoryStream();
                await next(context);
            }
        }
        """;

    [Fact]
    public Task Fires_GeneratedCode_HeaderFileNextToAUserFile_OnlyTheUserFile()
    {
        var test = new Analyzer.Test();
        test.TestState.Sources.Add(("Tool.cs", "// <auto-generated>\n// by a tool\n// </auto-generated>\n" + Usings + NeverRestored));
        test.TestState.Sources.Add(("Mine.cs", Usings + NeverRestored.Replace("Swapper", "Mine").Replace("context.Response.Body = new MemoryStream();", "{|SNOOP002:context.Response.Body = new MemoryStream()|};")));
        return test.RunAsync();
    }

    // ------------------------------------------------------------------ nullable annotations

    [Fact]
    public Task Fix_Nullable_SuppressedRestore_SuccessPathOnly_WithoutNewWarnings()
    {
        var test = new Verify.Test
        {
            TestCode = "#nullable enable\n" + Usings + """
                internal sealed class NullableSwap(RequestDelegate next)
                {
                    private Stream? _last;

                    public async Task InvokeAsync(HttpContext context)
                    {
                        Stream? original = context.Response.Body;
                        MemoryStream? buffer = new MemoryStream();
                        {|SNOOP002:context.Response.Body = buffer!|};
                        await next(context);
                        _last = buffer;
                        context.Response.Body = original!;
                    }
                }
                """,
            FixedCode = "#nullable enable\n" + Usings + """
                internal sealed class NullableSwap(RequestDelegate next)
                {
                    private Stream? _last;

                    public async Task InvokeAsync(HttpContext context)
                    {
                        Stream? original = context.Response.Body;
                        MemoryStream? buffer = new MemoryStream();
                        context.Response.Body = buffer!;
                        try
                        {
                            await next(context);
                            _last = buffer;
                        }
                        finally
                        {
                            context.Response.Body = original!;
                        }
                    }
                }
                """,
            Strict = true,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_Nullable_NeverRestored_NullableOriginal_KeepsItCompiling()
    {
        // The generated restore assigns a 'Stream?' local to the non-nullable Body; it must not add a warning.
        var test = new Verify.Test
        {
            TestCode = "#nullable enable\n" + Usings + """
                internal sealed class NullableSwap(RequestDelegate next)
                {
                    public async Task InvokeAsync(HttpContext context)
                    {
                        Stream? original = context.Response.Body;
                        {|SNOOP002:context.Response.Body = new MemoryStream()|};
                        await next(context);
                    }
                }
                """,
            FixedCode = "#nullable enable\n" + Usings + """
                internal sealed class NullableSwap(RequestDelegate next)
                {
                    public async Task InvokeAsync(HttpContext context)
                    {
                        Stream? original = context.Response.Body;
                        context.Response.Body = new MemoryStream();
                        try
                        {
                            await next(context);
                        }
                        finally
                        {
                            context.Response.Body = original;
                        }
                    }
                }
                """,
            Strict = true,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task Silent_Nullable_NullableFeatureRestoredInFinally() => Analyzer.VerifyAnalyzerAsync("#nullable enable\n" + Usings + """
        using Microsoft.AspNetCore.Http.Features;

        public sealed class FeatureSwap(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                IHttpResponseBodyFeature? original = context.Features.Get<IHttpResponseBodyFeature>();
                context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null));
                try { await next(context); }
                finally { context.Features.Set(original); }
            }
        }
        """);
}
