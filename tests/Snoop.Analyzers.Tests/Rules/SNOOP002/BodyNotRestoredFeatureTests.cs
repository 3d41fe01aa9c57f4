using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.BodyNotRestoredRule, Snoop.CodeFixes.Rules.BodyNotRestoredCodeFix>;
using VerifyAnalyzer = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.BodyNotRestoredRule>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>
/// SNOOP002 on body features installed with <c>Features.Set&lt;IHttpResponseBodyFeature&gt;</c> around the next
/// component and never put back, whether or not the previous feature was kept (issue 11); and the framework-grade
/// installs that stay silent (a helper that only installs, a feature installing itself in its constructor, a previous
/// feature handed in or kept in a state object, a fresh feature collection).
/// </summary>
public class BodyNotRestoredFeatureTests
{
    private const string Usings = BufferedResponseBodyTests.Usings + "using Microsoft.AspNetCore.Http.Features;\n";

    // ------------------------------------------------------------------ fires

    [Fact]
    public Task Fix_PreviousFeatureNotKept_StreamFeatureOverABuffer_KeepsItAndRestoresInFinally() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class ResponseAuditMiddleware(RequestDelegate next, ILogger<ResponseAuditMiddleware> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP002:context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer))|};
                await next(context);
                buffer.Position = 0;
                logger.LogInformation("{Length} bytes", buffer.Length);
                await buffer.CopyToAsync(originalBody);
            }
        }
        """,
        Usings + """
        public class ResponseAuditMiddleware(RequestDelegate next, ILogger<ResponseAuditMiddleware> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                using var buffer = new MemoryStream();
                var previousBodyFeature = context.Features.Get<IHttpResponseBodyFeature>();
                context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer));
                try
                {
                    await next(context);
                    buffer.Position = 0;
                    logger.LogInformation("{Length} bytes", buffer.Length);
                    await buffer.CopyToAsync(originalBody);
                }
                finally
                {
                    context.Features.Set<IHttpResponseBodyFeature>(previousBodyFeature);
                }
            }
        }
        """);

    [Fact]
    public Task Fix_PreviousReadInline_WrapperNeverPutBack_AppUseLambda_NullableEnabled() => Verify.VerifyCodeFixAsync(
        "#nullable enable\n" + Usings + """
        using Microsoft.AspNetCore.Builder;

        public static class Setup
        {
            public static void Configure(IApplicationBuilder app)
            {
                app.Use(async (context, next) =>
                {
                    var previousBodyFeature = "taken";
                    var counter = new MemoryStream();
                    {|SNOOP002:context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(counter, context.Features.Get<IHttpResponseBodyFeature>()!))|};
                    await next();
                    Console.WriteLine(previousBodyFeature + counter.Length);
                });
            }
        }
        """,
        "#nullable enable\n" + Usings + """
        using Microsoft.AspNetCore.Builder;

        public static class Setup
        {
            public static void Configure(IApplicationBuilder app)
            {
                app.Use(async (context, next) =>
                {
                    var previousBodyFeature = "taken";
                    var counter = new MemoryStream();
                    var previousBodyFeature2 = context.Features.Get<IHttpResponseBodyFeature>();
                    context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(counter, context.Features.Get<IHttpResponseBodyFeature>()!));
                    try
                    {
                        await next();
                        Console.WriteLine(previousBodyFeature + counter.Length);
                    }
                    finally
                    {
                        context.Features.Set<IHttpResponseBodyFeature>(previousBodyFeature2);
                    }
                });
            }
        }
        """);

    [Fact]
    public Task Fix_PreviousKeptInALocal_NullChecked_NeverPutBack() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class M(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var previous = context.Features.Get<IHttpResponseBodyFeature>();
                if (previous is null)
                {
                    await next(context);
                    return;
                }

                using var buffer = new MemoryStream();
                {|SNOOP002:context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer, previous))|};
                await next(context);
                buffer.Position = 0;
                await buffer.CopyToAsync(previous.Stream);
            }
        }
        """,
        Usings + """
        public class M(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var previous = context.Features.Get<IHttpResponseBodyFeature>();
                if (previous is null)
                {
                    await next(context);
                    return;
                }

                using var buffer = new MemoryStream();
                context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer, previous));
                try
                {
                    await next(context);
                    buffer.Position = 0;
                    await buffer.CopyToAsync(previous.Stream);
                }
                finally
                {
                    context.Features.Set<IHttpResponseBodyFeature>(previous);
                }
            }
        }
        """);

    [Fact]
    public Task Fix_PreviousKeptWithGetRequiredFeature_NeverPutBack() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class TimingMiddleware(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var bodyFeature = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
                var counting = new MemoryStream();
                {|#0:context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(counting, bodyFeature))|};
                await next(context);
                context.Response.Headers["X-Bytes"] = counting.Length.ToString();
            }
        }
        """,
        Usings + """
        public class TimingMiddleware(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var bodyFeature = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
                var counting = new MemoryStream();
                context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(counting, bodyFeature));
                try
                {
                    await next(context);
                    context.Response.Headers["X-Bytes"] = counting.Length.ToString();
                }
                finally
                {
                    context.Features.Set<IHttpResponseBodyFeature>(bodyFeature);
                }
            }
        }
        """,
        Verify.Diagnostic(Descriptors.SNOOP002_NeverRestored).WithLocation(0).WithArguments("bodyFeature"));

    [Fact]
    public Task Fix_PreviousNotKept_BodyStreamRestoredOnTheSuccessPathOnly() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class M : IMiddleware
        {
            public async Task InvokeAsync(HttpContext context, RequestDelegate next)
            {
                var originalBody = context.Response.Body;
                var buffer = new MemoryStream();
                {|SNOOP002:context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer))|};
                await next(context);
                buffer.Position = 0;
                await buffer.CopyToAsync(originalBody);
                context.Response.Body = originalBody;
            }
        }
        """,
        Usings + """
        public class M : IMiddleware
        {
            public async Task InvokeAsync(HttpContext context, RequestDelegate next)
            {
                var originalBody = context.Response.Body;
                var buffer = new MemoryStream();
                context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer));
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
    public Task Fires_PreviousNotKept_ReplacementInALocal_AsyncResultFilter() => VerifyAnalyzer.VerifyAnalyzerAsync(Usings + """
        using Microsoft.AspNetCore.Mvc.Filters;

        public class CaptureResultFilter : IAsyncResultFilter
        {
            public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
            {
                var buffer = new MemoryStream();
                var feature = new StreamResponseBodyFeature(buffer);
                {|#0:context.HttpContext.Features.Set<IHttpResponseBodyFeature>(feature)|};
                await next();
                Console.WriteLine(feature.Stream.Length);
            }
        }
        """,
        VerifyAnalyzer.Diagnostic(Descriptors.SNOOP002_PreviousFeatureNotKept).WithLocation(0).WithArguments("the previous IHttpResponseBodyFeature"));

    [Fact]
    public Task Fires_PreviousNotKept_TaskReturnedWithoutAwait_NoFix()
    {
        var source = Usings + """
            public class M(RequestDelegate next)
            {
                public Task Invoke(HttpContext context)
                {
                    {|SNOOP002:context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(new MemoryStream()))|};
                    return next(context);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source);
    }

    // ------------------------------------------------------------------ silent

    public static TheoryData<string, string> SilentCases() => new()
    {
        { "a helper that only installs, with the previous kept in a state object, restored by its caller's finally (ResponseCaching's shape)", """
            public sealed class CachingState
            {
                public IHttpResponseBodyFeature? OriginalFeature { get; set; }
                public MemoryStream Buffer { get; } = new();
            }

            public class CachingMiddleware(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var state = new CachingState();
                    Shim(context, state);
                    try { await next(context); }
                    finally { Unshim(context, state); }
                }

                private static void Shim(HttpContext context, CachingState state)
                {
                    state.OriginalFeature = context.Features.Get<IHttpResponseBodyFeature>();
                    context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(state.Buffer, state.OriginalFeature!));
                }

                private static void Unshim(HttpContext context, CachingState state) => context.Features.Set(state.OriginalFeature);
            }
            """ },
        { "a feature that installs itself in its constructor and detaches in the caller's finally (gRPC-Web's shape)", """
            public sealed class ShapingFeature : StreamResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _initial;

                public ShapingFeature(HttpContext context)
                    : base(context.Response.Body, context.Features.Get<IHttpResponseBodyFeature>()!)
                {
                    _initial = context.Features.Get<IHttpResponseBodyFeature>()!;
                    context.Features.Set<IHttpResponseBodyFeature>(this);
                }

                public void Detach(HttpContext context) => context.Features.Set(_initial);
            }

            public class ShapingMiddleware(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var feature = new ShapingFeature(context);
                    try { await next(context); }
                    finally { feature.Detach(context); }
                }
            }
            """ },
        { "the previous feature handed in as a parameter and put back in finally (System.Web adapters' shape)", """
            public class BufferingMiddleware(RequestDelegate next)
            {
                public Task InvokeAsync(HttpContext context)
                    => context.Features.Get<IHttpResponseBodyFeature>() is { } feature ? BufferAsync(context, feature) : next(context);

                private async Task BufferAsync(HttpContext context, IHttpResponseBodyFeature feature)
                {
                    using var buffer = new MemoryStream();
                    context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer, feature));
                    try
                    {
                        await next(context);
                        buffer.Position = 0;
                        await buffer.CopyToAsync(feature.Stream);
                    }
                    finally
                    {
                        context.Features.Set(feature);
                    }
                }
            }
            """ },
        { "previous not kept, the body stream put back in finally", """
            public class M(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var originalBody = context.Response.Body;
                    using var buffer = new MemoryStream();
                    context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer));
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
            """ },
        { "GetRequiredFeature kept, the wrapper put back in finally (HttpLogging's shape)", """
            public class LoggingMiddleware(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var originalBodyFeature = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
                    var wrapper = new StreamResponseBodyFeature(new MemoryStream(), originalBodyFeature);
                    context.Features.Set<IHttpResponseBodyFeature>(wrapper);
                    try
                    {
                        await next(context);
                    }
                    finally
                    {
                        context.Features.Set(originalBodyFeature);
                    }
                }
            }
            """ },
        { "a using scope handed the context before the swap (it may keep and restore the feature)", """
            public sealed class BodyFeatureScope : IDisposable
            {
                private readonly HttpContext _context;
                private readonly IHttpResponseBodyFeature? _previous;

                public BodyFeatureScope(HttpContext context)
                {
                    _context = context;
                    _previous = context.Features.Get<IHttpResponseBodyFeature>();
                }

                public void Dispose() => _context.Features.Set(_previous);
            }

            public class M(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    using var scope = new BodyFeatureScope(context);
                    context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(new MemoryStream()));
                    await next(context);
                }
            }
            """ },
        { "a test host building its own feature collection", """
            public static class TestHost
            {
                public static async Task<string> Run(RequestDelegate app)
                {
                    var features = new FeatureCollection();
                    var body = new MemoryStream();
                    features.Set<IHttpRequestFeature>(new HttpRequestFeature());
                    features.Set<IHttpResponseFeature>(new HttpResponseFeature());
                    features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(body));
                    await app(new DefaultHttpContext(features));
                    return Encoding.UTF8.GetString(body.ToArray());
                }
            }
            """ },
        { "the replacement registered for disposal (it may restore when disposed)", """
            public sealed class RestoringFeature(Stream stream, IHttpResponseBodyFeature previous, HttpContext context)
                : StreamResponseBodyFeature(stream, previous), IDisposable
            {
                void IDisposable.Dispose() => context.Features.Set(previous);
            }

            public static class Install
            {
                public static async Task Run(HttpContext context, RequestDelegate next)
                {
                    var replacement = new RestoringFeature(new MemoryStream(), context.Features.Get<IHttpResponseBodyFeature>()!, context);
                    context.Response.RegisterForDispose(replacement);
                    context.Features.Set<IHttpResponseBodyFeature>(replacement);
                    await next(context);
                }
            }
            """ },
        { "an extension that installs for the request without calling the next component", """
            public static class ResponseCountingExtensions
            {
                public static MemoryStream EnableResponseCopy(this HttpContext context)
                {
                    var copy = new MemoryStream();
                    context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(copy, context.Features.Get<IHttpResponseBodyFeature>()!));
                    return copy;
                }
            }
            """ },
        { "previous kept in a field by the middleware, restored from a callback", """
            public class M(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var holder = new IHttpResponseBodyFeature?[1];
                    holder[0] = context.Features.Get<IHttpResponseBodyFeature>();
                    context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(new MemoryStream()));
                    context.Response.OnCompleted(() => { context.Features.Set(holder[0]); return Task.CompletedTask; });
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
        return VerifyAnalyzer.VerifyAnalyzerAsync("#nullable enable\n" + Usings + source);
    }
}
