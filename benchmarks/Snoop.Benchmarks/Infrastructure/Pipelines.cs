using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Snoop.Benchmarks.Infrastructure;

/// <summary>How the terminal handler writes its body.</summary>
public enum WritePath
{
    /// <summary><c>Response.Body.WriteAsync</c>, in chunks.</summary>
    Stream,

    /// <summary><c>Response.BodyWriter</c>: <c>GetMemory</c>/<c>Advance</c> in chunks, then <c>FlushAsync</c>.</summary>
    Writer,
}

/// <summary>
/// Builds the same application for every variant: the variant's middleware in front of one terminal handler
/// that writes a text body of a given size in chunks of at most <see cref="ChunkSize"/> bytes. Everything is
/// built through <see cref="ApplicationBuilder"/> with a service provider, as a host builds it.
/// </summary>
public static class Pipelines
{
    /// <summary>The largest single write of the terminal handler (a typical serializer or copy buffer).</summary>
    public const int ChunkSize = 16 * 1024;

    /// <summary>The body limit of both bounded captures (Snoop and HTTP logging), ASP.NET Core's default.</summary>
    public const int CaptureLimit = 32 * 1024;

    private static long s_observed;

    /// <summary>A value derived from what the variants observed, so that their work cannot be optimized away.</summary>
    public static long Observed => Interlocked.Read(ref s_observed);

    /// <summary>The services a host would give the pipeline: logging to a sink that formats and drops, and HTTP logging options.</summary>
    public static IServiceProvider CreateServices()
    {
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.ClearProviders();
            logging.SetMinimumLevel(LogLevel.Information);
            logging.AddProvider(new DiscardLoggerProvider());
        });
        services.AddHttpLogging(options =>
        {
            options.LoggingFields = HttpLoggingFields.ResponsePropertiesAndHeaders | HttpLoggingFields.ResponseBody;
            options.ResponseBodyLogLimit = CaptureLimit;
        });
        return services.BuildServiceProvider();
    }

    /// <summary>A body of <paramref name="size"/> bytes of ASCII text (JSON-like), shared by every request.</summary>
    public static byte[] CreateBody(int size)
    {
        var body = new byte[size];
        var pattern = Encoding.ASCII.GetBytes("{\"id\":42,\"name\":\"order\",\"lines\":[1,2,3],\"note\":\"snoop\"},");
        for (var i = 0; i < size; i++)
        {
            body[i] = pattern[i % pattern.Length];
        }

        return body;
    }

    public static RequestDelegate Build(Variant variant, IServiceProvider services, byte[] body, WritePath path = WritePath.Stream)
    {
        var app = new ApplicationBuilder(services);
        Use(app, variant);
        app.Run(Terminal(body, path));
        return app.Build();
    }

    /// <summary>Adds <paramref name="variant"/>'s middleware to <paramref name="app"/>.</summary>
    public static void Use(IApplicationBuilder app, Variant variant)
    {
        switch (variant)
        {
            case Variant.None:
                break;
            case Variant.SnoopMetrics:
                app.UseResponseMetrics(static (_, metrics) => Observe(metrics.StatusCode + metrics.BytesWritten));
                break;
            case Variant.SnoopBody:
                app.Use(SnoopBodyAsync);
                break;
            case Variant.SnoopBodyText:
                app.Use(SnoopBodyTextAsync);
                break;
            case Variant.MemoryStreamTemplate:
                app.Use(MemoryStreamTemplateAsync);
                break;
            case Variant.HttpLogging:
                app.UseHttpLogging();
                break;
            case Variant.FloorMetrics:
                app.Use(static (context, next) => FloorMetrics.InvokeAsync(context, next, static (_, metrics) => Observe(metrics.StatusCode + metrics.BytesWritten)));
                break;
            case Variant.CountingStream:
                app.Use(CountingStreamAsync);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(variant), variant, null);
        }
    }

    public static RequestDelegate Terminal(byte[] body, WritePath path) => path == WritePath.Stream
        ? async context =>
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            var stream = context.Response.Body;
            for (var offset = 0; offset < body.Length; offset += ChunkSize)
            {
                await stream.WriteAsync(body.AsMemory(offset, Math.Min(ChunkSize, body.Length - offset)));
            }
        }
        : async context =>
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            var writer = context.Response.BodyWriter;
            for (var offset = 0; offset < body.Length; offset += ChunkSize)
            {
                var count = Math.Min(ChunkSize, body.Length - offset);
                body.AsSpan(offset, count).CopyTo(writer.GetSpan(count));
                writer.Advance(count);
            }

            await writer.FlushAsync();
        };

    private static void Observe(long value) => Interlocked.Add(ref s_observed, value);

    private static async Task SnoopBodyAsync(HttpContext context, RequestDelegate next)
    {
        await using var capture = ResponseCapture.Begin(context, CaptureLimit);
        await next(context);
        Observe(capture.StatusCode + capture.BytesWritten + capture.Body.Length + (capture.IsTruncated ? 1 : 0));
    }

    private static async Task SnoopBodyTextAsync(HttpContext context, RequestDelegate next)
    {
        await using var capture = ResponseCapture.Begin(context, CaptureLimit);
        await next(context);
        Observe(capture.StatusCode + capture.BytesWritten + capture.GetBodyText().Length);
    }

    /// <summary>The template found in blog posts and answers: buffer the whole body, read it, copy it back.</summary>
    private static async Task MemoryStreamTemplateAsync(HttpContext context, RequestDelegate next)
    {
        var originalBody = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
            buffer.Position = 0;
            var text = await new StreamReader(buffer).ReadToEndAsync();
            buffer.Position = 0;
            await buffer.CopyToAsync(originalBody);
            Observe(context.Response.StatusCode + text.Length);
        }
        finally
        {
            context.Response.Body = originalBody;
        }
    }

    /// <summary>The careful naive approach: a minimal counting stream assigned to <c>Response.Body</c>, restored in finally.</summary>
    private static async Task CountingStreamAsync(HttpContext context, RequestDelegate next)
    {
        var originalBody = context.Response.Body;
        var counting = new CountingStream(originalBody);
        context.Response.Body = counting;
        try
        {
            await next(context);
            Observe(context.Response.StatusCode + counting.BytesWritten);
        }
        finally
        {
            context.Response.Body = originalBody;
        }
    }
}
