using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Snoop.Tests.Infrastructure;

namespace Snoop.Tests;

/// <summary>Status, bytes, duration, started and aborted, as <see cref="ResponseCapture"/> reports them on real Kestrel.</summary>
public class MetricsTests
{
    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task StatusNeverSetIs200(Protocol protocol)
    {
        var sink = new Sink<ResponseMetrics>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.UseResponseMetrics((_, metrics) => sink.Set(metrics));
            app.Run(context => context.Response.WriteAsync("ok"));
        });

        var response = await host.Client.GetAsync("/");
        var metrics = await sink.GetAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(200, metrics.StatusCode);
        Assert.Equal(2, metrics.BytesWritten);
        Assert.True(metrics.Started);
        Assert.False(metrics.Aborted);
        Assert.True(metrics.Duration > TimeSpan.Zero);
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task EmptyResponseThatNeverStartedReportsItsStatus(Protocol protocol)
    {
        var sink = new Sink<ResponseMetrics>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.UseResponseMetrics((_, metrics) => sink.Set(metrics));
            app.Run(context =>
            {
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return Task.CompletedTask;
            });
        });

        var response = await host.Client.GetAsync("/");
        var metrics = await sink.GetAsync();

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(new ResponseMetrics(204, 0, metrics.Duration, Started: false, Aborted: false), metrics);
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task StatusIsTheLastValueBeforeTheResponseStarted(Protocol protocol)
    {
        var sink = new Sink<ResponseMetrics>();
        var lateSet = new Sink<string>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.UseResponseMetrics((_, metrics) => sink.Set(metrics));
            app.Run(async context =>
            {
                context.Response.StatusCode = 201;
                context.Response.StatusCode = 202;
                await context.Response.WriteAsync("accepted");
                try
                {
                    context.Response.StatusCode = 500;
                    lateSet.Set("no exception");
                }
                catch (InvalidOperationException ex)
                {
                    lateSet.Set(ex.GetType().Name);
                }
            });
        });

        var response = await host.Client.GetAsync("/");
        var metrics = await sink.GetAsync();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("InvalidOperationException", await lateSet.GetAsync());
        Assert.Equal(202, metrics.StatusCode);
        Assert.Equal(8, metrics.BytesWritten);
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task ExceptionBeforeStartReports500AndIsRethrown(Protocol protocol)
    {
        var sink = new Sink<ResponseMetrics>();
        var seenOutside = new Sink<Exception>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.Use(async (context, next) =>
            {
                try
                {
                    await next(context);
                }
                catch (Exception ex)
                {
                    seenOutside.Set(ex);
                    throw;
                }
            });
            app.UseResponseMetrics((_, metrics) => sink.Set(metrics));
            app.Run(context =>
            {
                context.Response.StatusCode = 404;
                throw new InvalidTimeZoneException("boom before start");
            });
        });

        var response = await host.Client.GetAsync("/");
        var metrics = await sink.GetAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.IsType<InvalidTimeZoneException>(await seenOutside.GetAsync());
        Assert.Equal(500, metrics.StatusCode);
        Assert.False(metrics.Started);
        Assert.False(metrics.Aborted);
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task ExceptionAfterStartReportsTheSentStatusAndAborted(Protocol protocol)
    {
        var sink = new Sink<ResponseMetrics>();
        var seenOutside = new Sink<Exception>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.Use(async (context, next) =>
            {
                try
                {
                    await next(context);
                }
                catch (Exception ex)
                {
                    seenOutside.Set(ex);
                    throw;
                }
            });
            app.UseResponseMetrics((_, metrics) => sink.Set(metrics));
            app.Run(async context =>
            {
                context.Response.StatusCode = 203;
                await context.Response.WriteAsync("partial");
                await context.Response.Body.FlushAsync();
                throw new InvalidTimeZoneException("boom after start");
            });
        });

        using var response = await host.Client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.NonAuthoritativeInformation, response.StatusCode);
        await Assert.ThrowsAnyAsync<Exception>(() => response.Content.ReadAsByteArrayAsync());
        var metrics = await sink.GetAsync();

        Assert.IsType<InvalidTimeZoneException>(await seenOutside.GetAsync());
        Assert.Equal(203, metrics.StatusCode);
        Assert.Equal(7, metrics.BytesWritten);
        Assert.True(metrics.Started);
        Assert.True(metrics.Aborted);
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task CaptureMetricsAsyncReturnsTheMetricsAndRestoresTheFeature(Protocol protocol)
    {
        var sink = new Sink<(ResponseMetrics Metrics, bool Restored)>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.Use(async (context, next) =>
            {
                var before = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>();
                var metrics = await ResponseCapture.CaptureMetricsAsync(context, next);
                var after = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>();
                sink.Set((metrics, ReferenceEquals(before, after)));
            });
            app.Run(async context =>
            {
                context.Response.StatusCode = 418;
                await context.Response.Body.WriteAsync(new byte[300]);
                await context.Response.BodyWriter.WriteAsync(new byte[700]);
            });
        });

        var response = await host.Client.GetAsync("/");
        var (metrics, restored) = await sink.GetAsync();

        Assert.Equal(1000, (await response.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal(418, metrics.StatusCode);
        Assert.Equal(1000, metrics.BytesWritten);
        Assert.True(restored);
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task ScopeValuesFreezeWhenItEnds(Protocol protocol)
    {
        var sink = new Sink<(ResponseMetrics AtEnd, ResponseMetrics Later, long BytesLater)>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.Run(async context =>
            {
                var capture = ResponseCapture.BeginMetrics(context);
                await context.Response.WriteAsync("inside");
                capture.Dispose();
                var atEnd = capture.GetMetrics();
                await context.Response.WriteAsync("-outside");
                sink.Set((atEnd, capture.GetMetrics(), capture.BytesWritten));
            });
        });

        var body = await host.Client.GetStringAsync("/");
        var (atEnd, later, bytesLater) = await sink.GetAsync();

        Assert.Equal("inside-outside", body);
        Assert.Equal(6, atEnd.BytesWritten);
        Assert.Equal(atEnd, later);
        Assert.Equal(6, bytesLater);
    }
}
