using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Snoop.Tests.Infrastructure;

namespace Snoop.Tests;

/// <summary>
/// The runtime API given what it should not be given, or used when it should not be: each case gets a clear
/// exception or a documented no-op, and the client still receives exactly the bytes the application wrote.
/// </summary>
public class BadInputTests
{
    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task NegativeLimitIsRejectedAndNothingIsInstalled(Protocol protocol)
    {
        var sink = new Sink<(string Minus1, string MinValue, bool Unchanged)>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.Run(async context =>
            {
                var before = context.Features.Get<IHttpResponseBodyFeature>();
                var minus1 = Assert.Throws<ArgumentOutOfRangeException>(() => ResponseCapture.Begin(context, -1));
                var minValue = Assert.Throws<ArgumentOutOfRangeException>(() => ResponseCapture.Begin(context, int.MinValue));
                sink.Set((minus1.ParamName!, minValue.ParamName!, ReferenceEquals(before, context.Features.Get<IHttpResponseBodyFeature>())));
                await context.Response.WriteAsync("intact");
            });
        });

        Assert.Equal("intact", await host.Client.GetStringAsync("/"));
        Assert.Equal(("maxBodyBytes", "maxBodyBytes", true), await sink.GetAsync());
    }

    [Fact]
    public void NullArgumentsAreRejectedByName()
    {
        var context = new DefaultHttpContext();
        Assert.Equal("context", Assert.Throws<ArgumentNullException>(() => ResponseCapture.Begin(null!, 10)).ParamName);
        Assert.Equal("context", Assert.Throws<ArgumentNullException>(() => ResponseCapture.BeginMetrics(null!)).ParamName);
        Assert.Equal("context", Assert.Throws<ArgumentNullException>(() => ResponseCapture.Observe(null!, new ThrowingObserver())).ParamName);
        Assert.Equal("observer", Assert.Throws<ArgumentNullException>(() => ResponseCapture.Observe(context, null!)).ParamName);
        Assert.Equal("decorate", Assert.Throws<ArgumentNullException>(() => ResponseCapture.Decorate(context, null!)).ParamName);
        Assert.Equal("next", Assert.Throws<ArgumentNullException>(() => { _ = ResponseCapture.CaptureMetricsAsync(context, null!); }).ParamName);
        Assert.Equal("onCompleted", Assert.Throws<ArgumentNullException>(() => { _ = ResponseCapture.CaptureMetricsAsync(context, _ => Task.CompletedTask, null!); }).ParamName);
        Assert.Equal("innerStream", Assert.Throws<ArgumentNullException>(() => new DelegatingStream(null!)).ParamName);
        Assert.Equal("innerWriter", Assert.Throws<ArgumentNullException>(() => new DelegatingPipeWriter(null!)).ParamName);
        Assert.Equal("innerFeature", Assert.Throws<ArgumentNullException>(() => new DelegatingResponseBodyFeature(null!)).ParamName);
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task MaxIntLimitAllocatesOnlyAsTheBodyGrows(Protocol protocol)
    {
        var body = Enumerable.Range(0, 100_000).Select(i => (byte)(i % 251)).ToArray();
        var sink = new Sink<(long BeginAllocated, int AtStart, int AfterTen, int AfterAll, bool Kept)>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.Run(async context =>
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                var capture = ResponseCapture.Begin(context, int.MaxValue);
                var beginAllocated = GC.GetAllocatedBytesForCurrentThread() - before;
                await using (capture)
                {
                    var atStart = capture.Buffer.Capacity;
                    await context.Response.Body.WriteAsync(body.AsMemory(0, 10));
                    var afterTen = capture.Buffer.Capacity;
                    await context.Response.Body.WriteAsync(body.AsMemory(10));
                    var afterAll = capture.Buffer.Capacity;
                    sink.Set((beginAllocated, atStart, afterTen, afterAll, capture.Body.Span.SequenceEqual(body) && !capture.IsTruncated));
                }
            });
        });

        Assert.Equal(body, await host.Client.GetByteArrayAsync("/"));
        var (beginAllocated, atStart, afterTen, afterAll, kept) = await sink.GetAsync();
        Assert.True(beginAllocated < 4096, $"Begin(int.MaxValue) allocated {beginAllocated} bytes");
        Assert.Equal(0, atStart);
        Assert.InRange(afterTen, 10, 4096);
        Assert.InRange(afterAll, body.Length, 2 * 131_072); // grows by doubling, from the pool's power-of-two sizes
        Assert.True(kept);
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task DisposingTwiceNeverRestoresOverALaterFeature(Protocol protocol)
    {
        var sink = new Sink<string>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.Run(async context =>
            {
                var results = new List<string>();
                var scopes = new Func<ResponseFeatureScope>[]
                {
                    () => ResponseCapture.Begin(context, 8),
                    () => ResponseCapture.BeginMetrics(context),
                    () => ResponseCapture.Observe(context, new ThrowingObserver()),
                    () => ResponseCapture.Decorate(context, inner => new DelegatingResponseBodyFeature(inner)),
                };
                foreach (var begin in scopes)
                {
                    var server = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
                    var scope = begin();
                    scope.Dispose();
                    var later = new DelegatingResponseBodyFeature(server);
                    context.Features.Set<IHttpResponseBodyFeature>(later); // installed by someone after the scope ended
                    scope.Dispose();
                    await scope.DisposeAsync();
                    results.Add(ReferenceEquals(later, context.Features.Get<IHttpResponseBodyFeature>()) && scope.IsDisposed ? "kept" : "overwritten");
                    context.Features.Set(server);
                }

                sink.Set(string.Join(",", results));
                await context.Response.WriteAsync("intact");
            });
        });

        Assert.Equal("intact", await host.Client.GetStringAsync("/"));
        Assert.Equal("kept,kept,kept,kept", await sink.GetAsync());
    }

    /// <summary>Scopes disposed out of order still leave the server's feature, and every byte reaches the client.</summary>
    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task ScopesDisposedOutOfOrderLeaveTheOriginalFeature(Protocol protocol)
    {
        var sink = new Sink<(bool AfterCaptures, bool AfterCaptureMetricsAsync, long Outer, long Inner, long Metrics)>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.Run(async context =>
            {
                var server = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
                var outer = ResponseCapture.Begin(context, 64);
                var inner = ResponseCapture.BeginMetrics(context);
                await context.Response.WriteAsync("a");
                outer.Dispose(); // the outer scope first
                await context.Response.WriteAsync("b");
                inner.Dispose();
                var afterCaptures = ReferenceEquals(server, context.Features.Get<IHttpResponseBodyFeature>());

                // A scope begun inside CaptureMetricsAsync and left open past it.
                ResponseMetricsCapture? leaked = null;
                var metrics = await ResponseCapture.CaptureMetricsAsync(context, async c =>
                {
                    leaked = ResponseCapture.BeginMetrics(c);
                    await c.Response.WriteAsync("c");
                });
                leaked!.Dispose();
                var afterCaptureMetricsAsync = ReferenceEquals(server, context.Features.Get<IHttpResponseBodyFeature>());
                await context.Response.WriteAsync("d");
                sink.Set((afterCaptures, afterCaptureMetricsAsync, outer.BytesWritten, inner.BytesWritten, metrics.BytesWritten));
            });
        });

        Assert.Equal("abcd", await host.Client.GetStringAsync("/"));
        Assert.Equal((true, true, 1L, 1L, 1L), await sink.GetAsync());
    }

    /// <summary>Decision: a capture may begin after the response started; it counts and keeps what is written from then on.</summary>
    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task BeginningAfterTheResponseStartedCountsFromThen(Protocol protocol)
    {
        var observer = new RecordingObserver();
        var sink = new Sink<(long Bytes, string Kept, bool Started, long ObservedBytes, long MetricsBytes)>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.Run(async context =>
            {
                await context.Response.WriteAsync("before;");
                await context.Response.Body.FlushAsync();
                await using var capture = ResponseCapture.Begin(context, 1024);
                await using var metrics = ResponseCapture.BeginMetrics(context);
                await using (ResponseCapture.Observe(context, observer))
                {
                    await context.Response.Body.WriteAsync(Encoding.ASCII.GetBytes("after;"));
                    await context.Response.BodyWriter.WriteAsync(Encoding.ASCII.GetBytes("more"));
                }

                sink.Set((capture.BytesWritten, capture.GetBodyText(), capture.HasStarted, observer.Bytes, metrics.BytesWritten));
            });
        });

        Assert.Equal("before;after;more", await host.Client.GetStringAsync("/"));
        Assert.Equal((10L, "after;more", true, 10L, 10L), await sink.GetAsync());
        Assert.Equal(["write", "write", "completed"], observer.Events.ToArray()); // no OnStarting: it had already happened
    }

    /// <summary>
    /// A capture that the application never disposed ends with its request: its values freeze and its buffer goes
    /// back to the pool. The server reuses the HttpContext for the next request on the connection, so a capture
    /// that kept reading (or restoring into) it would report, and corrupt, another request.
    /// </summary>
    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task CaptureLeftOpenEndsWithItsRequestAndCannotTouchTheNext(Protocol protocol)
    {
        ResponseBodyCapture? stale = null;
        var tags = new ConcurrentQueue<string>();
        var second = new Sink<(int Status, long Bytes, bool Ended, string BodyError, string DisposeError)>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.Use(async (context, next) =>
            {
                // A per-request layer below which the captures sit: it must be this request's layer at the end.
                var server = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
                var tag = new DelegatingResponseBodyFeature(server);
                context.Features.Set<IHttpResponseBodyFeature>(tag);
                await next(context);
                tags.Enqueue(ReferenceEquals(tag, context.Features.Get<IHttpResponseBodyFeature>()) ? "own" : "foreign");
                context.Features.Set(server);
            });
            app.Run(async context =>
            {
                if (context.Request.Path == "/first")
                {
                    stale = ResponseCapture.Begin(context, 64); // never disposed
                    context.Response.StatusCode = 201;
                    await context.Response.WriteAsync("first");
                    return;
                }

                context.Response.StatusCode = 202;
                await context.Response.WriteAsync("second;");
                var capture = stale!;
                var status = capture.StatusCode;
                var bytes = capture.BytesWritten;
                var bodyError = Record(() => capture.GetBodyText());
                var disposeError = Record(capture.Dispose);
                await context.Response.WriteAsync("end");
                second.Set((status, bytes, capture.IsDisposed, bodyError, disposeError));
            });
        });

        using var client = host.CreateClient(); // one connection: the server reuses its HttpContext
        Assert.Equal("first", await client.GetStringAsync("/first"));
        Assert.Equal("second;end", await client.GetStringAsync("/second"));
        var (status, bytes, ended, bodyError, disposeError) = await second.GetAsync();

        Assert.Equal(201, status);
        Assert.Equal(5, bytes);
        Assert.True(ended);
        Assert.Contains("ObjectDisposedException", bodyError);
        Assert.Contains("read Body or GetBodyText() before", bodyError);
        Assert.Equal("none", disposeError);
        // The first request left its capture installed (it never disposed it); the second keeps its own layer.
        Assert.Equal(["foreign", "own"], tags.ToArray());
    }

    /// <summary>
    /// Decision: an exception thrown by an observer is not swallowed; it surfaces from the application's call that
    /// triggered it, after the bytes were handed to the server, so they still reach the client and are counted.
    /// </summary>
    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task ObserverExceptionSurfacesFromTheWriteCallAndTheBytesStillGoOut(Protocol protocol)
    {
        var sink = new Sink<(string Errors, long Bytes, string Kept)>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.Run(async context =>
            {
                var errors = new List<string>();
                await using var capture = ResponseCapture.Begin(context, 1024);
                await using (ResponseCapture.Observe(context, new ThrowingObserver()))
                {
                    await context.Response.Body.WriteAsync(Encoding.ASCII.GetBytes("a;"));
                    errors.Add(await RecordAsync(async () => await context.Response.Body.WriteAsync(Encoding.ASCII.GetBytes("boom-stream;"))));
                    errors.Add(await RecordAsync(async () => await context.Response.BodyWriter.WriteAsync(Encoding.ASCII.GetBytes("boom-writer;"))));
                    errors.Add(await RecordAsync(async () =>
                    {
                        var bytes = Encoding.ASCII.GetBytes("boom-span;");
                        bytes.CopyTo(context.Response.BodyWriter.GetSpan(bytes.Length));
                        context.Response.BodyWriter.Advance(bytes.Length);
                        await context.Response.BodyWriter.FlushAsync();
                    }));
                    await context.Response.BodyWriter.WriteAsync(Encoding.ASCII.GetBytes("b"));
                }

                sink.Set((string.Join(",", errors), capture.BytesWritten, capture.GetBodyText()));
            });
        });

        const string Expected = "a;boom-stream;boom-writer;boom-span;b";
        Assert.Equal(Expected, await host.Client.GetStringAsync("/"));
        var (errors, bytes, kept) = await sink.GetAsync();
        Assert.Equal("InvalidProgramException: observer,InvalidProgramException: observer,InvalidProgramException: observer", errors);
        Assert.Equal(Expected.Length, bytes);
        Assert.Equal(Expected, kept);
    }

    /// <summary>The observer throws on a write that the server cannot flush yet (the client is not reading): the write's flush still completes.</summary>
    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task ObserverExceptionOnABackpressuredWriteLosesNothing(Protocol protocol)
    {
        var big = new byte[4 << 20];
        "boom"u8.CopyTo(big);
        var sink = new Sink<(string Error, long Bytes)>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.Run(async context =>
            {
                await using var capture = ResponseCapture.Begin(context, 16);
                string error;
                await using (ResponseCapture.Observe(context, new ThrowingObserver()))
                {
                    error = await RecordAsync(async () => await context.Response.BodyWriter.WriteAsync(big));
                    await context.Response.BodyWriter.WriteAsync(new byte[1 << 20]);
                    await context.Response.Body.WriteAsync(new byte[1 << 20]);
                }

                sink.Set((error, capture.BytesWritten));
            });
        });

        var received = await host.Client.GetByteArrayAsync("/");
        Assert.Equal(6 << 20, received.Length);
        Assert.True(received.AsSpan(0, 4).SequenceEqual("boom"u8));
        Assert.Equal(("InvalidProgramException: observer", 6L << 20), await sink.GetAsync());
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task ObserverExceptionsOnStartingAndOnCompletedSurfaceAsDocumented(Protocol protocol)
    {
        var sink = new Sink<(string WriteError, string DisposeError, bool Restored)>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.Run(async context =>
            {
                var server = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
                var capture = ResponseCapture.Observe(context, new ThrowingObserver { OnStartingThrows = context.Request.Path == "/starting", OnCompletedThrows = true });
                var writeError = await RecordAsync(async () => await context.Response.WriteAsync("body"));
                var disposeError = Record(capture.Dispose);
                sink.Set((writeError, disposeError, ReferenceEquals(server, context.Features.Get<IHttpResponseBodyFeature>())));
            });
        });

        // OnCompleted: from the disposal, after the feature was restored; the response is intact.
        Assert.Equal("body", await host.Client.GetStringAsync("/completed"));
        Assert.Equal(("none", "InvalidProgramException: completed", true), await sink.GetAsync());

        // OnStarting: as any failing OnStarting callback, the server answers 500 and fails the write that started it.
        sink = new();
        using var response = await host.Client.GetAsync("/starting");
        Assert.Equal(500, (int)response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        var (writeError, disposeError, restored) = await sink.GetAsync();
        Assert.StartsWith("ObjectDisposedException", writeError);
        Assert.Equal("InvalidProgramException: completed", disposeError);
        Assert.True(restored);
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task ObserverSeesNothingAfterItsScopeEndedEvenThroughAKeptStream(Protocol protocol)
    {
        var observer = new RecordingObserver();
        var done = new Signal();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.Run(async context =>
            {
                Stream kept;
                System.IO.Pipelines.PipeWriter keptWriter;
                using (ResponseCapture.Observe(context, observer))
                {
                    kept = context.Response.Body;
                    keptWriter = context.Response.BodyWriter;
                    await kept.WriteAsync(Encoding.ASCII.GetBytes("in;"));
                }

                await kept.WriteAsync(Encoding.ASCII.GetBytes("out;"));
                await kept.FlushAsync();
                await keptWriter.WriteAsync(Encoding.ASCII.GetBytes("out"));
                done.Set();
            });
        });

        Assert.Equal("in;out;out", await host.Client.GetStringAsync("/"));
        Assert.True(await done.WaitAsync());
        Assert.Equal(["starting", "write", "completed"], observer.Events.ToArray());
        Assert.Equal(3, observer.Bytes);
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task DecorateReturningNullOrThrowingInstallsNothing(Protocol protocol)
    {
        var sink = new Sink<(string Null, string Throwing, bool Unchanged)>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.Run(async context =>
            {
                var before = context.Features.Get<IHttpResponseBodyFeature>();
                var nullError = Record(() => ResponseCapture.Decorate(context, _ => null!));
                var throwingError = Record(() => ResponseCapture.Decorate(context, _ => throw new InvalidProgramException("decorator")));
                sink.Set((nullError, throwingError, ReferenceEquals(before, context.Features.Get<IHttpResponseBodyFeature>())));
                await context.Response.WriteAsync("intact");
            });
        });

        Assert.Equal("intact", await host.Client.GetStringAsync("/"));
        var (nullError, throwingError, unchanged) = await sink.GetAsync();
        Assert.Contains("ArgumentNullException: The decorate function returned null.", nullError);
        Assert.Equal("InvalidProgramException: decorator", throwingError);
        Assert.True(unchanged);
    }

    [Fact]
    public async Task ContextWithoutABodyFeatureGetsAClearInvalidOperationException()
    {
        var context = new DefaultHttpContext();
        context.Features.Set<IHttpResponseBodyFeature>(null);
        const string Message = "The request has no IHttpResponseBodyFeature to capture.";

        Assert.Equal(Message, Assert.Throws<InvalidOperationException>(() => ResponseCapture.Begin(context)).Message);
        Assert.Equal(Message, Assert.Throws<InvalidOperationException>(() => ResponseCapture.BeginMetrics(context)).Message);
        Assert.Equal(Message, Assert.Throws<InvalidOperationException>(() => ResponseCapture.Observe(context, new ThrowingObserver())).Message);
        Assert.Equal(Message, Assert.Throws<InvalidOperationException>(() => ResponseCapture.Decorate(context, f => f)).Message);
        var ran = false;
        RequestDelegate next = _ =>
        {
            ran = true;
            return Task.CompletedTask;
        };
        Assert.Equal(Message, (await Assert.ThrowsAsync<InvalidOperationException>(() => ResponseCapture.CaptureMetricsAsync(context, next))).Message);
        Assert.Equal(Message, (await Assert.ThrowsAsync<InvalidOperationException>(() => ResponseCapture.CaptureMetricsAsync(context, next, (_, _) => { }))).Message);
        Assert.False(ran);
        Assert.Null(context.Features.Get<IHttpResponseBodyFeature>());
    }

    private static string Record(Action action)
    {
        try
        {
            action();
            return "none";
        }
        catch (Exception ex)
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }

    private static async Task<string> RecordAsync(Func<Task> action)
    {
        try
        {
            await action();
            return "none";
        }
        catch (Exception ex)
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }

    /// <summary>Throws from <see cref="OnWrite"/> when the bytes contain "boom".</summary>
    private sealed class ThrowingObserver : ResponseObserver
    {
        public bool OnStartingThrows { get; init; }

        public bool OnCompletedThrows { get; init; }

        public override void OnWrite(ReadOnlySpan<byte> data)
        {
            if (data.IndexOf("boom"u8) >= 0)
            {
                throw new InvalidProgramException("observer");
            }
        }

        public override void OnStarting()
        {
            if (OnStartingThrows)
            {
                throw new InvalidProgramException("starting");
            }
        }

        public override void OnCompleted()
        {
            if (OnCompletedThrows)
            {
                throw new InvalidProgramException("completed");
            }
        }
    }

    private sealed class RecordingObserver : ResponseObserver
    {
        private long _bytes;

        public ConcurrentQueue<string> Events { get; } = new();

        public long Bytes => Interlocked.Read(ref _bytes);

        public override void OnWrite(ReadOnlySpan<byte> data)
        {
            Interlocked.Add(ref _bytes, data.Length);
            Events.Enqueue("write");
        }

        public override void OnFlush() => Events.Enqueue("flush");

        public override void OnStarting() => Events.Enqueue("starting");

        public override void OnCompleted() => Events.Enqueue("completed");
    }
}
