using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Snoop.Tests.Infrastructure;

namespace Snoop.Tests;

/// <summary>The bounded body capture: what it keeps, how it decodes, and what it refuses.</summary>
public class BodyCaptureTests
{
    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task TextIsDecodedByTheResponseCharset(Protocol protocol)
    {
        var sink = new Sink<string>();
        const string Text = "façade – naïve – Ünïcödé";
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.UseBodyCapture(1024, (_, c) => sink.Set(c.GetBodyText()));
            app.Run(async context =>
            {
                context.Response.ContentType = "text/plain; charset=utf-16";
                await context.Response.Body.WriteAsync(Encoding.Unicode.GetBytes(Text));
            });
        });

        var bytes = await host.Client.GetByteArrayAsync("/");
        Assert.Equal(Encoding.Unicode.GetBytes(Text), bytes);
        Assert.Equal(Text, await sink.GetAsync());
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task TruncationInsideAMultiByteCharacterDropsThePartialCharacter(Protocol protocol)
    {
        var sink = new Sink<(string Text, bool Truncated, int Kept, long Written)>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.UseBodyCapture(5, (_, c) => sink.Set((c.GetBodyText(), c.IsTruncated, c.Body.Length, c.BytesWritten)));
            app.Run(context => context.Response.WriteAsync("abcd€€")); // € is three bytes in UTF-8
        });

        Assert.Equal("abcd€€", await host.Client.GetStringAsync("/"));
        Assert.Equal(("abcd", true, 5, 10L), await sink.GetAsync());
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task ExactlyTheLimitIsNotTruncated(Protocol protocol)
    {
        var sink = new Sink<(string, bool)>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.UseBodyCapture(6, (_, c) => sink.Set((c.GetBodyText(), c.IsTruncated)));
            app.Run(async context =>
            {
                await context.Response.WriteAsync("abc");
                await context.Response.WriteAsync("def");
                await context.Response.WriteAsync(string.Empty);
            });
        });

        Assert.Equal("abcdef", await host.Client.GetStringAsync("/"));
        Assert.Equal(("abcdef", false), await sink.GetAsync());
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task ZeroLimitKeepsNothingAndStillCounts(Protocol protocol)
    {
        var sink = new Sink<(int, long, bool, string)>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.UseBodyCapture(0, (_, c) => sink.Set((c.Body.Length, c.BytesWritten, c.IsTruncated, c.GetBodyText())));
            app.Run(context => context.Response.WriteAsync("data"));
        });

        Assert.Equal("data", await host.Client.GetStringAsync("/"));
        Assert.Equal((0, 4L, true, string.Empty), await sink.GetAsync());
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task ReadingTheBodyAfterDisposalThrowsAClearError(Protocol protocol)
    {
        var sink = new Sink<string>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.Run(async context =>
            {
                var capture = ResponseCapture.Begin(context);
                await context.Response.WriteAsync("x");
                await capture.DisposeAsync();
                var error = Assert.Throws<ObjectDisposedException>(() => capture.GetBodyText());
                sink.Set(error.Message);
            });
        });

        Assert.Equal("x", await host.Client.GetStringAsync("/"));
        Assert.Contains("before disposing the capture", await sink.GetAsync());
    }

    [Fact]
    public void ArgumentsAreChecked()
    {
        var context = new DefaultHttpContext();
        Assert.Throws<ArgumentOutOfRangeException>(() => ResponseCapture.Begin(context, -1));
        Assert.Throws<ArgumentNullException>(() => ResponseCapture.Begin(null!));
        Assert.Throws<ArgumentNullException>(() => ResponseCapture.BeginMetrics(null!));
        Assert.Throws<ArgumentNullException>(() => ResponseCapture.Observe(context, null!));
        Assert.Throws<ArgumentNullException>(() => ResponseCapture.Decorate(context, _ => null!));
        Assert.Throws<ArgumentNullException>(() => { _ = ResponseCapture.CaptureMetricsAsync(context, null!); });
    }
}
