using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.StreamWrapperRule, Snoop.CodeFixes.Rules.StreamWrapperCodeFix>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>
/// SNOOP003's <c>DisposeAsync</c>: Stream's base calls <c>Dispose()</c>, which reaches the class's
/// <c>Dispose(bool)</c>/<c>Close</c>; when they dispose, close, flush or write the inner stream, <c>await using</c> blocks.
/// </summary>
public class StreamWrapperDisposeAsyncTests
{
    private const string WriteOnly = StreamWrapperTests.WriteOnly;

    // ---------------------------------------------------------------- DisposeAsync: fires

    /// <summary>Every write and flush path is async; DisposeAsync still ends in a synchronous dispose of the inner stream.</summary>
    [Fact]
    public Task Fires_DisposeAsyncMissingAlone_FixGeneratesTheAsyncDisposePattern() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class {|#0:OwningStream|}(Stream inner) : Stream
        {
        {{WriteOnly}}
            public override void Flush() { }
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);

            protected override void Dispose(bool disposing)
            {
                if (disposing) inner.Dispose();
                base.Dispose(disposing);
            }
        }
        """, $$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class OwningStream(Stream inner) : Stream
        {
        {{WriteOnly}}
            public override void Flush() { }
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);

            protected override void Dispose(bool disposing)
            {
                if (disposing) inner.Dispose();
                base.Dispose(disposing);
            }

            public override async ValueTask DisposeAsync()
            {
                await inner.DisposeAsync().ConfigureAwait(false);
                Dispose(false);
                GC.SuppressFinalize(this);
            }
        }
        """,
        Verify.Diagnostic(Descriptors.SNOOP003_DisposeBlocks).WithLocation(0).WithArguments("OwningStream"));

    /// <summary>A leave-open flag guards the inner's disposal: the generated DisposeAsync keeps the guard.</summary>
    [Fact]
    public Task Fires_LeaveOpenFlagGuardsTheInnersDisposal_FixKeepsTheGuard() => Verify.VerifyCodeFixStrictAsync($$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class {|#0:ProgressStream|} : Stream
        {
            private readonly Stream _inner;
            private readonly bool _leaveOpen;
            public ProgressStream(Stream inner, bool leaveOpen = false) { _inner = inner; _leaveOpen = leaveOpen; }
            public long Written { get; private set; }
        {{WriteOnly}}
            public override void Flush() => throw new NotSupportedException();
            public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                Written += count;
                await _inner.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing && !_leaveOpen)
                {
                    _inner.Dispose();
                }

                base.Dispose(disposing);
            }
        }
        """, $$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class ProgressStream : Stream
        {
            private readonly Stream _inner;
            private readonly bool _leaveOpen;
            public ProgressStream(Stream inner, bool leaveOpen = false) { _inner = inner; _leaveOpen = leaveOpen; }
            public long Written { get; private set; }
        {{WriteOnly}}
            public override void Flush() => throw new NotSupportedException();
            public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                Written += count;
                await _inner.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing && !_leaveOpen)
                {
                    _inner.Dispose();
                }

                base.Dispose(disposing);
            }

            public override async ValueTask DisposeAsync()
            {
                if (!_leaveOpen)
                {
                    await _inner.DisposeAsync().ConfigureAwait(false);
                }

                Dispose(false);
                GC.SuppressFinalize(this);
            }
        }
        """,
        Verify.Diagnostic(Descriptors.SNOOP003_DisposeBlocks).WithLocation(0).WithArguments("ProgressStream"));

    /// <summary>A leave-open wrapper that flushes the inner stream on dispose: the flush is synchronous (no fix: not the standard shape).</summary>
    [Fact]
    public Task Fires_DisposeFlushesTheInnerSynchronously_NoFix()
    {
        const string Source = """
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class {|#0:TrailerStream|} : Stream
            {
                private static readonly byte[] Trailer = "\n-- end --\n"u8.ToArray();
                private readonly Stream _inner;
                public TrailerStream(Stream inner) => _inner = inner;
                public override bool CanRead => false;
                public override bool CanSeek => false;
                public override bool CanWrite => true;
                public override long Length => throw new NotSupportedException();
                public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
                public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
                public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
                public override void SetLength(long value) => throw new NotSupportedException();
                public override void Flush() { }
                public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("async only");
                public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.WriteAsync(buffer, offset, count, cancellationToken);

                protected override void Dispose(bool disposing)
                {
                    if (disposing)
                    {
                        _inner.Write(Trailer, 0, Trailer.Length);
                        _inner.Flush();
                    }

                    base.Dispose(disposing);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(Source, Source, Verify.Diagnostic(Descriptors.SNOOP003_DisposeBlocks).WithLocation(0).WithArguments("TrailerStream"));
    }

    /// <summary>Close is overridden (Stream.Dispose() calls Close()) and closes the inner stream; no fix (Close has work of its own).</summary>
    [Fact]
    public Task Fires_CloseOverrideClosesTheInner_NoFix()
    {
        const string Source = """
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            public class {|#0:LegacyWrapper|} : Stream
            {
                private readonly Stream _inner;
                public LegacyWrapper(Stream inner) { _inner = inner; }
                public override bool CanRead => _inner.CanRead;
                public override bool CanSeek => _inner.CanSeek;
                public override bool CanWrite => _inner.CanWrite;
                public override long Length => _inner.Length;
                public override long Position { get => _inner.Position; set => _inner.Position = value; }
                public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
                public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);
                public override void SetLength(long value) => _inner.SetLength(value);
                public override void Flush() { }
                public override void Write(byte[] buffer, int offset, int count) { }
                public override void Close()
                {
                    _inner.Close();
                    base.Close();
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(Source, Source, Verify.Diagnostic(Descriptors.SNOOP003_DisposeBlocks).WithLocation(0).WithArguments("LegacyWrapper"));
    }

    /// <summary>Dispose(bool) calls the class's own Flush, which flushes the inner stream synchronously.</summary>
    [Fact]
    public Task Fires_DisposeCallsOwnFlush_WhichFlushesTheInner_NoFix()
    {
        const string Source = """
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class {|#0:BufferingStream|}(Stream inner, bool leaveOpen) : Stream
            {
                public override bool CanRead => false;
                public override bool CanSeek => false;
                public override bool CanWrite => true;
                public override long Length => throw new NotSupportedException();
                public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
                public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
                public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
                public override void SetLength(long value) => throw new NotSupportedException();
                public override void Flush() => inner.Flush();
                public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
                public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
                public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

                protected override void Dispose(bool disposing)
                {
                    if (disposing && !leaveOpen)
                    {
                        Flush();
                    }

                    base.Dispose(disposing);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(Source, Source, Verify.Diagnostic(Descriptors.SNOOP003_DisposeBlocks).WithLocation(0).WithArguments("BufferingStream"));
    }

    /// <summary>A nullable inner disposed with <c>?.</c> and cleared: as synchronous as a plain call (no fix: not the standard shape).</summary>
    [Fact]
    public Task Fires_NullableInnerDisposedWithConditionalAccess_NoFix()
    {
        const string Source = """
            #nullable enable
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class {|#0:DetachableStream|} : Stream
            {
                private Stream? _inner;
                public DetachableStream(Stream inner) => _inner = inner;
                public override bool CanRead => false;
                public override bool CanSeek => false;
                public override bool CanWrite => true;
                public override long Length => throw new NotSupportedException();
                public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
                public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
                public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
                public override void SetLength(long value) => throw new NotSupportedException();
                public override void Flush() { }
                public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
                public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
                    => _inner?.WriteAsync(buffer, offset, count, cancellationToken) ?? throw new ObjectDisposedException(nameof(DetachableStream));

                protected override void Dispose(bool disposing)
                {
                    if (disposing)
                    {
                        _inner?.Dispose();
                        _inner = null;
                    }

                    base.Dispose(disposing);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(Source, Source, Verify.Diagnostic(Descriptors.SNOOP003_DisposeBlocks).WithLocation(0).WithArguments("DetachableStream"));
    }

    // ---------------------------------------------------------------- DisposeAsync: silent
    /// <summary><c>?.</c> on the class's own resource, not the inner stream.</summary>
    [Fact]
    public Task Silent_ConditionalDisposeOfAnOwnResource() => Verify.VerifyAnalyzerAsync($$"""
        #nullable enable
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class TimedStream(Stream inner) : Stream
        {
            private Timer? _timer = new(_ => { });
        {{WriteOnly}}
            public override void Flush() { }
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    _timer?.Dispose();
                    _timer = null;
                }

                base.Dispose(disposing);
            }
        }
        """);


    [Fact]
    public Task Silent_DisposeAsyncOverridden_AwaitsTheInner() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class OwningStream(Stream inner) : Stream
        {
        {{WriteOnly}}
            public override void Flush() { }
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

            protected override void Dispose(bool disposing)
            {
                if (disposing) inner.Dispose();
                base.Dispose(disposing);
            }

            public override async ValueTask DisposeAsync()
            {
                await inner.FlushAsync().ConfigureAwait(false);
                await inner.DisposeAsync().ConfigureAwait(false);
                await base.DisposeAsync().ConfigureAwait(false);
            }
        }
        """);

    /// <summary>A leave-open wrapper: Dispose(bool) releases only the class's own resources.</summary>
    [Fact]
    public Task Silent_DisposeReleasesOnlyOwnResources() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using System.IO;
        using System.Security.Cryptography;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class HashingStream(Stream inner) : Stream
        {
            private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        {{WriteOnly}}
            public override void Flush() { }
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                _hash.AppendData(buffer, offset, count);
                await inner.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    _hash.Dispose();
                }

                base.Dispose(disposing);
            }
        }
        """);

    /// <summary>No Dispose(bool)/Close override: Stream's own Dispose(bool) does nothing to the inner stream.</summary>
    [Fact]
    public Task Silent_NoDisposeOverride_BaseDisposeDoesNotTouchTheInner() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class PlainWrapper(Stream inner) : Stream
        {
        {{WriteOnly}}
            public override void Flush() => throw new NotSupportedException();
            public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
        }
        """);

    /// <summary>DisposeAsync comes from the runtime's DelegatingStream, which disposes the inner stream asynchronously.</summary>
    [Fact]
    public Task Silent_DerivedFromDelegatingStream_DisposeOverridden() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using System.Security.Cryptography;
        using Snoop;

        public sealed class HashingStream(Stream inner) : DelegatingStream(inner)
        {
            private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    _hash.Dispose();
                }

                base.Dispose(disposing);
            }
        }
        """);
}
