using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Snoop.Analyzers.Rules;
using Snoop.Analyzers.Tests.Infrastructure;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>Code that does not compile (half-typed statements, missing types, syntax errors): the analyzers never throw.</summary>
internal static class BrokenCode
{
    public static TheoryData<string, string> Sources() => new()
    {
        { "half-typed assignment", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    context.Response.Body =
                    await next(context);
                }
            }
            """ },
        { "missing semicolon in the template", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    using var buffer = new MemoryStream()
                    context.Response.Body = buffer
                    await next(context);
                    buffer.Position = 0
                    await buffer.CopyToAsync(original);
                    context.Response.Body = original;
                }
            }
            """ },
        { "missing buffer type", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    var buffer = new MissingStream();
                    context.Response.Body = buffer;
                    await next(context);
                    buffer.Seek(0, SeekOrigin.Begin);
                    var text = await new StreamReader(buffer).ReadToEndAsync();
                    await buffer.CopyToAsync(original);
                    context.Response.Body = original;
                }
            }
            """ },
        { "undeclared context", """
            public class M
            {
                public async Task Invoke()
                {
                    var original = context.Response.Body;
                    using var buffer = new MemoryStream();
                    context.Response.Body = buffer;
                    await buffer.CopyToAsync(original);
                }
            }
            """ },
        { "unbalanced braces", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    using var buffer = new MemoryStream();
                    context.Response.Body = buffer;
                    try
                    {
                        await next(context);
                        await buffer.CopyToAsync(original);
                    finally
                    {
                        context.Response.Body = original;
            """ },
        { "half-typed member access", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    context.Response. = new MemoryStream();
                    context.Response.Body.
                    await next(context);
                }
            }
            """ },
        { "original without initializer", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = ;
                    Stream kept;
                    context.Response.Body = new MemoryStream();
                    await next(context);
                    context.Response.Body = original;
                }
            }
            """ },
        { "incomplete lambda", """
            using Microsoft.AspNetCore.Builder;

            public static class S
            {
                public static void C(IApplicationBuilder app)
                {
                    app.Use(async (context, next) =>
                    {
                        var o = context.Response.Body;
                        context.Response.Body = new MemoryStream();
                        await next(
            """ },
        { "statement outside a method", """
            public class M
            {
                HttpContext context = null!;
                var original = context.Response.Body;
                context.Response.Body = new MemoryStream();
            }
            """ },
        { "incomplete calls in the copy-back", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    using var buffer = new MemoryStream();
                    context.Response.Body = buffer;
                    await next(context);
                    buffer.Seek(;
                    new StreamReader(buffer).ReadToEnd(
                    await buffer.CopyToAsync(
                    context.Response.Body = original;
                }
            }
            """ },
        { "incomplete feature calls", """
            using Microsoft.AspNetCore.Http.Features;

            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Features.Get<>();
                    var kept = context.Features.Get<IHttpResponseBodyFeature>();
                    context.Features.Set<IHttpResponseBodyFeature>(;
                    context.Features.Set<IHttpResponseBodyFeature>();
                    context.Features.Set<IHttpResponseBodyFeature>(kept, kept);
                    await next(context);
                }
            }
            """ },
        { "duplicate locals and wrong types", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    var original = context.Response.Body;
                    var buffer = new MemoryStream();
                    context.Response.Body = buffer;
                    await next(context);
                    buffer.Position = "zero";
                    context.Response.Body = 42;
                    context.Response.Body = original;
                }
            }
            """ },
        { "empty file", "" },
        { "only a using block header", """
            public class M
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    using (var buffer = new MemoryStream())
                        context.Response.Body = buffer;
                    if (true) buffer.Position = 0;
                }
            }
            """ },
    };

    public static async Task AssertDoesNotThrowAsync(DiagnosticAnalyzer analyzer, string source, bool withAspNetCore = true)
    {
        var references = withAspNetCore ? TestReferences.AspNetCore80 : TestReferences.NetCore80;
        var compilation = CSharpCompilation.Create(
            "Broken",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var exceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, _, _) => exceptions.Add(exception),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers([analyzer], options).GetAnalyzerDiagnosticsAsync();
        Assert.Empty(exceptions);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    public const string NoAspNetCore = """
        namespace Fake
        {
            public class HttpResponse { public System.IO.Stream Body { get; set; } = System.IO.Stream.Null; }
            public class HttpContext { public HttpResponse Response { get; } = new(); }

            public static class M
            {
                public static void Run(HttpContext context)
                {
                    var original = context.Response.Body;
                    context.Response.Body = new System.IO.MemoryStream();
                    context.Response.Body = original;
                }
            }
        }
        """;
}

public class BufferedResponseBodyBrokenCodeTests
{
    [Theory]
    [MemberData(nameof(BrokenCode.Sources), MemberType = typeof(BrokenCode))]
    public Task DoesNotThrow(string name, string source)
    {
        _ = name;
        return BrokenCode.AssertDoesNotThrowAsync(RuleAnalyzers.Alone<BufferedResponseBodyRule>(), BufferedResponseBodyTests.Usings + source);
    }

    [Fact]
    public Task WithoutAspNetCore_RegistersNothing() => Infrastructure.CSharpAnalyzerVerifier<BufferedResponseBodyRule>.VerifyAnalyzerAsync(BrokenCode.NoAspNetCore);

    [Fact]
    public Task WithoutAspNetCore_DoesNotThrow() => BrokenCode.AssertDoesNotThrowAsync(RuleAnalyzers.Alone<BufferedResponseBodyRule>(), BrokenCode.NoAspNetCore, withAspNetCore: false);
}

public class BodyNotRestoredBrokenCodeTests
{
    [Theory]
    [MemberData(nameof(BrokenCode.Sources), MemberType = typeof(BrokenCode))]
    public Task DoesNotThrow(string name, string source)
    {
        _ = name;
        return BrokenCode.AssertDoesNotThrowAsync(RuleAnalyzers.Alone<BodyNotRestoredRule>(), BufferedResponseBodyTests.Usings + source);
    }

    [Fact]
    public Task WithoutAspNetCore_DoesNotThrow() => BrokenCode.AssertDoesNotThrowAsync(RuleAnalyzers.Alone<BodyNotRestoredRule>(), BrokenCode.NoAspNetCore, withAspNetCore: false);
}
