using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Snoop.Benchmarks.Infrastructure;

/// <summary>
/// The features a server gives a request, reused from request to request the way Kestrel reuses its own
/// (one object per connection, reset between requests, one pooled <see cref="DefaultHttpContext"/> re-initialized
/// over it). The body discards its bytes cheaply through both a stream and a reusable <see cref="PipeWriter"/>;
/// the first write starts the response and runs the OnStarting callbacks, the end of the request runs the
/// OnCompleted callbacks. Nothing here allocates per request, so a variant's allocations are its own.
/// </summary>
public sealed class ServerLikeFeatures : IHttpResponseFeature, IHttpResponseBodyFeature, IHttpRequestLifetimeFeature
{
    private readonly List<KeyValuePair<Func<object, Task>, object>> _onStarting = new();
    private readonly List<KeyValuePair<Func<object, Task>, object>> _onCompleted = new();
    private readonly FeatureCollection _features = new();
    private readonly HttpRequestFeature _request = new();
    private readonly DefaultHttpContext _context;
    private readonly DiscardStream _stream;
    private readonly DiscardPipeWriter _writer;

    public ServerLikeFeatures()
    {
        _stream = new DiscardStream(this);
        _writer = new DiscardPipeWriter(this);
        _request.Method = HttpMethods.Get;
        _request.Scheme = "http";
        _request.Protocol = HttpProtocol.Http11;
        _request.Path = "/orders/42";
        _request.Headers.Host = "localhost";
        _request.Headers.Accept = "application/json";
        _features.Set<IHttpRequestFeature>(_request);
        _features.Set<IHttpResponseFeature>(this);
        _features.Set<IHttpResponseBodyFeature>(this);
        _features.Set<IHttpRequestLifetimeFeature>(this);
        _features.Set<IItemsFeature>(new ItemsFeature());
        _features.Set<IServiceProvidersFeature>(new RequestServicesFeature());
        _features.Set<IHttpRequestIdentifierFeature>(new HttpRequestIdentifierFeature { TraceIdentifier = "0HN:00000001" });
        _context = new DefaultHttpContext(_features);
    }

    /// <summary>Body bytes that reached the server (to check that every variant sent the whole body).</summary>
    public long BytesSent { get; private set; }

    public IFeatureCollection Features => _features;

    public int StatusCode { get; set; } = 200;

    public string? ReasonPhrase { get; set; }

    public IHeaderDictionary Headers { get; set; } = new HeaderDictionary();

    [Obsolete("Use IHttpResponseBodyFeature.Stream.")]
    public Stream Body { get => _stream; set => throw new NotSupportedException(); }

    public bool HasStarted { get; private set; }

    public Stream Stream => _stream;

    public PipeWriter Writer => _writer;

    public CancellationToken RequestAborted { get; set; }

    /// <summary>Runs one request through <paramref name="app"/> as the server would, and resets for the next.</summary>
    public async Task RunAsync(RequestDelegate app)
    {
        // A server resets its per-connection features between requests and re-initializes its pooled context.
        StatusCode = 200;
        ReasonPhrase = null;
        HasStarted = false;
        BytesSent = 0;
        Headers.Clear();
        _features.Set<IHttpResponseBodyFeature>(this);
        _context.Initialize(_features);
        try
        {
            await app(_context);
            await StartAsync();
        }
        finally
        {
            for (var i = _onCompleted.Count - 1; i >= 0; i--)
            {
                await _onCompleted[i].Key(_onCompleted[i].Value);
            }

            _onCompleted.Clear();
            _onStarting.Clear();
            _context.Uninitialize();
        }
    }

    /// <summary>Installs <see cref="DefaultHttpContext"/> over the features without running a request (for per-write benchmarks).</summary>
    public HttpContext Open()
    {
        _context.Initialize(_features);
        return _context;
    }

    public void OnStarting(Func<object, Task> callback, object state) => _onStarting.Add(new(callback, state));

    public void OnCompleted(Func<object, Task> callback, object state) => _onCompleted.Add(new(callback, state));

    public void Abort()
    {
    }

    public void DisableBuffering()
    {
    }

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (HasStarted)
        {
            return Task.CompletedTask;
        }

        HasStarted = true;
        for (var i = _onStarting.Count - 1; i >= 0; i--)
        {
            var task = _onStarting[i].Key(_onStarting[i].Value);
            if (!task.IsCompletedSuccessfully)
            {
                return AwaitRest(task, i);
            }
        }

        return Task.CompletedTask;

        async Task AwaitRest(Task pending, int index)
        {
            await pending;
            for (var i = index - 1; i >= 0; i--)
            {
                await _onStarting[i].Key(_onStarting[i].Value);
            }
        }
    }

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        BytesSent += count ?? 0;
        return StartAsync(cancellationToken);
    }

    public Task CompleteAsync() => StartAsync();

    private void Sent(int count)
    {
        if (!HasStarted)
        {
            StartAsync().GetAwaiter().GetResult();
        }

        BytesSent += count;
    }

    /// <summary>The server's response stream, minus the network: accepts and drops the bytes, completes synchronously.</summary>
    private sealed class DiscardStream(ServerLikeFeatures owner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => owner.Sent(count);

        public override void Write(ReadOnlySpan<byte> buffer) => owner.Sent(buffer.Length);

        public override void WriteByte(byte value) => owner.Sent(1);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            owner.Sent(count);
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            owner.Sent(buffer.Length);
            return default;
        }
    }

    /// <summary>The server's own pipe, minus the network: hands out one reusable buffer, drops what is advanced.</summary>
    private sealed class DiscardPipeWriter(ServerLikeFeatures owner) : PipeWriter
    {
        private byte[] _buffer = new byte[64 * 1024];
        private long _unflushed;

        public override bool CanGetUnflushedBytes => true;

        public override long UnflushedBytes => _unflushed;

        public override void Advance(int bytes)
        {
            _unflushed += bytes;
            owner.Sent(bytes);
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => Buffer(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => Buffer(sizeHint).AsSpan();

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            _unflushed = 0;
            return new ValueTask<FlushResult>(new FlushResult(isCanceled: false, isCompleted: false));
        }

        public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
        {
            owner.Sent(source.Length);
            return FlushAsync(cancellationToken);
        }

        public override void CancelPendingFlush()
        {
        }

        public override void Complete(Exception? exception = null)
        {
        }

        private byte[] Buffer(int sizeHint)
        {
            if (sizeHint > _buffer.Length)
            {
                _buffer = new byte[sizeHint];
            }

            return _buffer;
        }
    }

    private sealed class RequestServicesFeature : IServiceProvidersFeature
    {
        public IServiceProvider RequestServices { get; set; } = EmptyServices.Instance;
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
