using System.Diagnostics;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Snoop.Benchmarks.Infrastructure;

/// <summary>
/// The floor of a metrics capture: the least code that gives the guarantees <c>UseResponseMetrics</c> gives, written
/// for this one use with nothing public to keep. It installs a body feature (so <c>Response.Body</c>,
/// <c>BodyWriter</c> and send-file are all counted and none is hidden), counts exactly under concurrent writes (one
/// interlocked add per write, undone when it raced the end), stops counting at the end (a stream kept past it
/// still forwards), restores the previous feature on every path, reads the clock twice, and reports status,
/// bytes, duration, started and aborted, also for a request that throws. What it leaves out is what makes Snoop a
/// library: a scope API, hooks for body and observing captures, nested and out-of-order scopes.
/// </summary>
public static class FloorMetrics
{
    private const long EndedFlag = 1L << 62;

    public static async Task InvokeAsync(HttpContext context, RequestDelegate next, Action<HttpContext, ResponseMetrics> report)
    {
        var start = Stopwatch.GetTimestamp();
        var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
        var feature = new Feature(previous);
        context.Features.Set<IHttpResponseBodyFeature>(feature);
        int status;
        bool started;
        bool aborted;
        try
        {
            await next(context);
            var response = context.Response;
            status = response.StatusCode;
            started = response.HasStarted;
            aborted = context.RequestAborted.IsCancellationRequested;
        }
        catch (Exception) when (Fail(context, feature, start, report))
        {
            throw;
        }
        finally
        {
            context.Features.Set(previous);
            feature.End();
        }

        report(context, new ResponseMetrics(status, feature.Count, Stopwatch.GetElapsedTime(start), started, aborted));
    }

    /// <summary>Installs the floor's feature on <paramref name="context"/> for good (the per-write benchmarks' set-up).</summary>
    public static void Install(HttpContext context)
        => context.Features.Set<IHttpResponseBodyFeature>(new Feature(context.Features.Get<IHttpResponseBodyFeature>()!));

    private static bool Fail(HttpContext context, Feature feature, long start, Action<HttpContext, ResponseMetrics> report)
    {
        context.Features.Set(feature.Previous);
        var started = context.Response.HasStarted;
        report(context, new ResponseMetrics(started ? context.Response.StatusCode : 500, feature.Count, Stopwatch.GetElapsedTime(start), started, started));
        return false;
    }

    /// <summary>
    /// The floor of <c>ResponseCapture.BeginMetrics</c>: the feature is the scope; it ends with the request if not
    /// disposed before (registered with the response's OnCompleted), freezes status, started, aborted and duration when
    /// it ends, restores the previous feature, and does nothing when disposed again.
    /// </summary>
    public static Scope BeginScope(HttpContext context)
    {
        var start = Stopwatch.GetTimestamp();
        var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
        var scope = new Scope(context, previous, start);
        context.Features.Get<IHttpResponseFeature>()?.OnCompleted(
            static state =>
            {
                ((Scope)state).Dispose();
                return Task.CompletedTask;
            },
            scope);
        context.Features.Set<IHttpResponseBodyFeature>(scope);
        return scope;
    }

    public sealed class Scope : Feature, IDisposable
    {
        private readonly HttpContext _context;
        private long _time;
        private long _final;
        private int _disposed;

        internal Scope(HttpContext context, IHttpResponseBodyFeature previous, long start)
            : base(previous)
        {
            _context = context;
            _time = start;
        }

        public ResponseMetrics GetMetrics() => Volatile.Read(ref _disposed) != 0
            ? new ResponseMetrics((int)_final, Count, new TimeSpan(~Volatile.Read(ref _time)), (_final & (1L << 32)) != 0, (_final & (1L << 33)) != 0)
            : new ResponseMetrics(_context.Response.StatusCode, Count, Stopwatch.GetElapsedTime(_time), _context.Response.HasStarted, _context.RequestAborted.IsCancellationRequested);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            try
            {
                var response = _context.Response;
                _final = (uint)response.StatusCode | (response.HasStarted ? 1L << 32 : 0) | (_context.RequestAborted.IsCancellationRequested ? 1L << 33 : 0);
                Volatile.Write(ref _time, ~Stopwatch.GetElapsedTime(_time).Ticks);
                _context.Features.Set(Previous);
            }
            catch (ObjectDisposedException)
            {
                // Ended with the request after the server recycled the context: nothing to restore.
            }

            End();
        }
    }

    public class Feature(IHttpResponseBodyFeature previous) : IHttpResponseBodyFeature
    {
        private long _state;
        private FloorStream? _stream;
        private FloorWriter? _writer;

        public IHttpResponseBodyFeature Previous => previous;

        public long Count => Volatile.Read(ref _state) & (EndedFlag - 1);

        public Stream Stream => _stream ??= new FloorStream(this);

        public PipeWriter Writer => _writer ??= new FloorWriter(this);

        public void End() => Interlocked.Or(ref _state, EndedFlag);

        public void Add(long count)
        {
            if ((Volatile.Read(ref _state) & EndedFlag) == 0 && (Interlocked.Add(ref _state, count) & EndedFlag) != 0)
            {
                Interlocked.Add(ref _state, -count);
            }
        }

        public void DisableBuffering() => previous.DisableBuffering();

        public Task StartAsync(CancellationToken cancellationToken = default) => previous.StartAsync(cancellationToken);

        public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
        {
            var length = count ?? (new FileInfo(path).Length - offset);
            await previous.SendFileAsync(path, offset, count, cancellationToken);
            Add(length);
        }

        public Task CompleteAsync() => previous.CompleteAsync();
    }

    private sealed class FloorStream(Feature feature) : Stream
    {
        private Stream Inner => feature.Previous.Stream;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => Inner.CanWrite;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => Inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => Inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Inner.Write(buffer, offset, count);
            feature.Add(count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Inner.Write(buffer);
            feature.Add(buffer.Length);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var pending = Inner.WriteAsync(buffer, cancellationToken);
            if (pending.IsCompletedSuccessfully)
            {
                feature.Add(buffer.Length);
                return default;
            }

            return Awaited(pending, buffer.Length);
        }

        private async ValueTask Awaited(ValueTask pending, int length)
        {
            await pending;
            feature.Add(length);
        }
    }

    private sealed class FloorWriter(Feature feature) : PipeWriter
    {
        private PipeWriter Inner => feature.Previous.Writer;

        public override void Advance(int bytes)
        {
            Inner.Advance(bytes);
            feature.Add(bytes);
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => Inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => Inner.GetSpan(sizeHint);

        public override void CancelPendingFlush() => Inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => Inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => Inner.CompleteAsync(exception);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => Inner.FlushAsync(cancellationToken);

        public override bool CanGetUnflushedBytes => Inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => Inner.UnflushedBytes;
    }
}
