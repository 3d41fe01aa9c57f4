using System.Diagnostics;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Snoop.Tests.Infrastructure;

namespace Snoop.Tests;

/// <summary>
/// A capture is one object: the scope, its counters and frozen values, and the body feature it installs. These pin
/// what that folding must keep: one stream and one writer per capture whatever the order they are asked for, the
/// values frozen exactly when the scope ends, and the previous feature restored.
/// </summary>
public class ScopeFeatureTests
{
    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task TheInstalledFeatureIsTheCaptureItself(Protocol protocol)
    {
        var sink = new Sink<(bool Installed, bool Restored, long Bytes)>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.Run(async context =>
            {
                var server = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
                bool installed;
                long bytes;
                using (var capture = ResponseCapture.BeginMetrics(context))
                {
                    installed = ReferenceEquals(capture, context.Features.Get<IHttpResponseBodyFeature>());
                    await context.Response.WriteAsync("counted");
                    bytes = capture.BytesWritten;
                }

                sink.Set((installed, ReferenceEquals(server, context.Features.Get<IHttpResponseBodyFeature>()), bytes));
            });
        });

        Assert.Equal("counted", await host.Client.GetStringAsync("/"));
        Assert.Equal((true, true, 7L), await sink.GetAsync());
    }

    [Theory]
    [MemberData(nameof(StreamFirstAndWriterFirst))]
    public async Task BodyAndBodyWriterTogetherKeepOneStreamAndOneWriterAndCountBoth(Protocol protocol, bool writerFirst)
    {
        var sink = new Sink<(bool SameStream, bool SameWriter, long Bytes)>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.Run(async context =>
            {
                using var capture = ResponseCapture.BeginMetrics(context);
                Stream stream;
                PipeWriter writer;
                if (writerFirst)
                {
                    writer = context.Response.BodyWriter;
                    stream = context.Response.Body;
                }
                else
                {
                    stream = context.Response.Body;
                    writer = context.Response.BodyWriter;
                }

                await stream.WriteAsync(Encoding.ASCII.GetBytes("stream;"));
                var span = context.Response.BodyWriter.GetSpan(7);
                Encoding.ASCII.GetBytes("writer;", span);
                context.Response.BodyWriter.Advance(7);
                await context.Response.BodyWriter.FlushAsync();
                await context.Response.Body.WriteAsync(Encoding.ASCII.GetBytes("again;"));
                sink.Set((
                    ReferenceEquals(stream, context.Response.Body),
                    ReferenceEquals(writer, context.Response.BodyWriter),
                    capture.BytesWritten));
            });
        });

        Assert.Equal("stream;writer;again;", await host.Client.GetStringAsync("/"));
        Assert.Equal((true, true, 20L), await sink.GetAsync());
    }

    [Theory]
    [InlineData(404)]
    [InlineData(999)]
    [InlineData(int.MaxValue)]
    [InlineData(-1)]
    public void StatusAndStartedFreezeWhenTheScopeEndsWhateverTheStatusCode(int status)
    {
        var context = new DefaultHttpContext();
        var capture = ResponseCapture.BeginMetrics(context);
        context.Response.StatusCode = status;
        capture.Dispose();
        var atEnd = capture.GetMetrics();

        context.Response.StatusCode = 201; // the response never started, so the context still takes it

        Assert.Equal(status, capture.StatusCode);
        Assert.Equal(status, atEnd.StatusCode);
        Assert.False(capture.HasStarted);
        Assert.False(capture.IsAborted);
        Assert.Equal(atEnd.Duration, capture.Duration);
        Assert.True(atEnd.Duration >= TimeSpan.Zero);
        Assert.Equal(atEnd, capture.GetMetrics());
    }

    [Fact]
    public void DurationRunsWhileTheScopeIsOpenAndStopsWhenItEnds()
    {
        var context = new DefaultHttpContext();
        var capture = ResponseCapture.BeginMetrics(context);
        var first = capture.Duration;
        SpinUntil(() => capture.Duration > first);
        capture.Dispose();
        var atEnd = capture.Duration;
        var afterEnd = Stopwatch.GetTimestamp();
        SpinUntil(() => Stopwatch.GetTimestamp() > afterEnd);

        Assert.True(atEnd > first);
        Assert.Equal(atEnd, capture.Duration);
    }

    public static TheoryData<Protocol, bool> StreamFirstAndWriterFirst()
    {
        var data = new TheoryData<Protocol, bool>();
        foreach (var protocol in new[] { Protocol.Http1, Protocol.Http2 })
        {
            data.Add(protocol, false);
            data.Add(protocol, true);
        }

        return data;
    }

    private static void SpinUntil(Func<bool> condition)
    {
        // Bounded: the clock moves within microseconds; a stuck clock fails the assertion that follows, not the run.
        var spinner = new SpinWait();
        for (var i = 0; i < 1_000_000 && !condition(); i++)
        {
            spinner.SpinOnce();
        }
    }
}
