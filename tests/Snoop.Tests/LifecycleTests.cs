using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Snoop.Tests.Infrastructure;

namespace Snoop.Tests;

/// <summary>Scopes begin and end, clients leave, writers race: the response keeps every byte and the wrapper never throws.</summary>
public class LifecycleTests
{
    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task WritesAfterTheScopeEndedReachTheClient(Protocol protocol)
    {
        var sink = new Sink<(long Counted, bool Restored)>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.Run(async context =>
            {
                var server = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
                Stream keptStream;
                System.IO.Pipelines.PipeWriter keptWriter;
                long counted;
                await using (var capture = ResponseCapture.Begin(context, 1024))
                {
                    keptStream = context.Response.Body;
                    keptWriter = context.Response.BodyWriter;
                    await keptStream.WriteAsync(Encoding.ASCII.GetBytes("in;"));
                    counted = capture.BytesWritten;
                }

                var restored = ReferenceEquals(server, context.Features.GetRequiredFeature<IHttpResponseBodyFeature>());
                await keptStream.WriteAsync(Encoding.ASCII.GetBytes("kept-stream;"));
                await keptWriter.WriteAsync(Encoding.ASCII.GetBytes("kept-writer;"));
                await context.Response.WriteAsync("plain;");
                sink.Set((counted, restored));
            });
        });

        Assert.Equal("in;kept-stream;kept-writer;plain;", await host.Client.GetStringAsync("/"));
        Assert.Equal((3L, true), await sink.GetAsync());
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task DisposingRestoresThePreviousFeatureEvenWhenALaterComponentReplacedIt(Protocol protocol)
    {
        var sink = new Sink<bool>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.Run(async context =>
            {
                var server = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
                var capture = ResponseCapture.Begin(context);
                context.Response.Body = new MemoryStream(); // a later component swaps the body and never puts it back
                capture.Dispose();
                capture.Dispose(); // twice: a no-op
                await capture.DisposeAsync();
                sink.Set(ReferenceEquals(server, context.Features.GetRequiredFeature<IHttpResponseBodyFeature>()));
                await context.Response.WriteAsync("reached the client");
            });
        });

        Assert.Equal("reached the client", await host.Client.GetStringAsync("/"));
        Assert.True(await sink.GetAsync());
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task ScopeRestoresWhenTheHandlerThrows(Protocol protocol)
    {
        var sink = new Sink<bool>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.Use(async (context, next) =>
            {
                var server = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
                try
                {
                    await next(context);
                }
                catch (InvalidTimeZoneException)
                {
                    sink.Set(ReferenceEquals(server, context.Features.GetRequiredFeature<IHttpResponseBodyFeature>()));
                    context.Response.StatusCode = 503;
                    await context.Response.WriteAsync("error page");
                }
            });
            app.UseBodyCapture(1024, (_, _) => { });
            app.Run(_ => throw new InvalidTimeZoneException());
        });

        using var response = await host.Client.GetAsync("/");
        Assert.Equal(503, (int)response.StatusCode);
        Assert.Equal("error page", await response.Content.ReadAsStringAsync());
        Assert.True(await sink.GetAsync());
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task ClientDisconnectMidBodyIsReportedAsAbortedWithoutWrapperExceptions(Protocol protocol)
    {
        var firstChunkRead = new Signal();
        var sink = new Sink<(ResponseMetrics Metrics, string Failure)>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.Use(async (context, next) =>
            {
                var failure = "none";
                ResponseMetrics metrics = default;
                try
                {
                    metrics = await ResponseCapture.CaptureMetricsAsync(context, next);
                }
                catch (Exception ex)
                {
                    failure = ex.GetType().Name;
                }

                sink.Set((metrics, failure));
            });
            app.Run(async context =>
            {
                var chunk = new byte[16 * 1024];
                await context.Response.Body.WriteAsync(chunk);
                await context.Response.Body.FlushAsync();
                await firstChunkRead.WaitAsync();
                // Keep writing (without the abort token) until the server notices the client is gone.
                for (var i = 0; i < 10_000 && !context.RequestAborted.IsCancellationRequested; i++)
                {
                    await context.Response.BodyWriter.WriteAsync(chunk);
                    await Task.Yield();
                }
            });
        });

        var response = await host.Client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[1024];
        Assert.True(await stream.ReadAsync(buffer) > 0);
        response.Dispose(); // walk away mid-body
        firstChunkRead.Set();
        var (metrics, failure) = await sink.GetAsync();

        Assert.Equal("none", failure);
        Assert.True(metrics.Aborted);
        Assert.True(metrics.Started);
        Assert.True(metrics.BytesWritten >= 16 * 1024);
        Assert.Equal(0, metrics.BytesWritten % (16 * 1024));
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task ConcurrentWritesAreCountedExactly(Protocol protocol)
    {
        const int Writers = 8;
        const int WritesEach = 500;
        var sink = new Sink<(long Bytes, bool Truncated, int Kept)>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            // The server's stream does not allow concurrent writes; this layer below the capture serializes them.
            app.Use(async (context, next) =>
            {
                var previous = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
                context.Features.Set<IHttpResponseBodyFeature>(new SerializingFeature(previous));
                await next(context);
                context.Features.Set(previous);
            });
            app.UseBodyCapture(4096, (_, c) => sink.Set((c.BytesWritten, c.IsTruncated, c.Body.Length)));
            app.Run(async context =>
            {
                var body = context.Response.Body;
                var tasks = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
                {
                    var data = Enumerable.Repeat((byte)('a' + w), w + 1).ToArray();
                    for (var i = 0; i < WritesEach; i++)
                    {
                        if (i % 2 == 0)
                        {
                            await body.WriteAsync(data);
                        }
                        else
                        {
                            await body.WriteAsync(data, 0, data.Length);
                        }
                    }
                }));
                await Task.WhenAll(tasks);
            });
        });

        var received = await host.Client.GetByteArrayAsync("/");
        var (bytes, truncated, kept) = await sink.GetAsync();

        var expected = Enumerable.Range(0, Writers).Sum(w => (w + 1) * WritesEach);
        Assert.Equal(expected, received.Length);
        Assert.Equal(expected, bytes);
        Assert.True(truncated);
        Assert.Equal(4096, kept);
        for (var w = 0; w < Writers; w++)
        {
            Assert.Equal((w + 1) * WritesEach, received.Count(b => b == (byte)('a' + w)));
        }
    }

    private sealed class SerializingFeature(IHttpResponseBodyFeature inner) : DelegatingResponseBodyFeature(inner)
    {
        private readonly SerializingStream _stream = new(inner.Stream);

        public override Stream Stream => _stream;
    }

    private sealed class SerializingStream(Stream inner) : DelegatingStream(inner, leaveOpen: true)
    {
        private readonly SemaphoreSlim _gate = new(1, 1);

        public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                await base.WriteAsync(buffer, offset, count, cancellationToken);
            }
            finally
            {
                _gate.Release();
            }
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                await base.WriteAsync(buffer, cancellationToken);
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
