using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Snoop.Analyzers.Rules;
using Snoop.Analyzers.Tests.Infrastructure;
using Snoop.Analyzers.Tests.Shared;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    Snoop.Analyzers.Rules.BodyFeatureWrapperRule,
    Snoop.CodeFixes.Rules.BodyFeatureWrapperCodeFix>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>
/// SNOOP004 at the install: a stream-backed body feature given no previous feature, the one-argument
/// <c>new StreamResponseBodyFeature(wrapper)</c> that real projects install on purpose. SNOOP007 reports the same call only
/// once the previous feature is passed (see BodyReplacedByWrapperSilentTests).
/// </summary>
public class BodyFeatureInstallTests
{
    private const string Usings = """
        #nullable enable
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Http.Features;
        using Microsoft.AspNetCore.Mvc.Filters;

        """;

    private const string ByteCounter = BodyFeatureWrapperPrecisionTests.ByteCounter;

    // ------------------------------------------------------------------ fires

    [Fact]
    public Task Fix_OneArgumentFeatureOverAnObservingWrapper_GivenThePreviousFeature() => Verify.VerifyCodeFixStrictAsync(
        Usings + """
        public sealed class ByteCountingMiddleware(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Features.Get<IHttpResponseBodyFeature>()!;
                var counter = new ByteCounter(original.Stream);
                context.Features.Set<IHttpResponseBodyFeature>({|SNOOP004:new StreamResponseBodyFeature(counter)|});
                try
                {
                    await next(context);
                }
                finally
                {
                    context.Features.Set(original);
                }
            }
        }
        """ + ByteCounter,
        Usings + """
        public sealed class ByteCountingMiddleware(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Features.Get<IHttpResponseBodyFeature>()!;
                var counter = new ByteCounter(original.Stream);
                context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(counter, context.Features.Get<IHttpResponseBodyFeature>()));
                try
                {
                    await next(context);
                }
                finally
                {
                    context.Features.Set(original);
                }
            }
        }
        """ + ByteCounter);

    [Fact]
    public Task Fires_FeatureCreatedIntoALocalBeforeTheSet_NoFix() => Verify.VerifyCodeFixStrictAsync(
        Usings + """
        public sealed class MeteringMiddleware : IMiddleware
        {
            public async Task InvokeAsync(HttpContext context, RequestDelegate next)
            {
                var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                var feature = new StreamResponseBodyFeature(new ByteCounter(previous.Stream));
                context.Features.Set<IHttpResponseBodyFeature>({|#0:feature|});
                try
                {
                    await next(context);
                }
                finally
                {
                    context.Features.Set(previous);
                }
            }
        }
        """ + ByteCounter,
        Usings + """
        public sealed class MeteringMiddleware : IMiddleware
        {
            public async Task InvokeAsync(HttpContext context, RequestDelegate next)
            {
                var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                var feature = new StreamResponseBodyFeature(new ByteCounter(previous.Stream));
                context.Features.Set<IHttpResponseBodyFeature>({|#0:feature|});
                try
                {
                    await next(context);
                }
                finally
                {
                    context.Features.Set(previous);
                }
            }
        }
        """ + ByteCounter,
        Verify.Diagnostic(Descriptors.SNOOP004_InstalledWithoutPrevious_NoFix).WithLocation(0).WithArguments("StreamResponseBodyFeature"));

    [Fact]
    public Task Fires_ResourceFilter_LocalTypedAsTheInterface() => Verify.VerifyCodeFixStrictAsync(
        Usings + """
        public sealed class CountBytesAttribute : Attribute, IAsyncResourceFilter
        {
            public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
            {
                var http = context.HttpContext;
                var previous = http.Features.Get<IHttpResponseBodyFeature>()!;
                IHttpResponseBodyFeature counting = new StreamResponseBodyFeature(new ByteCounter(http.Response.Body));
                http.Features.Set({|SNOOP004:counting|});
                try
                {
                    await next();
                }
                finally
                {
                    http.Features.Set(previous);
                }
            }
        }
        """ + ByteCounter,
        Usings + """
        public sealed class CountBytesAttribute : Attribute, IAsyncResourceFilter
        {
            public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
            {
                var http = context.HttpContext;
                var previous = http.Features.Get<IHttpResponseBodyFeature>()!;
                IHttpResponseBodyFeature counting = new StreamResponseBodyFeature(new ByteCounter(http.Response.Body));
                http.Features.Set({|SNOOP004:counting|});
                try
                {
                    await next();
                }
                finally
                {
                    http.Features.Set(previous);
                }
            }
        }
        """ + ByteCounter);

    [Fact]
    public async Task Properties_LocalForm_IsNotFixable_CreatedBeforeInstall()
    {
        var properties = await SinglePropertiesAsync("""
            public sealed class M(RequestDelegate next)
            {
                public Task InvokeAsync(HttpContext context)
                {
                    var feature = new StreamResponseBodyFeature(new BufferedStream(context.Response.Body));
                    context.Features.Set<IHttpResponseBodyFeature>(feature);
                    return next(context);
                }
            }
            """);
        Assert.Equal(DiagnosticProperties.KindSet, properties[DiagnosticProperties.KindKey]);
        Assert.False(properties.ContainsKey(DiagnosticProperties.FixableKey));
        Assert.Equal(DiagnosticProperties.NotFixableCreatedBeforeInstall, properties[DiagnosticProperties.NotFixableKey]);
    }

    [Fact]
    public async Task Properties_PreviousGivenNull_IsNotFixable_PreviousIsNull()
    {
        var properties = await SinglePropertiesAsync("""
            public sealed class M(RequestDelegate next)
            {
                public Task InvokeAsync(HttpContext context)
                {
                    context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(new BufferedStream(context.Response.Body), null!));
                    return next(context);
                }
            }
            """);
        Assert.Equal(DiagnosticProperties.NotFixablePreviousIsNull, properties[DiagnosticProperties.NotFixableKey]);
    }

    // ------------------------------------------------------------------ silent

    [Fact]
    public Task Silent_TwoArgumentForm_IsSnoop007s() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class ByteCountingMiddleware(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Features.Get<IHttpResponseBodyFeature>()!;
                context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(new ByteCounter(original.Stream), original));
                try { await next(context); }
                finally { context.Features.Set(original); }
            }
        }
        """ + ByteCounter);

    [Fact]
    public Task Silent_LocalGivenThePreviousFeature() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class ByteCountingMiddleware(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Features.Get<IHttpResponseBodyFeature>()!;
                var feature = new StreamResponseBodyFeature(new ByteCounter(original.Stream), original);
                context.Features.Set<IHttpResponseBodyFeature>(feature);
                try { await next(context); }
                finally { context.Features.Set(original); }
            }
        }
        """ + ByteCounter);

    [Fact]
    public Task Silent_TestFixture_DefaultHttpContextField_MemoryStreamBody() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class ResponseWriterTests
        {
            private readonly DefaultHttpContext _context = new();
            private readonly MemoryStream _body = new();

            public ResponseWriterTests()
            {
                _context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(_body));
            }

            public long Written => _body.Length;
        }
        """);

    [Fact]
    public Task Silent_TestHelper_DefaultHttpContextParameter() => Verify.VerifyAnalyzerAsync(Usings + """
        public static class ContextBuilder
        {
            public static DefaultHttpContext WithBody(this DefaultHttpContext context, Stream body)
            {
                context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(body));
                return context;
            }
        }
        """);

    [Fact]
    public Task Silent_LocalOnAFreshFeatureCollection() => Verify.VerifyAnalyzerAsync(Usings + """
        public static class Fakes
        {
            public static IFeatureCollection Build(Stream body)
            {
                var features = new FeatureCollection();
                var bodyFeature = new StreamResponseBodyFeature(body);
                features.Set<IHttpResponseBodyFeature>(bodyFeature);
                return features;
            }
        }
        """);

    [Fact]
    public Task Silent_LocalOfAFeatureThatTakesNoPrevious() => Verify.VerifyAnalyzerAsync(Usings + """
        public sealed class NullBody : IHttpResponseBodyFeature
        {
            public Stream Stream => Stream.Null;
            public System.IO.Pipelines.PipeWriter Writer => System.IO.Pipelines.PipeWriter.Create(Stream.Null);
            public void DisableBuffering() { }
            public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => Task.CompletedTask;
            public Task CompleteAsync() => Task.CompletedTask;
        }

        public sealed class HeadOnly(RequestDelegate next)
        {
            public Task InvokeAsync(HttpContext context)
            {
                var empty = new NullBody();
                context.Features.Set<IHttpResponseBodyFeature>(empty);
                return next(context);
            }
        }
        """);

    private static async Task<ImmutableDictionary<string, string?>> SinglePropertiesAsync(string source)
    {
        var compilation = Snippet.Compile(source).Compilation;
        var diagnostics = await compilation.WithAnalyzers([RuleAnalyzers.Alone<BodyFeatureInstallRule>()]).GetAnalyzerDiagnosticsAsync();
        return Assert.Single(diagnostics).Properties;
    }
}
