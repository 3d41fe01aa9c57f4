using System.IO.Compression;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;
using Snoop.Tests.Infrastructure;

namespace Snoop.Tests;

/// <summary>Captures stacked on each other and on ASP.NET Core's own body wrappers; separate features stay untouched.</summary>
public class CompositionTests
{
    private static readonly string Payload = string.Concat(Enumerable.Range(0, 2000).Select(i => $"line {i};"));

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task NestedCapturesEachSeeTheirOwnBytes(Protocol protocol)
    {
        var outer = new Sink<(long, string, bool)>();
        var inner = new Sink<(long, string, bool)>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.UseBodyCapture(100, (_, c) => outer.Set((c.BytesWritten, c.GetBodyText(), c.IsTruncated)));
            app.Use(async (context, next) =>
            {
                await context.Response.WriteAsync("outer-prefix;");
                await next(context);
            });
            app.UseBodyCapture(10, (_, c) => inner.Set((c.BytesWritten, c.GetBodyText(), c.IsTruncated)));
            app.Run(async context =>
            {
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("stream;"));
                await context.Response.BodyWriter.WriteAsync(Encoding.UTF8.GetBytes("writer;"));
            });
        });

        Assert.Equal("outer-prefix;stream;writer;", await host.Client.GetStringAsync("/"));
        Assert.Equal((27L, "outer-prefix;stream;writer;", false), await outer.GetAsync());
        Assert.Equal((14L, "stream;wri", true), await inner.GetAsync());
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task ComposesWithResponseCompression(Protocol protocol)
    {
        var outside = new Sink<byte[]>();
        var inside = new Sink<string>();
        await using var host = await KestrelHost.StartAsync(
            protocol,
            app =>
            {
                app.UseBodyCapture(1 << 20, (_, c) => outside.Set(c.Body.ToArray()));
                app.UseResponseCompression();
                app.UseBodyCapture(1 << 20, (_, c) => inside.Set(c.GetBodyText()));
                app.Run(context =>
                {
                    context.Response.ContentType = "text/plain";
                    return context.Response.WriteAsync(Payload);
                });
            },
            services: s => s.AddResponseCompression(o => o.EnableForHttps = true));

        using var request = host.NewRequest(HttpMethod.Get, "/");
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var response = await host.Client.SendAsync(request);
        var wire = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Equal(Payload, Gunzip(wire));
        Assert.Equal(wire, await outside.GetAsync()); // the outer layer sees the compressed bytes the client gets
        Assert.Equal(Payload, await inside.GetAsync()); // the inner layer sees what the app wrote
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task ComposesWithHttpLogging(Protocol protocol)
    {
        var captured = new Sink<(long, string)>();
        var logged = new LogCollector();
        await using var host = await KestrelHost.StartAsync(
            protocol,
            app =>
            {
                app.UseHttpLogging();
                app.UseBodyCapture(64, (_, c) => captured.Set((c.BytesWritten, c.GetBodyText())));
                app.Run(async context =>
                {
                    context.Response.ContentType = "text/plain";
                    await context.Response.WriteAsync(Payload[..40]);
                    await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(Payload[40..80]));
                });
            },
            services: s =>
            {
                s.AddHttpLogging(o =>
                {
                    o.LoggingFields = HttpLoggingFields.ResponseBody;
                    o.MediaTypeOptions.AddText("text/plain");
                    o.ResponseBodyLogLimit = 1024;
                });
                s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logged);
            });

        Assert.Equal(Payload[..80], await host.Client.GetStringAsync("/"));
        Assert.Equal((80L, Payload[..64]), await captured.GetAsync());
        Assert.Contains(Payload[..80], await logged.WaitForAsync(Payload[..80]));
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task ComposesWithOutputCaching(Protocol protocol)
    {
        var captures = new List<(long, string)>();
        var handlerRuns = 0;
        await using var host = await KestrelHost.StartAsync(
            protocol,
            app =>
            {
                app.UseBodyCapture(1024, (_, c) =>
                {
                    lock (captures)
                    {
                        captures.Add((c.BytesWritten, c.GetBodyText()));
                    }
                });
                app.UseOutputCache();
                app.MapGet("/cached", async context =>
                {
                    Interlocked.Increment(ref handlerRuns);
                    await context.Response.WriteAsync("cached body");
                }).CacheOutput();
            },
            services: s => s.AddOutputCache());

        var first = await host.Client.GetStringAsync("/cached");
        var second = await host.Client.GetStringAsync("/cached");
        await WaitUntilAsync(() => { lock (captures) { return captures.Count == 2; } });

        Assert.Equal("cached body", first);
        Assert.Equal(first, second);
        Assert.Equal(1, handlerRuns);
        Assert.All(captures, c => Assert.Equal((11L, "cached body"), c)); // served from the cache, still seen by the capture
    }

    [Fact]
    public async Task TrailersOverHttp2AreUntouched()
    {
        var sink = new Sink<long>();
        await using var host = await KestrelHost.StartAsync(Protocol.Http2, app =>
        {
            app.UseBodyCapture(1024, (_, c) => sink.Set(c.BytesWritten));
            app.Run(async context =>
            {
                Assert.True(context.Response.SupportsTrailers());
                context.Response.DeclareTrailer("x-checksum");
                await context.Response.WriteAsync("body");
                context.Response.AppendTrailer("x-checksum", "42");
            });
        });

        using var response = await host.Client.GetAsync("/");
        Assert.Equal("body", await response.Content.ReadAsStringAsync());
        Assert.Equal("42", response.TrailingHeaders.GetValues("x-checksum").Single());
        Assert.Equal(4, await sink.GetAsync());
    }

    [Fact]
    public async Task WebSocketUpgradeIsUntouched()
    {
        var sink = new Sink<(long, bool)>();
        await using var host = await KestrelHost.StartAsync(Protocol.Http1, app =>
        {
            app.UseWebSockets();
            app.UseBodyCapture(1024, (_, c) => sink.Set((c.BytesWritten, c.IsTruncated)));
            app.Run(async context =>
            {
                using var socket = await context.WebSockets.AcceptWebSocketAsync();
                var buffer = new byte[64];
                var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
                await socket.SendAsync(buffer.AsMemory(0, received.Count), WebSocketMessageType.Text, true, CancellationToken.None);
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
            });
        });

        using var client = new ClientWebSocket();
        await client.ConnectAsync(new Uri($"ws://{host.BaseAddress.Authority}/"), CancellationToken.None);
        await client.SendAsync(Encoding.UTF8.GetBytes("ping"), WebSocketMessageType.Text, true, CancellationToken.None);
        var reply = new byte[64];
        var result = await client.ReceiveAsync(reply, CancellationToken.None);
        var close = await client.ReceiveAsync(new byte[64], CancellationToken.None);
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);

        Assert.Equal("ping", Encoding.UTF8.GetString(reply, 0, result.Count));
        Assert.Equal(WebSocketMessageType.Close, close.MessageType);
        Assert.Equal((0L, false), await sink.GetAsync()); // frames do not pass through the body feature
    }

    [Fact]
    public async Task StreamResetOverHttp2IsUntouched()
    {
        var sink = new Sink<ResponseMetrics>();
        await using var host = await KestrelHost.StartAsync(Protocol.Http2, app =>
        {
            app.UseResponseMetrics((_, m) => sink.Set(m));
            app.Run(async context =>
            {
                await context.Response.WriteAsync("before reset");
                await context.Response.Body.FlushAsync();
                context.Features.GetRequiredFeature<IHttpResetFeature>().Reset(errorCode: 8); // CANCEL
            });
        });

        using var response = await host.Client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => response.Content.ReadAsStringAsync());
        var metrics = await sink.GetAsync();

        Assert.Contains("CANCEL", error.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(12, metrics.BytesWritten);
        Assert.True(metrics.Aborted);
    }

    private static string Gunzip(byte[] data)
    {
        using var gzip = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Signal.Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The server did not report in time.");
            await Task.Delay(10);
        }
    }
}
