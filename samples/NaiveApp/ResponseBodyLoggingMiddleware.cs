namespace NaiveApp;

/// <summary>The "log the response body" template: swaps Response.Body for a MemoryStream. Snoop: SNOOP001.</summary>
public sealed class ResponseBodyLoggingMiddleware(RequestDelegate next, ILogger<ResponseBodyLoggingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var originalBody = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
            buffer.Seek(0, SeekOrigin.Begin);
            var text = await new StreamReader(buffer).ReadToEndAsync();
            buffer.Seek(0, SeekOrigin.Begin);
            logger.LogInformation("Response {Path}: {Body}", context.Request.Path, text);
            await buffer.CopyToAsync(originalBody);
        }
        finally
        {
            context.Response.Body = originalBody;
        }
    }
}
