using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Snoop.Tests.Infrastructure;

namespace Snoop.Tests.Soak;

/// <summary>The exception a soak handler throws on purpose.</summary>
public sealed class SoakInjectedException(string message) : Exception(message);

/// <summary>
/// The soak's pipeline: an outermost guard (body feature before == after, exceptions collected), then
/// <c>UseResponseMetrics</c>, then the handler, which wraps its writes in the captures its plan names.
/// </summary>
public sealed class SoakServer(string file, Func<int, SoakRecord> records)
{
    private const int FillerPiece = 16 * 1024;

    /// <summary>Weak references to the captures of every fourth request: none may outlive the server.</summary>
    public ConcurrentBag<WeakReference> Probes { get; } = new();
    private const long FillerLimit = 64L << 20;

    public void Configure(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var record = records(int.Parse(context.Request.Query["i"]!));
            var before = context.Features.Get<IHttpResponseBodyFeature>();
            try
            {
                await next(context);
            }
            catch (Exception ex)
            {
                record.ServerException = ex;
                throw;
            }
            finally
            {
                record.FeatureRestored = ReferenceEquals(before, context.Features.Get<IHttpResponseBodyFeature>());
                record.ServerDone.Set();
            }
        });
        app.UseResponseMetrics((context, metrics) => records(int.Parse(context.Request.Query["i"]!)).Metrics = metrics);
        app.Run(context =>
        {
            var record = records(int.Parse(context.Request.Query["i"]!));
            return NestAsync(context, record, record.Plan.Nesting, () => HandleAsync(context, record));
        });
    }

    private Task NestAsync(HttpContext context, SoakRecord record, Nesting nesting, Func<Task> body)
    {
        var plan = record.Plan;
        return nesting switch
        {
            Nesting.None => body(),
            Nesting.Body => WithBodyAsync(context, record, plan.Limit, body),
            Nesting.Metrics => WithMetricsAsync(context, record, body),
            Nesting.BodyInMetrics => WithMetricsAsync(context, record, () => WithBodyAsync(context, record, plan.Limit, body)),
            Nesting.MetricsInBody => WithBodyAsync(context, record, plan.Limit, () => WithMetricsAsync(context, record, body)),
            Nesting.BodyInBody => WithBodyAsync(context, record, plan.Limit, () => WithBodyAsync(context, record, plan.InnerLimit, body)),
            Nesting.Observe => WithObserverAsync(context, record, body),
            Nesting.BodyInDecorate => WithDecoratorAsync(context, record, () => WithBodyAsync(context, record, plan.Limit, body)),
            Nesting.BodyInCaptureMetricsAsync => WithCaptureMetricsAsync(context, record, () => WithBodyAsync(context, record, plan.Limit, body)),
            _ => throw new ArgumentOutOfRangeException(nameof(nesting)),
        };
    }

    private async Task WithBodyAsync(HttpContext context, SoakRecord record, int limit, Func<Task> body)
    {
        var before = context.Features.Get<IHttpResponseBodyFeature>();
        var capture = ResponseCapture.Begin(context, limit);
        Probe(record, capture);
        SoakLayer layer;
        try
        {
            await body();
        }
        finally
        {
            var bytes = capture.BytesWritten;
            var kept = capture.Body.Span;
            layer = new SoakLayer(
                LayerKind.Body,
                bytes,
                limit,
                kept.Length,
                capture.IsTruncated,
                record.Plan.Matches(0, kept),
                Status: capture.StatusCode,
                Started: capture.HasStarted,
                Aborted: capture.IsAborted);
            await capture.DisposeAsync();
            var released = false;
            try
            {
                _ = capture.Body;
            }
            catch (ObjectDisposedException)
            {
                released = true;
            }

            record.Layers.Enqueue(layer with
            {
                Restored = ReferenceEquals(before, context.Features.Get<IHttpResponseBodyFeature>()),
                FrozenAndReleased = released && capture.BytesWritten == bytes && capture.GetMetrics().BytesWritten == bytes,
            });
        }
    }

    private async Task WithMetricsAsync(HttpContext context, SoakRecord record, Func<Task> body)
    {
        var before = context.Features.Get<IHttpResponseBodyFeature>();
        var capture = ResponseCapture.BeginMetrics(context);
        Probe(record, capture);
        try
        {
            await body();
        }
        finally
        {
            var metrics = capture.GetMetrics();
            capture.Dispose();
            record.Layers.Enqueue(new SoakLayer(
                LayerKind.Metrics,
                metrics.BytesWritten,
                Status: metrics.StatusCode,
                Started: metrics.Started,
                Aborted: metrics.Aborted,
                Restored: ReferenceEquals(before, context.Features.Get<IHttpResponseBodyFeature>()),
                FrozenAndReleased: capture.GetMetrics() == metrics with { Duration = capture.Duration }));
        }
    }

    private async Task WithObserverAsync(HttpContext context, SoakRecord record, Func<Task> body)
    {
        var before = context.Features.Get<IHttpResponseBodyFeature>();
        var observer = new CheckingObserver(record.Plan);
        var capture = ResponseCapture.Observe(context, observer);
        Probe(record, capture);
        try
        {
            await body();
        }
        finally
        {
            var counted = capture.BytesWritten;
            await capture.DisposeAsync();
            var problem = observer.Problem ?? (observer.Position != counted ? $"observer saw {observer.Position} bytes, capture counted {counted}" : null)
                ?? (observer.Completed != 1 ? $"OnCompleted called {observer.Completed} times" : null)
                ?? (observer.Starting > 1 ? $"OnStarting called {observer.Starting} times" : null);
            record.Layers.Enqueue(new SoakLayer(
                LayerKind.Observer,
                counted,
                Restored: ReferenceEquals(before, context.Features.Get<IHttpResponseBodyFeature>()),
                ObserverProblem: problem));
        }
    }

    private async Task WithDecoratorAsync(HttpContext context, SoakRecord record, Func<Task> body)
    {
        var before = context.Features.Get<IHttpResponseBodyFeature>();
        var scope = ResponseCapture.Decorate(context, inner => new DelegatingResponseBodyFeature(inner));
        try
        {
            await body();
        }
        finally
        {
            scope.Dispose();
            record.Layers.Enqueue(new SoakLayer(LayerKind.Decorate, 0, Restored: ReferenceEquals(before, context.Features.Get<IHttpResponseBodyFeature>())));
        }
    }

    private async Task WithCaptureMetricsAsync(HttpContext context, SoakRecord record, Func<Task> body)
    {
        var before = context.Features.Get<IHttpResponseBodyFeature>();
        var metrics = await ResponseCapture.CaptureMetricsAsync(context, _ => body());
        record.Layers.Enqueue(new SoakLayer(
            LayerKind.CaptureMetricsAsync,
            metrics.BytesWritten,
            Status: metrics.StatusCode,
            Started: metrics.Started,
            Aborted: metrics.Aborted,
            Restored: ReferenceEquals(before, context.Features.Get<IHttpResponseBodyFeature>())));
    }

    private void Probe(SoakRecord record, ResponseMetricsCapture capture)
    {
        if (record.Plan.Index % 4 == 0)
        {
            Probes.Add(new WeakReference(capture));
        }
    }

    private async Task HandleAsync(HttpContext context, SoakRecord record)
    {
        var plan = record.Plan;
        context.Response.StatusCode = plan.Status;
        var token = plan.UseAbortToken ? context.RequestAborted : CancellationToken.None;
        switch (plan.Fault)
        {
            case Fault.ThrowBeforeStart:
                throw new SoakInjectedException("before start");

            case Fault.ThrowAfterStart:
                await WriteAsync(context, plan, 0, plan.ThrowAfter, token);
                await context.Response.BodyWriter.FlushAsync(token);
                throw new SoakInjectedException("after start");

            case Fault.ClientAbort:
                await WriteAsync(context, plan, 0, plan.FirstPart, token);
                await context.Response.BodyWriter.FlushAsync(token);
                if (!await record.ClientGone.WaitAsync(Signal.Patience * 6))
                {
                    record.ServerProblems.Enqueue("the client did not walk away");
                }

                // Write on (the rest of the plan, then filler) until the server notices that the client is gone.
                for (long position = plan.FirstPart; position < plan.Length + FillerLimit && !context.RequestAborted.IsCancellationRequested; position += FillerPiece)
                {
                    await WriteAsync(context, plan, position, position + FillerPiece, token);
                    await Task.Yield(); // writes to a gone client complete at once; let the server's abort notification run
                }

                if (!context.RequestAborted.IsCancellationRequested)
                {
                    try
                    {
                        await Task.Delay(Signal.Patience * 6, context.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }

                record.AbortNoticed = context.RequestAborted.IsCancellationRequested;
                return;

            default:
                if (plan.Ending.HasFlag(Ending.DisableBuffering))
                {
                    context.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
                }

                if (plan.Ending.HasFlag(Ending.StartFirst))
                {
                    await context.Response.StartAsync(token);
                }

                await WriteAsync(context, plan, 0, plan.Length, token);
                if (plan.Ending.HasFlag(Ending.Complete))
                {
                    await context.Response.CompleteAsync(); // the client may see the end before the captures do
                }

                return;
        }
    }

    /// <summary>Writes the body bytes in [<paramref name="from"/>, <paramref name="to"/>), each segment its own way.</summary>
    private async Task WriteAsync(HttpContext context, SoakPlan plan, long from, long to, CancellationToken token)
    {
        long start = 0;
        foreach (var segment in plan.Segments)
        {
            var end = start + segment.Length;
            var a = Math.Max(from, start);
            var b = Math.Min(to, end);
            if (a < b)
            {
                var whole = a == start && b == end;
                await WriteSliceAsync(context, segment.Way, segment.SourceOffset + (int)(a - start), (int)(b - a), segment.Chunk, whole, token);
            }

            start = end;
        }

        // Past the plan (only while waiting for an abort to be noticed): the source again, through the stream.
        for (var position = Math.Max(from, plan.Length); position < to;)
        {
            var (offset, available) = plan.SourceAt(position);
            var n = (int)Math.Min(available, to - position);
            await context.Response.Body.WriteAsync(SoakPlan.Source.AsMemory(offset, n), token);
            position += n;
        }
    }

    private async Task WriteSliceAsync(HttpContext context, Way way, int offset, int length, int chunk, bool whole, CancellationToken token)
    {
        var source = SoakPlan.Source;
        switch (way)
        {
            case Way.Stream:
                for (var done = 0; done < length; done += chunk)
                {
                    await context.Response.Body.WriteAsync(source.AsMemory(offset + done, Math.Min(chunk, length - done)), token);
                }

                break;

            case Way.WriterWrite:
                for (var done = 0; done < length; done += chunk)
                {
                    await context.Response.BodyWriter.WriteAsync(source.AsMemory(offset + done, Math.Min(chunk, length - done)), token);
                }

                break;

            case Way.WriterSpan:
            {
                var writer = context.Response.BodyWriter;
                var unflushed = 0;
                for (var done = 0; done < length;)
                {
                    var span = writer.GetSpan(Math.Min(chunk, length - done));
                    var n = Math.Min(Math.Min(span.Length, chunk), length - done);
                    source.AsSpan(offset + done, n).CopyTo(span);
                    writer.Advance(n);
                    done += n;
                    unflushed += n;
                    if (unflushed >= 64 * 1024)
                    {
                        await writer.FlushAsync(token);
                        unflushed = 0;
                    }
                }

                await writer.FlushAsync(token);
                break;
            }

            case Way.SendFile:
                // A whole segment that ends at the end of the file is sent "to the end" (a null count).
                long? count = whole && offset + length == SoakPlan.SourceLength ? null : length;
                await context.Response.SendFileAsync(file, offset, count, token);
                break;
        }
    }

    /// <summary>Checks every observed write against the plan at its position; counts send-file ranges.</summary>
    private sealed class CheckingObserver(SoakPlan plan) : ResponseObserver
    {
        public long Position;
        public int Completed;
        public int Starting;
        public string? Problem;

        public override void OnWrite(ReadOnlySpan<byte> data)
        {
            // After a client abort, a failed send-file (swallowed by HttpResponse.SendFileAsync) is not reported:
            // from the first send-file on the position may be off, and only the count is checked.
            var checkable = plan.Fault != Fault.ClientAbort || Position + data.Length <= plan.PrefixEnd(long.MaxValue);
            if (Problem is null && checkable && !plan.Matches(Position, data))
            {
                Problem = $"observed bytes at {Position} differ from the plan";
            }

            Position += data.Length;
        }

        public override void OnSendFile(string path, long offset, long count)
        {
            var (expected, _) = plan.SourceAt(Position);
            if (Problem is null && plan.Fault != Fault.ClientAbort && expected != offset)
            {
                Problem = $"send-file at {Position} from offset {offset}, plan says {expected}";
            }

            Position += count;
        }

        public override void OnStarting() => Interlocked.Increment(ref Starting);

        public override void OnCompleted() => Interlocked.Increment(ref Completed);
    }
}
