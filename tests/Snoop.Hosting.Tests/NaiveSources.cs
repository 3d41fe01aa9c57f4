namespace Snoop.Hosting.Tests;

/// <summary>
/// "Log the response body" code the way it is written in the wild. Each source exposes
/// <c>Naive.Entry.UseLogging(IApplicationBuilder)</c> and <c>Naive.Entry.Decorate(IEndpointConventionBuilder)</c>
/// so that the test can host it; the logging itself goes through <c>ILogger</c> as "Response body: {Body}".
/// </summary>
internal static class NaiveSources
{
    public const string ClassMiddleware = """
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        namespace Naive;

        public sealed class ResponseLoggingMiddleware
        {
            private readonly RequestDelegate _next;
            private readonly ILogger<ResponseLoggingMiddleware> _logger;

            public ResponseLoggingMiddleware(RequestDelegate next, ILogger<ResponseLoggingMiddleware> logger)
            {
                _next = next;
                _logger = logger;
            }

            public async Task InvokeAsync(HttpContext context)
            {
                var originalBody = context.Response.Body;
                using var buffer = new MemoryStream();
                context.Response.Body = buffer;
                try
                {
                    await _next(context);
                    buffer.Seek(0, SeekOrigin.Begin);
                    var text = await new StreamReader(buffer).ReadToEndAsync();
                    buffer.Seek(0, SeekOrigin.Begin);
                    _logger.LogInformation("Response body: {Body}", text);
                    await buffer.CopyToAsync(originalBody);
                }
                finally
                {
                    context.Response.Body = originalBody;
                }
            }
        }

        public static class Entry
        {
            public static void UseLogging(IApplicationBuilder app) => app.UseMiddleware<ResponseLoggingMiddleware>();

            public static void Decorate(IEndpointConventionBuilder endpoint)
            {
            }
        }
        """;

    /// <summary>The lambda shape, restored only on the success path (no try/finally): SNOOP001 and SNOOP002.</summary>
    public const string UseLambda = """
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Logging;

        namespace Naive;

        public static class Entry
        {
            public static void UseLogging(IApplicationBuilder app)
            {
                app.Use(async (context, next) =>
                {
                    var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Naive");
                    var originalBody = context.Response.Body;
                    await using var memoryStream = new MemoryStream();
                    context.Response.Body = memoryStream;
                    await next(context);
                    memoryStream.Position = 0;
                    var body = await new StreamReader(memoryStream).ReadToEndAsync();
                    logger.LogInformation("Response body: {Body}", body);
                    memoryStream.Position = 0;
                    await memoryStream.CopyToAsync(originalBody);
                    context.Response.Body = originalBody;
                });
            }

            public static void Decorate(IEndpointConventionBuilder endpoint)
            {
            }
        }
        """;

    public const string EndpointFilter = """
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Logging;

        namespace Naive;

        public sealed class ResponseLoggingFilter(ILogger<ResponseLoggingFilter> logger) : IEndpointFilter
        {
            public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
            {
                var response = context.HttpContext.Response;
                var original = response.Body;
                using (var buffer = new MemoryStream())
                {
                    response.Body = buffer;
                    try
                    {
                        var result = await next(context);
                        buffer.Position = 0;
                        using var reader = new StreamReader(buffer, leaveOpen: true);
                        var text = reader.ReadToEnd();
                        logger.LogInformation("Response body: {Body}", text);
                        buffer.Position = 0;
                        await buffer.CopyToAsync(original);
                        return result;
                    }
                    finally
                    {
                        response.Body = original;
                    }
                }
            }
        }

        public static class Entry
        {
            public static void UseLogging(IApplicationBuilder app)
            {
            }

            public static void Decorate(IEndpointConventionBuilder endpoint) => endpoint.AddEndpointFilter<IEndpointConventionBuilder, ResponseLoggingFilter>();
        }
        """;
}
