using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Snoop.Tests.Infrastructure;

public static class PipelineExtensions
{
    /// <summary>Installs a <see cref="RecordingFeature"/> over the server's body feature and hands it to <paramref name="onRequest"/>.</summary>
    public static void UseRecordingFeature(this IApplicationBuilder app, Action<RecordingFeature> onRequest)
    {
        app.Use(async (context, next) =>
        {
            var previous = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
            var spy = new RecordingFeature(previous);
            context.Features.Set<IHttpResponseBodyFeature>(spy);
            onRequest(spy);
            try
            {
                await next(context);
            }
            finally
            {
                context.Features.Set(previous);
            }
        });
    }

    /// <summary>Wraps the rest of the pipeline in a bounded body capture and hands it to <paramref name="onEnd"/> before it ends.</summary>
    public static void UseBodyCapture(this IApplicationBuilder app, int maxBodyBytes, Action<HttpContext, ResponseBodyCapture> onEnd)
    {
        app.Use(async (context, next) =>
        {
            await using var capture = ResponseCapture.Begin(context, maxBodyBytes);
            await next(context);
            onEnd(context, capture);
        });
    }
}
