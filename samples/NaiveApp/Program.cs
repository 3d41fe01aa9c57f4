using Microsoft.AspNetCore.Http.Features;
using NaiveApp;

var builder = WebApplication.CreateBuilder(args);

// Outgoing calls log their responses through a handler that replaces the response content.
builder.Services.AddTransient<ResponseLoggingHandler>();
builder.Services.AddHttpClient("upstream").AddHttpMessageHandler<ResponseLoggingHandler>();

var app = builder.Build();

app.UseMiddleware<ResponseBodyLoggingMiddleware>();
app.UseMiddleware<ByteCountingMiddleware>();
app.Use(async (context, next) =>
{
    var feature = new TimingBodyFeature(context.Features.GetRequiredFeature<IHttpResponseBodyFeature>());
    context.Features.Set<IHttpResponseBodyFeature>(feature);
    await next(context);
});

// Server-sent events: each event should reach the client when it is flushed.
app.MapGet("/events", async (HttpContext context, CancellationToken cancellationToken) =>
{
    context.Response.ContentType = "text/event-stream";
    for (var i = 1; i <= 5; i++)
    {
        await context.Response.WriteAsync($"data: event {i} at {DateTime.UtcNow:O}\n\n", cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
        await Task.Delay(1000, cancellationToken);
    }
});

// A download served with send-file.
app.MapGet("/download", () => Results.File(Path.Combine(AppContext.BaseDirectory, "NaiveApp.dll"), "application/octet-stream", "NaiveApp.dll"));

app.MapGet("/", () => "Hello from the naive app. Try /events and /download.");

app.Run();
