using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
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

    /// <summary>
    /// Found by the soak: a send-file that fails may have sent part of its range, so the kept prefix must end
    /// there; going on would keep later bytes as if they followed the earlier ones, a body the client never saw.
    /// </summary>
    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task FailedSendFileEndsTheKeptPrefix(Protocol protocol)
    {
        var file = Path.Combine(Path.GetTempPath(), $"snoop-half-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, "0123456789");
        try
        {
            var sink = new Sink<(string Kept, bool Truncated, long Bytes, string Error)>();
            await using var host = await KestrelHost.StartAsync(protocol, app =>
            {
                app.Use(async (context, next) =>
                {
                    // Below the capture: a send-file that gets half of its range out, then fails.
                    var server = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
                    context.Features.Set<IHttpResponseBodyFeature>(new HalfSendFileFeature(server));
                    await next(context);
                    context.Features.Set(server);
                });
                app.Run(async context =>
                {
                    await using var capture = ResponseCapture.Begin(context, 1024);
                    await context.Response.WriteAsync("before;");
                    var error = "none";
                    try
                    {
                        await context.Response.SendFileAsync(file, 0, 10);
                    }
                    catch (IOException ex)
                    {
                        error = ex.Message;
                    }

                    await context.Response.WriteAsync(";after");
                    sink.Set((capture.GetBodyText(), capture.IsTruncated, capture.BytesWritten, error));
                });
            });

            Assert.Equal("before;01234;after", await host.Client.GetStringAsync("/"));
            Assert.Equal(("before;", true, 13L, "half sent"), await sink.GetAsync());
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The same on a real abort: HttpResponse.SendFileAsync without a token swallows the cancellation.</summary>
    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task SendFileCancelledByTheClientLeavingEndsTheKeptPrefix(Protocol protocol)
    {
        var file = Path.Combine(Path.GetTempPath(), $"snoop-gone-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, "0123456789");
        var clientGone = new Signal();
        var sink = new Sink<(string Kept, bool Truncated, bool Aborted)>();
        try
        {
            await using var host = await KestrelHost.StartAsync(protocol, app =>
            {
                app.Run(async context =>
                {
                    await using var capture = ResponseCapture.Begin(context, 1024);
                    await context.Response.WriteAsync("before;");
                    await context.Response.Body.FlushAsync();
                    await clientGone.WaitAsync();
                    var aborted = new Signal();
                    using (context.RequestAborted.Register(aborted.Set))
                    {
                        await aborted.WaitAsync();
                    }

                    await context.Response.SendFileAsync(file, 0, 10); // cancelled, and the cancellation swallowed
                    await context.Response.WriteAsync(";after");
                    sink.Set((capture.GetBodyText(), capture.IsTruncated, capture.IsAborted));
                });
            });

            var response = await host.Client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead);
            var stream = await response.Content.ReadAsStreamAsync();
            Assert.True(await stream.ReadAsync(new byte[64]) > 0);
            response.Dispose();
            clientGone.Set();

            Assert.Equal(("before;", true, true), await sink.GetAsync());
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// Body read while the response still streams stays what it was when read: growing the buffer must not hand
    /// the array that memory views back to the shared pool, where another request would overwrite it.
    /// </summary>
    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task BodyReadMidStreamSurvivesTheBufferGrowing(Protocol protocol)
    {
        var sink = new Sink<(string Early, int Length)>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.Run(async context =>
            {
                await using var capture = ResponseCapture.Begin(context, 1 << 20);
                await context.Response.Body.WriteAsync(Enumerable.Repeat((byte)'A', 100).ToArray());
                var early = capture.Body; // a view of the first, 4 KiB, array
                for (var i = 0; i < 8; i++)
                {
                    await context.Response.Body.WriteAsync(Enumerable.Repeat((byte)'B', 5000 * (i + 1)).ToArray());

                    // Other requests renting from the shared pool, on this thread and on others.
                    Churn();
                    await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(Churn)));
                }

                sink.Set((Encoding.ASCII.GetString(early.Span), capture.Body.Length));
            });
        });

        Assert.Equal(100 + (5000 * 36), (await host.Client.GetByteArrayAsync("/")).Length);
        var (early, length) = await sink.GetAsync();
        Assert.Equal(new string('A', 100), early);
        Assert.Equal(100 + (5000 * 36), length);

        static void Churn()
        {
            for (var size = 4096; size <= 1 << 20; size *= 2)
            {
                var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(size);
                rented.AsSpan().Fill((byte)'Z');
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
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

    private sealed class HalfSendFileFeature(IHttpResponseBodyFeature inner) : DelegatingResponseBodyFeature(inner)
    {
        public override async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
        {
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            await Stream.WriteAsync(bytes.AsMemory((int)offset, (int)(count ?? bytes.Length - offset) / 2), cancellationToken);
            throw new IOException("half sent");
        }
    }
}

/// <summary>The prefix buffer's growth, checked without allocating the sizes it computes.</summary>
public class BodyPrefixBufferGrowthTests
{
    [Theory]
    [InlineData(0, 1, 32768, 4096)]
    [InlineData(4096, 4097, 32768, 8192)]
    [InlineData(16384, 16385, 20000, 20000)]
    [InlineData(0, 100_000, int.MaxValue, 100_000)]
    [InlineData(1 << 30, (1 << 30) + 1, int.MaxValue, int.MaxValue)] // doubling 1 GiB overflowed int before
    [InlineData(1_500_000_000, 1_500_000_001, 2_000_000_000, 2_000_000_000)]
    public void NextCapacityDoublesUpToTheLimitWithoutOverflowing(int current, int needed, int max, int expected)
        => Assert.Equal(expected, Snoop.Internal.BodyPrefixBuffer.NextCapacity(current, needed, max));

    [Fact]
    public void LimitAboveTheLargestArrayIsCapped()
        => Assert.Equal(Array.MaxLength, new Snoop.Internal.BodyPrefixBuffer(int.MaxValue).Max);
}
