using Analyzer = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.BodyFeatureWrapperRule>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>
/// SNOOP004 on wrappers with a stream of their own: a Writer piped over that stream and a send-file copied through it are
/// a loss only when the stream passes the same bytes on (counting, hashing, a tee: SNOOP007's "observes"). Over a stream
/// that transforms the bytes (compression, injection, encoding) they are right; over a stream given by the caller (a
/// general stream-to-feature adapter, the framework's StreamResponseBodyFeature) the rule cannot tell, and stays silent.
/// </summary>
public class BodyFeatureWrapperPrecisionTests
{
    private const string Usings = """
        #nullable enable
        using System;
        using System.IO;
        using System.IO.Compression;
        using System.IO.Pipelines;
        using System.Security.Cryptography;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Http.Features;

        """;

    /// <summary>A write-only stream base for the helpers below (the members every wrapper repeats).</summary>
    internal const string WriteOnlyBase = """

        public abstract class WriteOnlyStream : Stream
        {
            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
        }
        """;

    /// <summary>Counts what it passes on, unchanged: an observing stream.</summary>
    internal const string ByteCounter = WriteOnlyBase + """

        public sealed class ByteCounter : WriteOnlyStream
        {
            private readonly Stream _inner;
            public ByteCounter(Stream inner) => _inner = inner;
            public long BytesWritten { get; private set; }
            public override void Flush() => _inner.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count)
            {
                _inner.Write(buffer, offset, count);
                BytesWritten += count;
            }
            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                await _inner.WriteAsync(buffer, offset, count, cancellationToken);
                BytesWritten += count;
            }
        }
        """;

    // ------------------------------------------------------------------ fires: the stream only observes

    [Fact]
    public Task Fires_CountingFeature_WriterAndSendFileOverACounterBuiltOverTheInnerStream() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public sealed class CountingBodyFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner;
            private readonly ByteCounter _counter;
            private PipeWriter? _writer;

            public CountingBodyFeature(IHttpResponseBodyFeature inner)
            {
                _inner = inner;
                _counter = new ByteCounter(inner.Stream);
            }

            public long BytesWritten => _counter.BytesWritten;
            public Stream Stream => _counter;
            public PipeWriter {|SNOOP004:Writer|} => _writer ??= PipeWriter.Create(_counter, new StreamPipeWriterOptions(leaveOpen: true));
            public void DisableBuffering() => _inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
            public Task {|SNOOP004:SendFileAsync|}(string path, long offset, long? count, CancellationToken cancellationToken = default)
                => SendFileFallback.SendFileAsync(_counter, path, offset, count, cancellationToken);
            public Task CompleteAsync() => _inner.CompleteAsync();
        }
        """ + ByteCounter);

    [Fact]
    public Task Fires_HashingBodyThatIsItsOwnStream() => Analyzer.VerifyAnalyzerAsync(Usings + """
        internal sealed class HashingBody : Stream, IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _innerFeature;
            private readonly Stream _innerStream;
            private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            private PipeWriter? _pipe;

            public HashingBody(IHttpResponseBodyFeature innerFeature)
            {
                _innerFeature = innerFeature;
                _innerStream = innerFeature.Stream;
            }

            public byte[] Hash => _hash.GetCurrentHash();
            Stream IHttpResponseBodyFeature.Stream => this;
            public PipeWriter {|SNOOP004:Writer|} => _pipe ??= PipeWriter.Create(this, new StreamPipeWriterOptions(leaveOpen: true));
            public void DisableBuffering() => _innerFeature.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => _innerFeature.StartAsync(cancellationToken);
            public async Task {|SNOOP004:SendFileAsync|}(string path, long offset, long? count, CancellationToken cancellationToken = default)
            {
                await using var file = File.OpenRead(path);
                file.Seek(offset, SeekOrigin.Begin);
                await file.CopyToAsync(this, cancellationToken);
            }
            public Task CompleteAsync() => _innerFeature.CompleteAsync();

            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() => _innerStream.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => _innerStream.FlushAsync(cancellationToken);
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count)
            {
                _hash.AppendData(buffer, offset, count);
                _innerStream.Write(buffer, offset, count);
            }
            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                _hash.AppendData(buffer, offset, count);
                await _innerStream.WriteAsync(buffer, offset, count, cancellationToken);
            }
        }
        """);

    [Fact]
    public Task Fires_TeeFeature_PrimaryConstructor_WriterOverATeeBuiltInAFieldInitializer() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public sealed class MirroringFeature(IHttpResponseBodyFeature inner, Stream mirror) : IHttpResponseBodyFeature
        {
            private readonly TeeStream _tee = new(inner.Stream, mirror);
            private PipeWriter? _writer;

            public Stream Stream => _tee;
            public PipeWriter {|SNOOP004:Writer|}
            {
                get
                {
                    if (_writer is null)
                    {
                        _writer = PipeWriter.Create(_tee);
                    }

                    return _writer;
                }
            }
            public void DisableBuffering() => inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => inner.SendFileAsync(path, offset, count, cancellationToken);
            public Task CompleteAsync() => inner.CompleteAsync();
        }

        public sealed class TeeStream : WriteOnlyStream
        {
            private readonly Stream _primary;
            private readonly Stream _copy;
            public TeeStream(Stream primary, Stream copy) { _primary = primary; _copy = copy; }
            public override void Flush() { _primary.Flush(); _copy.Flush(); }
            public override async Task FlushAsync(CancellationToken cancellationToken) { await _primary.FlushAsync(cancellationToken); await _copy.FlushAsync(cancellationToken); }
            public override void Write(byte[] buffer, int offset, int count) { _primary.Write(buffer, offset, count); _copy.Write(buffer, offset, count); }
            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                await _primary.WriteAsync(buffer, offset, count, cancellationToken);
                await _copy.WriteAsync(buffer, offset, count, cancellationToken);
            }
        }
        """ + WriteOnlyBase);

    // ------------------------------------------------------------------ silent: the stream transforms

    [Fact]
    public Task Silent_ResponseCompressionShape_EncoderMadeByAProviderOverTheInnerStream() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public interface IBodyCompressor
        {
            string Encoding { get; }
            Stream CreateStream(Stream output);
        }

        internal sealed class CompressingBody : Stream, IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _innerBodyFeature;
            private readonly Stream _innerStream;
            private readonly IBodyCompressor _compressor;
            private readonly HttpContext _context;
            private Stream? _compressionStream;
            private PipeWriter? _pipeAdapter;
            private bool _checked;

            public CompressingBody(HttpContext context, IBodyCompressor compressor, IHttpResponseBodyFeature innerBodyFeature)
            {
                _context = context;
                _compressor = compressor;
                _innerBodyFeature = innerBodyFeature;
                _innerStream = innerBodyFeature.Stream;
            }

            Stream IHttpResponseBodyFeature.Stream => this;

            PipeWriter IHttpResponseBodyFeature.Writer
            {
                get
                {
                    if (_pipeAdapter == null)
                    {
                        _pipeAdapter = PipeWriter.Create(this, new StreamPipeWriterOptions(leaveOpen: true));
                    }

                    return _pipeAdapter;
                }
            }

            public void DisableBuffering() => _innerBodyFeature.DisableBuffering();
            public Task StartAsync(CancellationToken token = default) { OnWrite(); return _innerBodyFeature.StartAsync(token); }

            // Files must be compressed too: copied through this stream.
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellation)
            {
                OnWrite();
                return SendFileFallback.SendFileAsync(this, path, offset, count, cancellation);
            }

            public async Task CompleteAsync()
            {
                if (_compressionStream != null)
                {
                    await _compressionStream.DisposeAsync();
                }

                await _innerBodyFeature.CompleteAsync();
            }

            private void OnWrite()
            {
                if (_checked)
                {
                    return;
                }

                _checked = true;
                if (!_context.Response.Headers.ContainsKey("Content-Encoding"))
                {
                    _context.Response.Headers.ContentEncoding = _compressor.Encoding;
                    _compressionStream = _compressor.CreateStream(_innerStream);
                }
            }

            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Flush() { OnWrite(); (_compressionStream ?? _innerStream).Flush(); }
            public override Task FlushAsync(CancellationToken cancellationToken) { OnWrite(); return (_compressionStream ?? _innerStream).FlushAsync(cancellationToken); }
            public override void Write(byte[] buffer, int offset, int count)
            {
                OnWrite();
                if (_compressionStream != null)
                {
                    _compressionStream.Write(buffer, offset, count);
                }
                else
                {
                    _innerStream.Write(buffer, offset, count);
                }
            }
            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                OnWrite();
                if (_compressionStream != null)
                {
                    await _compressionStream.WriteAsync(buffer, offset, count, cancellationToken);
                }
                else
                {
                    await _innerStream.WriteAsync(buffer, offset, count, cancellationToken);
                }
            }
        }
        """);

    [Fact]
    public Task Silent_GZipFeature_WriterAndSendFileThroughTheCompressor() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public sealed class GZipBodyFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner;
            private readonly GZipStream _gzip;
            private PipeWriter? _writer;

            public GZipBodyFeature(IHttpResponseBodyFeature inner)
            {
                _inner = inner;
                _gzip = new GZipStream(inner.Stream, CompressionLevel.Fastest, leaveOpen: true);
            }

            public Stream Stream => _gzip;
            public PipeWriter Writer => _writer ??= PipeWriter.Create(_gzip, new StreamPipeWriterOptions(leaveOpen: true));
            public void DisableBuffering() => _inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
                => SendFileFallback.SendFileAsync(_gzip, path, offset, count, cancellationToken);
            public async Task CompleteAsync()
            {
                await _gzip.DisposeAsync();
                await _inner.CompleteAsync();
            }
        }
        """);

    [Fact]
    public Task Silent_BrotliFeature_PrimaryConstructor_EncoderInAFieldInitializer() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public sealed class BrotliBodyFeature(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
        {
            private readonly BrotliStream _brotli = new(inner.Stream, CompressionLevel.Optimal, leaveOpen: true);
            public Stream Stream => _brotli;
            public PipeWriter Writer { get; } = PipeWriter.Create(inner.Stream);
            public void DisableBuffering() => inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
            public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
                file.Seek(offset, SeekOrigin.Begin);
                await file.CopyToAsync(_brotli, cancellationToken);
            }
            public Task CompleteAsync() => inner.CompleteAsync();
        }
        """);

    [Fact]
    public Task Silent_ScriptInjectingFeature_WriterOverTheInjectingStream() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public sealed class RefreshScriptFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _previous;
            private readonly ScriptInjectingStream _injecting;
            private PipeWriter? _pipe;

            public RefreshScriptFeature(IHttpResponseBodyFeature previous)
            {
                _previous = previous;
                _injecting = new ScriptInjectingStream(previous.Stream);
            }

            public Stream Stream => _injecting;
            public PipeWriter Writer => _pipe ??= PipeWriter.Create(_injecting);
            public void DisableBuffering() => _previous.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => _previous.StartAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
                => SendFileFallback.SendFileAsync(_injecting, path, offset, count, cancellationToken);
            public Task CompleteAsync() => _previous.CompleteAsync();
        }

        public sealed class ScriptInjectingStream : WriteOnlyStream
        {
            private static readonly byte[] Script = Encoding.UTF8.GetBytes("<script src=\"/_framework/refresh.js\"></script>");
            private readonly Stream _baseStream;
            private bool _injected;

            public ScriptInjectingStream(Stream baseStream) => _baseStream = baseStream;

            public override void Flush() => _baseStream.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => _baseStream.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count)
            {
                var index = _injected ? -1 : Array.IndexOf(buffer, (byte)'<', offset, count);
                if (index < 0)
                {
                    _baseStream.Write(buffer, offset, count);
                    return;
                }

                _baseStream.Write(buffer, offset, index - offset);
                _baseStream.Write(Script, 0, Script.Length);
                _baseStream.Write(buffer, index, offset + count - index);
                _injected = true;
            }
            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                var index = _injected ? -1 : Array.IndexOf(buffer, (byte)'<', offset, count);
                if (index < 0)
                {
                    await _baseStream.WriteAsync(buffer, offset, count, cancellationToken);
                    return;
                }

                await _baseStream.WriteAsync(buffer, offset, index - offset, cancellationToken);
                await _baseStream.WriteAsync(Script, 0, Script.Length, cancellationToken);
                await _baseStream.WriteAsync(buffer, index, offset + count - index, cancellationToken);
                _injected = true;
            }
        }
        """ + WriteOnlyBase);

    [Fact]
    public Task Silent_GrpcWebShape_Base64StreamBuiltOverTheInner_SendFileRefused() => Analyzer.VerifyAnalyzerAsync(Usings + """
        internal sealed class TextModeFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _initialResponseFeature;
            private readonly Base64BodyStream _encoder;

            public TextModeFeature(IHttpResponseBodyFeature initialResponseFeature)
            {
                _initialResponseFeature = initialResponseFeature;
                _encoder = new Base64BodyStream(initialResponseFeature.Stream);
                Writer = PipeWriter.Create(_encoder);
            }

            public Stream Stream => _encoder;
            public PipeWriter Writer { get; }
            public void DisableBuffering() => _initialResponseFeature.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => _initialResponseFeature.StartAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
                => throw new NotSupportedException("Sending a file is not supported in text mode.");
            public Task CompleteAsync() => _initialResponseFeature.CompleteAsync();
        }

        internal sealed class Base64BodyStream : WriteOnlyStream
        {
            private readonly Stream _inner;
            public Base64BodyStream(Stream inner) => _inner = inner;
            public override void Flush() => _inner.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count)
            {
                var encoded = Encoding.ASCII.GetBytes(Convert.ToBase64String(buffer, offset, count));
                _inner.Write(encoded, 0, encoded.Length);
            }
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                var encoded = Encoding.ASCII.GetBytes(Convert.ToBase64String(buffer, offset, count));
                return _inner.WriteAsync(encoded, 0, encoded.Length, cancellationToken);
            }
        }
        """ + WriteOnlyBase);

    [Fact]
    public Task Silent_GrpcWebFeatureShape_WriterOverThePreviousWriter_StreamOverTheWriter() => Analyzer.VerifyAnalyzerAsync(Usings + """
        internal sealed class GrpcWebLikeFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _initialResponseFeature;
            private Stream? _responseStream;

            public GrpcWebLikeFeature(HttpContext httpContext, bool textMode)
            {
                _initialResponseFeature = httpContext.Features.Get<IHttpResponseBodyFeature>()!;
                var innerWriter = _initialResponseFeature.Writer;
                Writer = textMode ? new TextModePipeWriter(innerWriter) : innerWriter;
                httpContext.Features.Set<IHttpResponseBodyFeature>(this);
            }

            public PipeWriter Writer { get; }
            public Stream Stream => _responseStream ??= Writer.AsStream();
            public void DisableBuffering() => _initialResponseFeature.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => _initialResponseFeature.StartAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
                => throw new NotSupportedException("Sending a file during a call is not supported.");
            public Task CompleteAsync() => _initialResponseFeature.CompleteAsync();
        }

        internal sealed class TextModePipeWriter(PipeWriter inner) : PipeWriter
        {
            public override void Advance(int bytes) => inner.Advance(bytes);
            public override void CancelPendingFlush() => inner.CancelPendingFlush();
            public override void Complete(Exception? exception = null) => inner.Complete(exception);
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);
            public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);
        }
        """);

    [Fact]
    public Task Silent_EncryptingFeature_CryptoStreamOverTheInnerStream() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public sealed class EncryptingFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner;
            private readonly CryptoStream _crypto;

            public EncryptingFeature(IHttpResponseBodyFeature inner, ICryptoTransform transform)
            {
                _inner = inner;
                _crypto = new CryptoStream(inner.Stream, transform, CryptoStreamMode.Write, leaveOpen: true);
                Writer = PipeWriter.Create(_crypto);
            }

            public Stream Stream => _crypto;
            public PipeWriter Writer { get; }
            public void DisableBuffering() => _inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
                => SendFileFallback.SendFileAsync(_crypto, path, offset, count, cancellationToken);
            public async Task CompleteAsync()
            {
                await _crypto.FlushFinalBlockAsync();
                await _inner.CompleteAsync();
            }
        }
        """);

    // ------------------------------------------------------------------ silent: the stream is given by the caller

    [Fact]
    public Task Silent_StreamResponseBodyFeatureShape_GeneralAdapterWithOptionalPrior() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public class StreamBodyAdapter : IHttpResponseBodyFeature, IDisposable
        {
            private PipeWriter? _pipeWriter;
            private bool _started;
            private bool _completed;
            private bool _disposed;

            public StreamBodyAdapter(Stream stream)
            {
                Stream = stream ?? throw new ArgumentNullException(nameof(stream));
            }

            public StreamBodyAdapter(Stream stream, IHttpResponseBodyFeature priorFeature)
            {
                Stream = stream ?? throw new ArgumentNullException(nameof(stream));
                PriorFeature = priorFeature;
            }

            public Stream Stream { get; }
            public IHttpResponseBodyFeature? PriorFeature { get; }

            public PipeWriter Writer
            {
                get
                {
                    if (_pipeWriter == null)
                    {
                        _pipeWriter = PipeWriter.Create(Stream, new StreamPipeWriterOptions(leaveOpen: true));
                        if (_completed)
                        {
                            _pipeWriter.Complete();
                        }
                    }

                    return _pipeWriter;
                }
            }

            public virtual void DisableBuffering() => PriorFeature?.DisableBuffering();

            public virtual async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken)
            {
                if (!_started)
                {
                    await StartAsync(cancellationToken);
                }

                await SendFileFallback.SendFileAsync(Stream, path, offset, count, cancellationToken);
            }

            public virtual Task StartAsync(CancellationToken cancellationToken = default)
            {
                if (!_started)
                {
                    _started = true;
                    return Stream.FlushAsync(cancellationToken);
                }

                return Task.CompletedTask;
            }

            public virtual async Task CompleteAsync()
            {
                if (_disposed || _completed)
                {
                    return;
                }

                _completed = true;
                if (_pipeWriter != null)
                {
                    await _pipeWriter.CompleteAsync();
                }
                else
                {
                    await Stream.FlushAsync();
                }
            }

            public void Dispose() => _disposed = true;
        }
        """);

    [Fact]
    public Task Silent_PrimaryConstructorAdapter_CallerStream_StartFlushesIt() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public sealed class BodyOverStream(Stream body, IHttpResponseBodyFeature? previous = null) : IHttpResponseBodyFeature
        {
            private PipeWriter? _writer;
            public Stream Stream => body;
            public PipeWriter Writer => _writer ??= PipeWriter.Create(body);
            public void DisableBuffering() => previous?.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => body.FlushAsync(cancellationToken);
            public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
            {
                await using var file = File.OpenRead(path);
                file.Seek(offset, SeekOrigin.Begin);
                await file.CopyToAsync(body, cancellationToken);
            }
            public Task CompleteAsync() => body.FlushAsync();
        }
        """);

    [Fact]
    public Task Silent_StreamBuiltOverSomethingElse_NotTheWrappedFeature() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public sealed class ArchiveFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner;
            private readonly ByteCounter _counter;
            public ArchiveFeature(IHttpResponseBodyFeature inner, string archivePath)
            {
                _inner = inner;
                _counter = new ByteCounter(File.Create(archivePath));
            }
            public Stream Stream => _counter;
            public PipeWriter Writer => PipeWriter.Create(_counter);
            public void DisableBuffering() => _inner.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
                => SendFileFallback.SendFileAsync(_counter, path, offset, count, cancellationToken);
            public Task CompleteAsync() => _inner.CompleteAsync();
        }
        """ + ByteCounter);
}
