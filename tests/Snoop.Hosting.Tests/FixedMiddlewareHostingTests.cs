using System.Net;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Snoop.Tests.Infrastructure;

namespace Snoop.Hosting.Tests;

/// <summary>
/// Proof by hosting: each naive "log the response body" shape is served by Kestrel as written, then fixed by
/// the SNOOP001/SNOOP002 code fixes through the workspace API, compiled against the real runtime and served
/// again. The fix must make server-sent events stream, keep the client's bytes identical, log the response's
/// first 32 KiB, and let an exception still produce the error page.
/// </summary>
public class FixedMiddlewareHostingTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int LimitInGeneratedCode = 32 * 1024;
    private static readonly string BigBody = string.Concat(Enumerable.Range(0, 5000).Select(i => $"row {i:D5};"));

    public static TheoryData<string> Shapes => new() { nameof(NaiveSources.ClassMiddleware), nameof(NaiveSources.UseLambda), nameof(NaiveSources.EndpointFilter) };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task FixMakesTheNaiveMiddlewareStreamAndKeepsItsBytes(string shape)
    {
        var naiveSource = (string)typeof(NaiveSources).GetField(shape)!.GetValue(null)!;

        var fix = await FixApplier.FixAsync(naiveSource, "SNOOP001", "SNOOP002");
        output.WriteLine(string.Join("\n", fix.Applied) + "\n\n" + fix.Source);
        Assert.Contains(fix.Applied, a => a.StartsWith("SNOOP001", StringComparison.Ordinal));
        Assert.Empty(fix.Remaining);
        Assert.DoesNotContain("MemoryStream", fix.Source);
        Assert.Contains("ResponseCapture", fix.Source);

        var before = await ServeAsync(FixApplier.Compile(naiveSource, shape + "_naive"));
        var after = await ServeAsync(FixApplier.Compile(fix.Source, shape + "_fixed"));

        // Server-sent events: the naive shape holds the first event until the handler ends; the fixed one streams it.
        Assert.False(before.SseStreamed, "the naive middleware was expected to buffer the event stream");
        Assert.True(after.SseStreamed, "after the fix the first event must reach the client before the handler ends\n" + fix.Source);
        Assert.Equal(before.SseBody, after.SseBody);

        // The client receives the same bytes; the log now holds the first 32 KiB.
        Assert.Equal(Encoding.UTF8.GetBytes(BigBody), after.BigBody);
        Assert.Equal(before.BigBody, after.BigBody);
        Assert.Contains("Response body: " + BigBody, before.Logs);
        Assert.Contains("Response body: " + BigBody[..LimitInGeneratedCode], after.Logs);
        Assert.DoesNotContain("Response body: " + BigBody[..(LimitInGeneratedCode + 1)], after.Logs);

        // An exception inside still produces the outer error page.
        Assert.Equal((HttpStatusCode.InternalServerError, "error page"), after.Boom);
    }

    [Fact]
    public async Task NaiveLambdaWithoutFinallyLosesTheErrorPageAndTheFixBringsItBack()
    {
        var before = await ServeAsync(FixApplier.Compile(NaiveSources.UseLambda, "lambda_naive"));
        var fix = await FixApplier.FixAsync(NaiveSources.UseLambda, "SNOOP001", "SNOOP002");
        var after = await ServeAsync(FixApplier.Compile(fix.Source, "lambda_fixed"));

        Assert.NotEqual("error page", before.Boom.Body);
        Assert.Equal((HttpStatusCode.InternalServerError, "error page"), after.Boom);
    }

    private static async Task<Observed> ServeAsync(Assembly naive)
    {
        var entry = naive.GetType("Naive.Entry", throwOnError: true)!;
        var useLogging = entry.GetMethod("UseLogging")!.CreateDelegate<Action<IApplicationBuilder>>();
        var decorate = entry.GetMethod("Decorate")!.CreateDelegate<Action<IEndpointConventionBuilder>>();
        var logs = new LogCollector();
        var firstEventRead = new Signal();
        var sseStreamed = new Sink<bool>();

        await using var host = await KestrelHost.StartAsync(
            Protocol.Http1,
            app =>
            {
                app.Use(async (context, next) =>
                {
                    try
                    {
                        await next(context);
                    }
                    catch (InvalidTimeZoneException) when (!context.Response.HasStarted)
                    {
                        context.Response.StatusCode = 500;
                        await context.Response.WriteAsync("error page");
                    }
                });
                useLogging(app);
                app.UseRouting();
                decorate(app.MapGet("/sse", (Func<HttpContext, Task>)(async context =>
                {
                    context.Response.ContentType = "text/event-stream";
                    await context.Response.WriteAsync("data: first\n\n");
                    await context.Response.Body.FlushAsync();
                    sseStreamed.Set(await firstEventRead.WaitAsync(TimeSpan.FromSeconds(3)));
                    await context.Response.WriteAsync("data: second\n\n");
                })));
                decorate(app.MapGet("/big", (Func<HttpContext, Task>)(async context =>
                {
                    context.Response.ContentType = "text/plain; charset=utf-8";
                    for (var i = 0; i < BigBody.Length; i += 1000)
                    {
                        await context.Response.WriteAsync(BigBody.Substring(i, Math.Min(1000, BigBody.Length - i)));
                    }
                })));
                decorate(app.MapGet("/boom", (Func<HttpContext, Task>)(_ => throw new InvalidTimeZoneException("boom"))));
            },
            services: services =>
            {
                services.AddRouting();
                services.AddSingleton<ILoggerProvider>(logs);
            });

        // Read the first event, then let the handler go on: if the event only arrives after the handler ended, it did not stream.
        using var sse = await host.Client.GetAsync("/sse", HttpCompletionOption.ResponseHeadersRead);
        var sseStream = await sse.Content.ReadAsStreamAsync();
        var reader = new StreamReader(sseStream);
        var firstLine = await reader.ReadLineAsync();
        firstEventRead.Set();
        var rest = await reader.ReadToEndAsync();
        var streamed = await sseStreamed.GetAsync();

        var big = await host.Client.GetByteArrayAsync("/big");
        using var boom = await host.Client.GetAsync("/boom");
        var boomBody = await boom.Content.ReadAsStringAsync();
        var allLogs = await logs.WaitForAsync("Response body: row");

        return new Observed(streamed, firstLine + "\n" + rest, big, allLogs, (boom.StatusCode, boomBody));
    }

    private sealed record Observed(bool SseStreamed, string SseBody, byte[] BigBody, string Logs, (HttpStatusCode Status, string Body) Boom);
}
