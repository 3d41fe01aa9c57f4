using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Snoop.Tests.Infrastructure;

namespace Snoop.Tests;

/// <summary>Observers see every write path, flush, start, send-file and completion; decorators change one member and keep the rest.</summary>
public class HooksTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"snoop-hooks-{Guid.NewGuid():N}.txt");

    public HooksTests() => File.WriteAllText(_file, "0123456789");

    public void Dispose() => File.Delete(_file);

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task ObserverSeesEveryEventInOrder(Protocol protocol)
    {
        var observer = new RecordingObserver();
        var sink = new Sink<long>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.Run(async context =>
            {
                await using (var capture = ResponseCapture.Observe(context, observer))
                {
                    await context.Response.Body.WriteAsync(Encoding.ASCII.GetBytes("s;"));
                    await context.Response.Body.FlushAsync();
                    var writer = context.Response.BodyWriter;
                    Encoding.ASCII.GetBytes("w;", writer.GetSpan(2));
                    writer.Advance(2);
                    await writer.FlushAsync();
                    await context.Response.SendFileAsync(_file, 2, 3);
                    await context.Response.CompleteAsync();
                    sink.Set(capture.BytesWritten);
                }
            });
        });

        Assert.Equal("s;w;234", await host.Client.GetStringAsync("/"));
        Assert.Equal(7, await sink.GetAsync());
        Assert.Equal(
            ["starting", "write s;", "flush", "write w;", "flush", $"sendfile {Path.GetFileName(_file)} 2 3", "completed"],
            observer.Events.ToArray());
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task ObserverIsCompletedOnceWhenTheScopeEndsWithoutCompleteAsync(Protocol protocol)
    {
        var observer = new RecordingObserver();
        var done = new Signal();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.Run(async context =>
            {
                using (ResponseCapture.Observe(context, observer))
                {
                    await context.Response.WriteAsync("x");
                }

                await context.Response.WriteAsync("y"); // after the scope: not observed
                done.Set();
            });
        });

        Assert.Equal("xy", await host.Client.GetStringAsync("/"));
        Assert.True(await done.WaitAsync());
        // HttpResponse.WriteAsync(string) writes to BodyWriter and flushes it.
        Assert.Equal(["starting", "write x", "flush", "completed"], observer.Events.ToArray());
    }

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task DecoratorChangesOneMemberAndKeepsTheRest(Protocol protocol)
    {
        RecordingFeature? spy = null;
        var restored = new Sink<bool>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.UseRecordingFeature(s => spy = s);
            app.Run(async context =>
            {
                var before = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
                using (ResponseCapture.Decorate(context, inner => new HeaderOnStartFeature(inner, context)))
                {
                    await context.Response.StartAsync();
                    await context.Response.SendFileAsync(_file, 0, 4);
                }

                restored.Set(ReferenceEquals(before, context.Features.GetRequiredFeature<IHttpResponseBodyFeature>()));
            });
        });

        using var response = await host.Client.GetAsync("/");
        Assert.Equal("decorated", response.Headers.GetValues("X-Decorated").Single());
        Assert.Equal("0123", await response.Content.ReadAsStringAsync());
        Assert.True(await restored.GetAsync());
        Assert.Equal(["StartAsync", $"SendFileAsync({Path.GetFileName(_file)},0,4)"], spy!.Calls.ToArray());
    }

    private sealed class HeaderOnStartFeature(IHttpResponseBodyFeature inner, HttpContext context) : DelegatingResponseBodyFeature(inner)
    {
        public override Task StartAsync(CancellationToken cancellationToken = default)
        {
            context.Response.Headers["X-Decorated"] = "decorated";
            return base.StartAsync(cancellationToken);
        }
    }

    private sealed class RecordingObserver : ResponseObserver
    {
        public ConcurrentQueue<string> Events { get; } = new();

        public override void OnWrite(ReadOnlySpan<byte> data) => Events.Enqueue("write " + Encoding.ASCII.GetString(data));

        public override void OnFlush() => Events.Enqueue("flush");

        public override void OnStarting() => Events.Enqueue("starting");

        public override void OnSendFile(string path, long offset, long count) => Events.Enqueue($"sendfile {Path.GetFileName(path)} {offset} {count}");

        public override void OnCompleted() => Events.Enqueue("completed");
    }
}
