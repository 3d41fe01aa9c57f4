using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Snoop.Tests.Infrastructure;

namespace Snoop.Tests;

public class SmokeTests
{
    [Theory]
    [InlineData(Protocol.Http1)]
    [InlineData(Protocol.Http2)]
    public async Task BodyCaptureKeepsBytesAndStreamsThrough(Protocol protocol)
    {
        string? captured = null;
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.Use(async (context, next) =>
            {
                await using var capture = ResponseCapture.Begin(context, 5);
                await next(context);
                captured = capture.GetBodyText() + "|" + capture.BytesWritten + "|" + capture.IsTruncated;
            });
            app.Run(context => context.Response.WriteAsync("hello world"));
        });
        var response = await host.Client.GetAsync("/");
        Assert.Equal(protocol == Protocol.Http2 ? new Version(2, 0) : new Version(1, 1), response.Version);
        Assert.Equal("hello world", await response.Content.ReadAsStringAsync());
        Assert.Equal("hello|11|True", captured);
    }
}
