using VerifyAnalyzer = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.BodyNotRestoredRule>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>SNOOP002: more shapes that must stay silent (precision first; the basic silent cases are in BodyNotRestoredTests).</summary>
public class BodyNotRestoredSilentTests
{
    private const string Usings = BufferedResponseBodyTests.Usings;

    public static TheoryData<string, string> SilentCases() => new()
    {
        { "restored in finally through a helper method", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    using var buffer = new MemoryStream();
                    context.Response.Body = buffer;
                    try { await next(context); }
                    finally { Restore(context, original); }
                }

                private static void Restore(HttpContext context, Stream original) => context.Response.Body = original;
            }
            """ },
        { "restored by an await using IAsyncDisposable scope", """
            public sealed class AsyncBodyScope(HttpContext context, Stream original) : IAsyncDisposable
            {
                public ValueTask DisposeAsync() { context.Response.Body = original; return ValueTask.CompletedTask; }
            }

            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    await using var scope = new AsyncBodyScope(context, original);
                    context.Response.Body = new MemoryStream();
                    await next(context);
                }
            }
            """ },
        { "restored by a using block scope object", """
            public sealed class BodyScope(HttpContext context, Stream original) : IDisposable
            {
                public void Dispose() => context.Response.Body = original;
            }

            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    using (new BodyScope(context, original))
                    {
                        context.Response.Body = new MemoryStream();
                        await next(context);
                    }
                }
            }
            """ },
        { "swap in an inner method, restore in the caller's finally", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    using var buffer = new MemoryStream();
                    var original = Swap(context, buffer);
                    try { await next(context); }
                    finally { context.Response.Body = original; }
                }

                private static Stream Swap(HttpContext context, Stream replacement)
                {
                    var original = context.Response.Body;
                    context.Response.Body = replacement;
                    return original;
                }
            }
            """ },
        { "restore in a finally nested in the outer finally", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    using var buffer = new MemoryStream();
                    context.Response.Body = buffer;
                    try { await next(context); }
                    finally
                    {
                        try
                        {
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
            """ },
        { "app.Use lambda restores in finally", """
            using Microsoft.AspNetCore.Builder;

            public static class Setup
            {
                public static void Configure(IApplicationBuilder app)
                {
                    app.Use(async (context, next) =>
                    {
                        var original = context.Response.Body;
                        using var buffer = new MemoryStream();
                        context.Response.Body = buffer;
                        try
                        {
                            await next();
                            buffer.Position = 0;
                            await buffer.CopyToAsync(original);
                        }
                        finally { context.Response.Body = original; }
                    });
                }
            }
            """ },
        { "local function restores in finally", """
            using Microsoft.AspNetCore.Builder;

            public static class Setup
            {
                public static void Configure(IApplicationBuilder app)
                {
                    app.Use(next => context => Capture(context, next));

                    static async Task Capture(HttpContext context, RequestDelegate next)
                    {
                        var original = context.Response.Body;
                        context.Response.Body = new MemoryStream();
                        try { await next(context); }
                        finally { context.Response.Body = original; }
                    }
                }
            }
            """ },
        { "MVC result filter restores in finally", """
            using Microsoft.AspNetCore.Mvc.Filters;

            public class CaptureFilter : IAsyncResultFilter
            {
                public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
                {
                    var response = context.HttpContext.Response;
                    var original = response.Body;
                    using var buffer = new MemoryStream();
                    response.Body = buffer;
                    try
                    {
                        await next();
                        buffer.Position = 0;
                        await buffer.CopyToAsync(original);
                    }
                    finally { response.Body = original; }
                }
            }
            """ },
        { "endpoint filter restores in finally", """
            public class CaptureEndpointFilter : IEndpointFilter
            {
                public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
                {
                    var http = context.HttpContext;
                    var original = http.Response.Body;
                    http.Response.Body = new MemoryStream();
                    try { return await next(context); }
                    finally { http.Response.Body = original; }
                }
            }
            """ },
        { "synchronous method restores in finally", """
            public static class Renderer
            {
                public static void Render(HttpContext context, Action<HttpContext> render)
                {
                    var original = context.Response.Body;
                    using var buffer = new MemoryStream();
                    context.Response.Body = buffer;
                    try { render(context); buffer.WriteTo(original); }
                    finally { context.Response.Body = original; }
                }
            }
            """ },
        { "feature swapped, restored in finally through Features.Set<T>", """
            using Microsoft.AspNetCore.Http.Features;

            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var originalFeature = context.Features.Get<IHttpResponseBodyFeature>()!;
                    using var buffer = new MemoryStream();
                    context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer, originalFeature));
                    try { await next(context); }
                    finally { context.Features.Set<IHttpResponseBodyFeature>(originalFeature); }
                }
            }
            """ },
        { "unit test: fresh FeatureCollection given a StreamResponseBodyFeature over a MemoryStream", """
            using Microsoft.AspNetCore.Http.Features;

            public static class TestContext
            {
                public static HttpContext Create(MemoryStream body)
                {
                    var features = new FeatureCollection();
                    features.Set<IHttpResponseFeature>(new HttpResponseFeature());
                    features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(body));
                    return new DefaultHttpContext(features);
                }
            }
            """ },
        { "unit test: HttpContext-typed field with a DefaultHttpContext, never restored", """
            public class MiddlewareTests
            {
                private readonly HttpContext _context = new DefaultHttpContext();

                public async Task Writes()
                {
                    var original = _context.Response.Body;
                    _context.Response.Body = new MemoryStream();
                    await _context.Response.WriteAsync("hi");
                    Console.WriteLine(original.CanWrite);
                }
            }
            """ },
        { "a DTO's Body swapped, never restored (not HttpResponse)", """
            public sealed class Envelope
            {
                public Stream Body { get; set; } = Stream.Null;
            }

            public static class Packer
            {
                public static async Task Pack(Envelope envelope)
                {
                    var original = envelope.Body;
                    var copy = new MemoryStream();
                    await original.CopyToAsync(copy);
                    envelope.Body = copy;
                }
            }
            """ },
        { "swap in a switch section, restored in finally", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    switch (context.Request.Query["mode"].ToString())
                    {
                        case "capture":
                            var original = context.Response.Body;
                            context.Response.Body = new MemoryStream();
                            try { await next(context); }
                            finally { context.Response.Body = original; }
                            break;
                        default:
                            await next(context);
                            break;
                    }
                }
            }
            """ },
        { "restore in finally, with a catch filter that logs", """
            public class M(RequestDelegate next, ILogger<M> logger)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    context.Response.Body = new MemoryStream();
                    try { await next(context).ConfigureAwait(false); }
                    catch (Exception ex) when (Log(ex)) { throw; }
                    finally { context.Response.Body = original; }
                }

                private bool Log(Exception ex) { logger.LogError(ex, "failed"); return false; }
            }
            """ },
        { "template in comments only", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    // var original = context.Response.Body;
                    // context.Response.Body = new MemoryStream();
                    await next(context);
                    /* context.Response.Body = original; */
                }
            }
            """ },
        { "template in an inactive #elif branch", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
            #if SNOOP_NEVER_DEFINED_A
                    await next(context);
            #elif SNOOP_NEVER_DEFINED_B
                    var original = context.Response.Body;
                    context.Response.Body = new MemoryStream();
                    await next(context);
            #else
                    await next(context);
            #endif
                }
            }
            """ },
        { "method marked [GeneratedCode]", """
            public class M(RequestDelegate next)
            {
                [System.CodeDom.Compiler.GeneratedCode("tool", "1.0")]
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    context.Response.Body = new MemoryStream();
                    await next(context);
                }
            }
            """ },
        { "restored by Response.RegisterForDisposeAsync", """
            public sealed class AsyncRestorer(HttpContext context, Stream original) : IAsyncDisposable
            {
                public ValueTask DisposeAsync() { context.Response.Body = original; return ValueTask.CompletedTask; }
            }

            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    context.Response.RegisterForDisposeAsync(new AsyncRestorer(context, original));
                    context.Response.Body = new MemoryStream();
                    await next(context);
                }
            }
            """ },
        { "original kept but the body only wrapped in a finally-restored GZipStream", """
            using System.IO.Compression;

            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var original = context.Response.Body;
                    await using var gzip = new GZipStream(original, CompressionLevel.Fastest, leaveOpen: true);
                    context.Response.Body = gzip;
                    try { await next(context); }
                    finally { context.Response.Body = original; }
                }
            }
            """ },
        { "request body replaced and never restored (not the response)", """
            public class M(RequestDelegate next)
            {
                public async Task Invoke(HttpContext context)
                {
                    var originalRequest = context.Request.Body;
                    var buffered = new MemoryStream();
                    await originalRequest.CopyToAsync(buffered);
                    buffered.Position = 0;
                    context.Request.Body = buffered;
                    await next(context);
                }
            }
            """ },
        { "reads Response.Body into a MemoryStream without replacing it", """
            public static class Snapshot
            {
                public static async Task<byte[]> Take(HttpContext context)
                {
                    var body = context.Response.Body;
                    using var copy = new MemoryStream();
                    if (body.CanSeek) { body.Position = 0; await body.CopyToAsync(copy); }
                    return copy.ToArray();
                }
            }
            """ },
        { "unit test: response alias of a DefaultHttpContext, never restored", """
            public class ResponseTests
            {
                public async Task Arrange()
                {
                    var context = new DefaultHttpContext();
                    var response = context.Response;
                    var original = response.Body;
                    response.Body = new MemoryStream();
                    await response.WriteAsync("x");
                    Console.WriteLine(original.CanWrite);
                }
            }
            """ },
        { "ValueTask-returning method restores in finally", """
            public static class Probe
            {
                public static async ValueTask<long> Measure(HttpContext context, RequestDelegate next)
                {
                    var original = context.Response.Body;
                    using var buffer = new MemoryStream();
                    context.Response.Body = buffer;
                    try { await next(context); return buffer.Length; }
                    finally { context.Response.Body = original; }
                }
            }
            """ },
        { "swap inside a lambda handed to a helper, restored in the lambda's finally", """
            public static class Pipeline
            {
                public static Func<HttpContext, Task> Wrap(RequestDelegate next) => async context =>
                {
                    var original = context.Response.Body;
                    context.Response.Body = new MemoryStream();
                    try { await next(context); }
                    finally { context.Response.Body = original; }
                };
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
}
