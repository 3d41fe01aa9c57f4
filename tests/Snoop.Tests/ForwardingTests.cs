using System.IO.Pipelines;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Snoop.Tests.Infrastructure;

namespace Snoop.Tests;

/// <summary>
/// The capture forwards every capability of the feature below it. A <see cref="RecordingFeature"/> sits
/// between the server and the capture and records which members were reached.
/// </summary>
public class ForwardingTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"snoop-{Guid.NewGuid():N}.bin");
    private readonly byte[] _fileBytes = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7 % 251)).ToArray();

    public ForwardingTests() => File.WriteAllBytes(_file, _fileBytes);

    public void Dispose() => File.Delete(_file);

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task SendFileIsForwardedAndCountedFromItsRange(Protocol protocol)
    {
        RecordingFeature? spy = null;
        var sink = new Sink<(long Bytes, bool Truncated, int Kept)>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.UseRecordingFeature(s => spy = s);
            app.UseBodyCapture(1024, (_, capture) => sink.Set((capture.BytesWritten, capture.IsTruncated, capture.Body.Length)));
            app.Run(context => context.Response.SendFileAsync(_file, 1000, 50_000));
        });

        var body = await host.Client.GetByteArrayAsync("/");
        var (bytes, truncated, kept) = await sink.GetAsync();

        Assert.Equal(_fileBytes.AsSpan(1000, 50_000).ToArray(), body);
        Assert.Equal(50_000, bytes);
        Assert.Equal($"SendFileAsync({Path.GetFileName(_file)},1000,50000)", Assert.Single(spy!.Calls));
        Assert.Equal(0, Interlocked.Read(ref spy.StreamBytes)); // not copied through the stream above the server
        Assert.Equal(0, Interlocked.Read(ref spy.WriterBytes));
        Assert.True(truncated);
        Assert.Equal(0, kept);
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task SendFileToTheEndIsCountedWithoutReadingTheFile(Protocol protocol)
    {
        var sink = new Sink<long>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.UseResponseMetrics((_, metrics) => sink.Set(metrics.BytesWritten));
            app.Run(async context =>
            {
                await context.Response.WriteAsync("head:");
                await context.Response.SendFileAsync(_file, 99_000, count: null);
            });
        });

        var body = await host.Client.GetByteArrayAsync("/");

        Assert.Equal(5 + 1000, body.Length);
        Assert.Equal(5 + 1000, await sink.GetAsync());
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task DisableBufferingStartAndCompleteAreForwarded(Protocol protocol)
    {
        RecordingFeature? spy = null;
        var order = new Sink<string>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.UseRecordingFeature(s => spy = s);
            app.UseBodyCapture(1024, (_, _) => { });
            app.Run(async context =>
            {
                var log = new StringBuilder();
                context.Response.OnStarting(() =>
                {
                    log.Append("OnStarting;");
                    return Task.CompletedTask;
                });
                context.Response.Headers["X-Test"] = "1";
                context.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
                log.Append($"before-start HasStarted={context.Response.HasStarted};");
                await context.Response.StartAsync();
                log.Append($"after-start HasStarted={context.Response.HasStarted};");
                await context.Response.WriteAsync("done");
                await context.Response.CompleteAsync();
                log.Append("completed;");
                order.Set(log.ToString());
            });
        });

        var response = await host.Client.GetAsync("/");

        Assert.Equal("done", await response.Content.ReadAsStringAsync());
        Assert.Equal("1", response.Headers.GetValues("X-Test").Single());
        Assert.Equal("before-start HasStarted=False;OnStarting;after-start HasStarted=True;completed;", await order.GetAsync());
        Assert.Equal(["DisableBuffering", "StartAsync", "CompleteAsync"], spy!.Calls.ToArray());
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task OnStartingAndHasStartedTimingIsIdenticalToNoWrapper(Protocol protocol)
    {
        async Task<string> RunAsync(bool capture)
        {
            var sink = new Sink<string>();
            await using var host = await KestrelHost.StartAsync(protocol, app =>
            {
                if (capture)
                {
                    app.UseBodyCapture(16, (_, _) => { });
                }

                app.Run(async context =>
                {
                    var log = new StringBuilder();
                    context.Response.OnStarting(() =>
                    {
                        log.Append("OnStarting;");
                        return Task.CompletedTask;
                    });
                    log.Append($"A:{context.Response.HasStarted};");
                    await context.Response.Body.WriteAsync(Encoding.ASCII.GetBytes("one"));
                    log.Append($"B:{context.Response.HasStarted};");
                    await context.Response.BodyWriter.WriteAsync(Encoding.ASCII.GetBytes("two"));
                    log.Append($"C:{context.Response.HasStarted};");
                    await context.Response.Body.FlushAsync();
                    log.Append($"D:{context.Response.HasStarted};");
                    sink.Set(log.ToString());
                });
            });
            Assert.Equal("onetwo", await host.Client.GetStringAsync("/"));
            return await sink.GetAsync();
        }

        var withoutWrapper = await RunAsync(capture: false);
        var withCapture = await RunAsync(capture: true);

        Assert.Equal(withoutWrapper, withCapture);
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task BodyWriterWrapsTheServersWriterAndKeepsUnflushedBytes(Protocol protocol)
    {
        async Task<(string Log, RecordingFeature Spy, long Counted, string Kept)> RunAsync(bool capture)
        {
            RecordingFeature? spy = null;
            var sink = new Sink<string>();
            var captured = new Sink<(long, string)>();
            await using var host = await KestrelHost.StartAsync(protocol, app =>
            {
                app.UseRecordingFeature(s => spy = s);
                if (capture)
                {
                    app.UseBodyCapture(1024, (_, c) => captured.Set((c.BytesWritten, c.GetBodyText())));
                }

                app.Run(async context =>
                {
                    var writer = context.Response.BodyWriter;
                    var log = new StringBuilder();
                    log.Append($"can={writer.CanGetUnflushedBytes};");
                    var span = writer.GetSpan(10);
                    Encoding.ASCII.GetBytes("0123456789", span);
                    writer.Advance(10);
                    log.Append($"unflushed={writer.UnflushedBytes};");
                    var memory = writer.GetMemory(5);
                    Encoding.ASCII.GetBytes("abcde", memory.Span);
                    writer.Advance(5);
                    log.Append($"unflushed={writer.UnflushedBytes};");
                    await writer.FlushAsync();
                    log.Append($"unflushed={writer.UnflushedBytes};");
                    sink.Set(log.ToString());
                });
            });
            Assert.Equal("0123456789abcde", await host.Client.GetStringAsync("/"));
            var (counted, kept) = capture ? await captured.GetAsync() : (15L, "0123456789abcde");
            return (await sink.GetAsync(), spy!, counted, kept);
        }

        var plain = await RunAsync(capture: false);
        var captured = await RunAsync(capture: true);

        Assert.Equal("can=True;unflushed=10;unflushed=15;unflushed=0;", plain.Log);
        Assert.Equal(plain.Log, captured.Log);
        Assert.Equal(15, Interlocked.Read(ref captured.Spy.WriterBytes)); // reached the server's writer...
        Assert.Equal(0, Interlocked.Read(ref captured.Spy.StreamBytes));  // ...not a pipe over a stream
        Assert.Equal(15, captured.Counted);
        Assert.Equal("0123456789abcde", captured.Kept);
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task AsyncWritesStayAsyncWhenSynchronousIOIsDisallowed(Protocol protocol)
    {
        RecordingFeature? spy = null;
        var sink = new Sink<(long, string)>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.UseRecordingFeature(s => spy = s);
            app.UseBodyCapture(1024, (_, c) => sink.Set((c.BytesWritten, c.GetBodyText())));
            app.Run(async context =>
            {
                Assert.False(context.Features.GetRequiredFeature<IHttpBodyControlFeature>().AllowSynchronousIO);
                var body = context.Response.Body;
                await body.WriteAsync(Encoding.ASCII.GetBytes("a"));
                await body.WriteAsync(Encoding.ASCII.GetBytes("xbcx"), 1, 2);
                await Task.Factory.FromAsync(body.BeginWrite, body.EndWrite, Encoding.ASCII.GetBytes("d"), 0, 1, null);
                await body.FlushAsync();
                await body.DisposeAsync();
                await context.Response.WriteAsync("e");
            });
        });

        Assert.Equal("abcde", await host.Client.GetStringAsync("/"));
        Assert.Equal((5L, "abcde"), await sink.GetAsync());
        Assert.Equal(4, Interlocked.Read(ref spy!.StreamBytes)); // the four stream writes, each through the async path
        Assert.Equal(1, Interlocked.Read(ref spy.WriterBytes));  // HttpResponse.WriteAsync(string) uses BodyWriter
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task SyncWriteThrowsExactlyAsWithoutTheWrapper(Protocol protocol)
    {
        async Task<string> RunAsync(bool capture)
        {
            var sink = new Sink<string>();
            await using var host = await KestrelHost.StartAsync(protocol, app =>
            {
                if (capture)
                {
                    app.UseBodyCapture(1024, (_, _) => { });
                }

                app.Run(async context =>
                {
                    var outcomes = new List<string>();
                    foreach (var write in new Action[]
                    {
                        () => context.Response.Body.Write(new byte[1], 0, 1),
                        () => context.Response.Body.Write(new byte[1]),
                        () => context.Response.Body.WriteByte(1),
                        () => context.Response.Body.Flush(),
                    })
                    {
                        try
                        {
                            write();
                            outcomes.Add("ok");
                        }
                        catch (Exception ex)
                        {
                            outcomes.Add($"{ex.GetType().Name}: {ex.Message}");
                        }
                    }

                    sink.Set(string.Join("\n", outcomes));
                    await context.Response.WriteAsync("end");
                });
            });
            Assert.Equal("end", await host.Client.GetStringAsync("/"));
            return await sink.GetAsync();
        }

        var plain = await RunAsync(capture: false);
        var captured = await RunAsync(capture: true);

        Assert.Contains("Synchronous operations are disallowed", plain);
        Assert.Equal(plain, captured);
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task SyncWritesWorkAndAreCountedWhenAllowed(Protocol protocol)
    {
        var sink = new Sink<(long, string)>();
        await using var host = await KestrelHost.StartAsync(
            protocol,
            app =>
            {
                app.UseBodyCapture(1024, (_, c) => sink.Set((c.BytesWritten, c.GetBodyText())));
                app.Run(context =>
                {
                    context.Response.Body.Write(Encoding.ASCII.GetBytes("xabx"), 1, 2);
                    context.Response.Body.Write(Encoding.ASCII.GetBytes("c"));
                    context.Response.Body.WriteByte((byte)'d');
                    context.Response.Body.Flush();
                    return Task.CompletedTask;
                });
            },
            kestrel: options => options.AllowSynchronousIO = true);

        Assert.Equal("abcd", await host.Client.GetStringAsync("/"));
        Assert.Equal((4L, "abcd"), await sink.GetAsync());
    }
}
