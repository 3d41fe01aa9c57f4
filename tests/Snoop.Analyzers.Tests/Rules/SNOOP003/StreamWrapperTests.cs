using Microsoft.CodeAnalysis.Testing;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.StreamWrapperRule, Snoop.CodeFixes.Rules.StreamWrapperCodeFix>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>SNOOP003: stream wrappers whose async paths fall to a blocking base, and concrete-stream subclasses whose overrides are bypassed.</summary>
public class StreamWrapperTests
{
    /// <summary>The members every write-only test stream needs, indented for a top-level class body.</summary>
    internal const string WriteOnly = """
            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
        """;

    // ---------------------------------------------------------------- fires (with fix)

    [Fact]
    public Task Fires_CountingWrapper_SyncWriteAndFlushOnly_FixGeneratesBoth() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.IO;

        public class {|#0:CountingStream|} : Stream
        {
            private readonly Stream _inner;
            public CountingStream(Stream inner) => _inner = inner;
            public long Count { get; private set; }
        {{WriteOnly}}
            public override void Flush() => _inner.Flush();
            public override void Write(byte[] buffer, int offset, int count)
            {
                // count the bytes
                Count += count;
                _inner.Write(buffer, offset, count); // forward
            }
        }
        """, $$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public class CountingStream : Stream
        {
            private readonly Stream _inner;
            public CountingStream(Stream inner) => _inner = inner;
            public long Count { get; private set; }
        {{WriteOnly}}
            public override void Flush() => _inner.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

            public override void Write(byte[] buffer, int offset, int count)
            {
                // count the bytes
                Count += count;
                _inner.Write(buffer, offset, count); // forward
            }

            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                // count the bytes
                Count += count;
                await _inner.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false); // forward
            }

            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
        }
        """,
        Verify.Diagnostic(Descriptors.SNOOP003_WriteAndFlushBlock).WithLocation(0).WithArguments("CountingStream"));

    [Fact]
    public Task Fires_SealedWrapper_OnlyWriteAsyncMissing() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class {|#0:TeeStream|} : Stream
        {
            private readonly Stream _inner;
            private readonly Stream _log = Stream.Null;
            public TeeStream(Stream inner) { _inner = inner ?? throw new ArgumentNullException(nameof(inner)); }
        {{WriteOnly}}
            public override void Flush() { }
            public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
        }
        """, $$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class TeeStream : Stream
        {
            private readonly Stream _inner;
            private readonly Stream _log = Stream.Null;
            public TeeStream(Stream inner) { _inner = inner ?? throw new ArgumentNullException(nameof(inner)); }
        {{WriteOnly}}
            public override void Flush() { }
            public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
        }
        """,
        Verify.Diagnostic(Descriptors.SNOOP003_WriteBlocks).WithLocation(0).WithArguments("TeeStream"));

    [Fact]
    public Task Fires_OnlyFlushAsyncMissing() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public class {|#0:LoggingStream|} : Stream
        {
            private readonly Stream _inner;
            public LoggingStream(Stream inner) => _inner = inner;
            public int Flushes { get; private set; }
        {{WriteOnly}}
            public override void Flush()
            {
                Flushes++;
                _inner.Flush();
            }
            public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
                => await _inner.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
        }
        """, $$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public class LoggingStream : Stream
        {
            private readonly Stream _inner;
            public LoggingStream(Stream inner) => _inner = inner;
            public int Flushes { get; private set; }
        {{WriteOnly}}
            public override void Flush()
            {
                Flushes++;
                _inner.Flush();
            }

            public override async Task FlushAsync(CancellationToken cancellationToken)
            {
                Flushes++;
                await _inner.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
                => await _inner.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
        }
        """,
        Verify.Diagnostic(Descriptors.SNOOP003_FlushBlocks).WithLocation(0).WithArguments("LoggingStream"));

    [Fact]
    public Task Fires_PrimaryConstructor_FileScopedNamespace() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.IO;

        namespace App.Middleware;

        internal sealed class {|SNOOP003:PassThroughStream|}(Stream inner) : Stream
        {
        {{WriteOnly}}
            public override void Flush() => inner.Flush();
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        }
        """, $$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        namespace App.Middleware;

        internal sealed class PassThroughStream(Stream inner) : Stream
        {
        {{WriteOnly}}
            public override void Flush() => inner.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
        }
        """);

    [Fact]
    public Task Fires_GenericWrapper_InnerOfTypeParameter() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.IO;

        public class {|SNOOP003:Wrapper|}<TStream> : Stream where TStream : Stream
        {
            private readonly TStream _inner;
            public Wrapper(TStream inner) { _inner = inner; }
        {{WriteOnly}}
            public override void Flush() { }
            public override void Write(byte[] buffer, int offset, int count)
            {
                if (count == 0)
                {
                    return;
                }

                _inner.Write(buffer, offset, count);
            }
        }
        """, $$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public class Wrapper<TStream> : Stream where TStream : Stream
        {
            private readonly TStream _inner;
            public Wrapper(TStream inner) { _inner = inner; }
        {{WriteOnly}}
            public override void Flush() { }
            public override void Write(byte[] buffer, int offset, int count)
            {
                if (count == 0)
                {
                    return;
                }

                _inner.Write(buffer, offset, count);
            }

            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                if (count == 0)
                {
                    return;
                }

                await _inner.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
            }

            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
        }
        """);

    [Fact]
    public Task Fires_NestedClass_NullableInnerProperty() => Verify.VerifyCodeFixAsync("""
        #nullable enable
        using System;
        using System.IO;

        public static class Middleware
        {
            private sealed class {|SNOOP003:BodyStream|} : Stream
            {
                public BodyStream(Stream? inner) => Inner = inner!;
                private Stream Inner { get; }
                public override bool CanRead => false;
                public override bool CanSeek => false;
                public override bool CanWrite => true;
                public override long Length => throw new NotSupportedException();
                public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
                public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
                public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
                public override void SetLength(long value) => throw new NotSupportedException();
                public override void Flush() => Inner.Flush();
                public override void Write(byte[] buffer, int offset, int count) => Inner.Write(buffer, offset, count);
            }
        }
        """, """
        #nullable enable
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public static class Middleware
        {
            private sealed class BodyStream : Stream
            {
                public BodyStream(Stream? inner) => Inner = inner!;
                private Stream Inner { get; }
                public override bool CanRead => false;
                public override bool CanSeek => false;
                public override bool CanWrite => true;
                public override long Length => throw new NotSupportedException();
                public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
                public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
                public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
                public override void SetLength(long value) => throw new NotSupportedException();
                public override void Flush() => Inner.Flush();
                public override Task FlushAsync(CancellationToken cancellationToken) => Inner.FlushAsync(cancellationToken);
                public override void Write(byte[] buffer, int offset, int count) => Inner.Write(buffer, offset, count);
                public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Inner.WriteAsync(buffer, offset, count, cancellationToken);
                public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
                public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
            }
        }
        """);

    [Fact]
    public Task Fires_PartialClass_ReportedOnTheDeclarationWithWrite() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.IO;

        public partial class CapturingStream : Stream
        {
            private readonly Stream _inner;
            public CapturingStream(Stream inner) => _inner = inner;
        {{WriteOnly}}
            public override void Flush() { }
        }

        public partial class {|SNOOP003:CapturingStream|}
        {
            public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
        }
        """, $$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public partial class CapturingStream : Stream
        {
            private readonly Stream _inner;
            public CapturingStream(Stream inner) => _inner = inner;
        {{WriteOnly}}
            public override void Flush() { }
        }

        public partial class CapturingStream
        {
            public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
        }
        """);

    [Fact]
    public Task Fires_DerivedFromSourceBase_InnerDeclaredInBase_OnlyTheDeclaringClassIsReported() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public abstract class WrappingStream : Stream
        {
            protected WrappingStream(Stream inner) => Inner = inner;
            protected Stream Inner { get; }
        {{WriteOnly}}
            public override void Flush() => Inner.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => Inner.FlushAsync(cancellationToken);
        }

        public class {|SNOOP003:UpperCaseStream|} : WrappingStream
        {
            public UpperCaseStream(Stream inner) : base(inner) { }
            public override void Write(byte[] buffer, int offset, int count) => Inner.Write(buffer, offset, count);
        }

        public sealed class DerivedAgain : UpperCaseStream
        {
            public DerivedAgain(Stream inner) : base(inner) { }
        }
        """, $$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public abstract class WrappingStream : Stream
        {
            protected WrappingStream(Stream inner) => Inner = inner;
            protected Stream Inner { get; }
        {{WriteOnly}}
            public override void Flush() => Inner.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => Inner.FlushAsync(cancellationToken);
        }

        public class UpperCaseStream : WrappingStream
        {
            public UpperCaseStream(Stream inner) : base(inner) { }
            public override void Write(byte[] buffer, int offset, int count) => Inner.Write(buffer, offset, count);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Inner.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
        }

        public sealed class DerivedAgain : UpperCaseStream
        {
            public DerivedAgain(Stream inner) : base(inner) { }
        }
        """);

    [Fact]
    public Task Fires_AbstractWrapper_AsyncOverrideExcludedByIf() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public abstract class {|SNOOP003:BaseWrapper|} : Stream
        {
            private readonly Stream _inner;
            protected BaseWrapper(Stream inner) => _inner = inner;
        {{WriteOnly}}
            public override void Flush() { }
            public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
        #if NEVER_DEFINED
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.WriteAsync(buffer, offset, count, cancellationToken);
        #endif
        }
        """, $$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public abstract class BaseWrapper : Stream
        {
            private readonly Stream _inner;
            protected BaseWrapper(Stream inner) => _inner = inner;
        {{WriteOnly}}
            public override void Flush() { }
            public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
        #if NEVER_DEFINED
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.WriteAsync(buffer, offset, count, cancellationToken);
        #endif
        }
        """);

    [Fact]
    public Task Fires_OnlyTheMemoryOverloadIsOverridden_ByteArrayOverloadStillBlocks() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class {|SNOOP003:ModernStream|} : Stream
        {
            private readonly Stream _inner;
            public ModernStream(Stream inner) => _inner = inner;
        {{WriteOnly}}
            public override void Flush() { }
            public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
            public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _inner.WriteAsync(buffer, cancellationToken);
        }
        """, $$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class ModernStream : Stream
        {
            private readonly Stream _inner;
            public ModernStream(Stream inner) => _inner = inner;
        {{WriteOnly}}
            public override void Flush() { }
            public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
            public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _inner.WriteAsync(buffer, cancellationToken);
        }
        """);

    [Fact]
    public Task Fires_DisposeForwardsSynchronously_ListedWithTheWritePath_FixUsesTheAsyncDisposePattern() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.IO;

        public sealed class {|#0:OwningStream|} : Stream
        {
            private readonly Stream _inner;
            private bool _disposed;
            public OwningStream(Stream inner) => _inner = inner;
        {{WriteOnly}}
            public override void Flush() { }
            public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    _disposed = true;
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

        public sealed class OwningStream : Stream
        {
            private readonly Stream _inner;
            private bool _disposed;
            public OwningStream(Stream inner) => _inner = inner;
        {{WriteOnly}}
            public override void Flush() { }
            public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    _disposed = true;
                    _inner.Dispose();
                }

                base.Dispose(disposing);
            }

            public override async ValueTask DisposeAsync()
            {
                _disposed = true;
                await _inner.DisposeAsync().ConfigureAwait(false);
                Dispose(false);
                GC.SuppressFinalize(this);
            }
        }
        """,
        Verify.Diagnostic(Descriptors.SNOOP003_WriteBlocksAndDisposes).WithLocation(0).WithArguments("OwningStream"));

    /// <summary>
    /// A Dispose(bool) of another shape than the standard one: the fix generates the write path, and the class stays
    /// reported for DisposeAsync alone, without a fix (the statements around the inner call are the user's to order).
    /// </summary>
    [Fact]
    public Task Fires_DisposeWithUnusualShape_FixStillGeneratesTheWritePath() => new Verify.Test
    {
        TestCode = $$"""
        using System;
        using System.IO;

        public sealed class {|SNOOP003:ClosingStream|}(Stream inner) : Stream
        {
        {{WriteOnly}}
            public override void Flush() { }
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
            protected override void Dispose(bool disposing)
            {
                inner.Close();
                base.Dispose(disposing);
            }
        }
        """,
        FixedCode = $$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class {|#0:ClosingStream|}(Stream inner) : Stream
        {
        {{WriteOnly}}
            public override void Flush() { }
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);

            protected override void Dispose(bool disposing)
            {
                inner.Close();
                base.Dispose(disposing);
            }
        }
        """,
        FixedState = { ExpectedDiagnostics = { Verify.Diagnostic(Descriptors.SNOOP003_DisposeBlocks).WithLocation(0).WithArguments("ClosingStream") } },
    }.RunAsync();

    [Fact]
    public Task Fires_PrimaryConstructorCapturedByAFieldInitializer_ArgumentsDiffer_NoFix()
    {
        var source = $$"""
        using System;
        using System.IO;

        public sealed class {|SNOOP003:Captured|}(Stream inner, int limit) : Stream
        {
            private readonly Stream _inner = inner;
            private readonly int _limit = limit;
        {{WriteOnly}}
            public override void Flush() => _inner.Flush();
            public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, Math.Min(count, _limit));
        }
        """;
        return Verify.VerifyCodeFixAsync(source, source);
    }

    [Fact]
    public Task Fires_InnerTakenFromTheHttpContext() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.IO;
        using Microsoft.AspNetCore.Http;

        public sealed class {|SNOOP003:ResponseTap|} : Stream
        {
            private readonly Stream _body;
            public ResponseTap(HttpContext context) => _body = context.Response.Body;
            public long Bytes { get; private set; }
        {{WriteOnly}}
            public override void Flush() { }
            public override void Write(byte[] buffer, int offset, int count)
            {
                Bytes += count;
                _body.Write(buffer, offset, count);
            }
        }
        """, $$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;

        public sealed class ResponseTap : Stream
        {
            private readonly Stream _body;
            public ResponseTap(HttpContext context) => _body = context.Response.Body;
            public long Bytes { get; private set; }
        {{WriteOnly}}
            public override void Flush() { }
            public override void Write(byte[] buffer, int offset, int count)
            {
                Bytes += count;
                _body.Write(buffer, offset, count);
            }

            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                Bytes += count;
                await _body.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
            }

            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
        }
        """);

    // ---------------------------------------------------------------- fires (no fix)

    [Fact]
    public Task Fires_WriteForwardsThroughOwnSpanOverload_NoFix()
    {
        var source = $$"""
            using System;
            using System.IO;

            public sealed class {|SNOOP003:SpanStream|} : Stream
            {
                private readonly Stream _inner;
                public SpanStream(Stream inner) => _inner = inner;
            {{WriteOnly}}
                public override void Flush() { }
                public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
                public override void Write(ReadOnlySpan<byte> buffer) => _inner.Write(buffer);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source);
    }

    [Fact]
    public Task Fires_InnerCallNestedInTryAndIf_FixTranslatesInside() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.IO;

        public sealed class {|SNOOP003:GuardedStream|} : Stream
        {
            private readonly Stream _inner;
            public GuardedStream(Stream inner) => _inner = inner;
            public bool Failed { get; private set; }
        {{WriteOnly}}
            public override void Flush() { }
            public override void Write(byte[] buffer, int offset, int count)
            {
                try
                {
                    if (count > 0)
                    {
                        _inner.Write(buffer, offset, count);
                    }
                }
                catch (IOException)
                {
                    Failed = true;
                }
            }
        }
        """, $$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class GuardedStream : Stream
        {
            private readonly Stream _inner;
            public GuardedStream(Stream inner) => _inner = inner;
            public bool Failed { get; private set; }
        {{WriteOnly}}
            public override void Flush() { }
            public override void Write(byte[] buffer, int offset, int count)
            {
                try
                {
                    if (count > 0)
                    {
                        _inner.Write(buffer, offset, count);
                    }
                }
                catch (IOException)
                {
                    Failed = true;
                }
            }

            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                try
                {
                    if (count > 0)
                    {
                        await _inner.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (IOException)
                {
                    Failed = true;
                }
            }

            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
        }
        """);

    [Fact]
    public Task Fires_InnerCallInsideLock_NoFix()
    {
        var source = $$"""
            using System;
            using System.IO;

            public sealed class {|SNOOP003:LockedStream|} : Stream
            {
                private readonly object _gate = new();
                private readonly Stream _inner;
                public LockedStream(Stream inner) => _inner = inner;
            {{WriteOnly}}
                public override void Flush() { }
                public override void Write(byte[] buffer, int offset, int count)
                {
                    lock (_gate)
                    {
                        _inner.Write(buffer, offset, count);
                    }
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source);
    }

    [Fact]
    public Task Fires_SpanLocalInBody_NoFix()
    {
        var source = $$"""
            using System;
            using System.IO;

            public sealed class {|SNOOP003:SpanLocalStream|} : Stream
            {
                private readonly Stream _inner;
                public SpanLocalStream(Stream inner) => _inner = inner;
                public int Newlines { get; private set; }
            {{WriteOnly}}
                public override void Flush() { }
                public override void Write(byte[] buffer, int offset, int count)
                {
                    ReadOnlySpan<byte> span = buffer.AsSpan(offset, count);
                    Newlines += span.Count((byte)'\n');
                    _inner.Write(buffer, offset, count);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source);
    }

    [Fact]
    public Task Fires_MemoryStreamSubclass_WriteOverrideBypassed_NoFix()
    {
        var source = """
            using System.IO;

            public class {|#0:CountingMemoryStream|} : MemoryStream
            {
                public long Written { get; private set; }
                public override void Write(byte[] buffer, int offset, int count)
                {
                    Written += count;
                    base.Write(buffer, offset, count);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(
            source,
            source,
            Verify.Diagnostic(Descriptors.SNOOP003_OverloadsBypassOverride).WithLocation(0).WithArguments(
                "CountingMemoryStream",
                "Write(ReadOnlySpan<byte>), WriteByte(byte), WriteAsync(byte[], int, int, CancellationToken) and WriteAsync(ReadOnlyMemory<byte>, CancellationToken)",
                "MemoryStream",
                "Write(byte[], int, int)"));
    }

    [Fact]
    public Task Fires_FileStreamSubclass_OnlyWriteByteBypasses_NoFix()
    {
        var source = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class {|#0:AuditStream|} : FileStream
        {
            public AuditStream(string path) : base(path, FileMode.Create) { }
            public long Bytes;
            public override void Write(byte[] buffer, int offset, int count) { Bytes += count; base.Write(buffer, offset, count); }
            public override void Write(ReadOnlySpan<byte> buffer) { Bytes += buffer.Length; base.Write(buffer); }
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) { Bytes += count; return base.WriteAsync(buffer, offset, count, cancellationToken); }
            public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) { Bytes += buffer.Length; return base.WriteAsync(buffer, cancellationToken); }
        }
        """;
        return Verify.VerifyCodeFixAsync(
            source,
            source,
            Verify.Diagnostic(Descriptors.SNOOP003_OverloadBypassesOverride).WithLocation(0).WithArguments(
                "AuditStream",
                "WriteByte(byte)",
                "FileStream",
                "Write(byte[], int, int), Write(ReadOnlySpan<byte>), WriteAsync(byte[], int, int, CancellationToken) and WriteAsync(ReadOnlyMemory<byte>, CancellationToken)"));
    }

    // ---------------------------------------------------------------- fix all

    [Fact]
    public Task Fix_All_TwoWrappersInOneDocument() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.IO;

        public sealed class {|SNOOP003:First|}(Stream inner) : Stream
        {
        {{WriteOnly}}
            public override void Flush() => inner.Flush();
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        }

        public sealed class {|SNOOP003:Second|}(Stream inner) : Stream
        {
        {{WriteOnly}}
            public override void Flush() { }
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        }
        """, $$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class First(Stream inner) : Stream
        {
        {{WriteOnly}}
            public override void Flush() => inner.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
        }

        public sealed class Second(Stream inner) : Stream
        {
        {{WriteOnly}}
            public override void Flush() { }
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
        }
        """);

    // ---------------------------------------------------------------- silent

    [Fact]
    public Task Silent_CompressionStyleWrapper_OverridesOnlyByteArrayAsyncOverloads() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        // The shape of ASP.NET Core's ResponseCompressionBody: Stream routes WriteAsync(ReadOnlyMemory) to WriteAsync(byte[]).
        internal sealed class CompressionBody : Stream
        {
            private readonly Stream _inner;
            public CompressionBody(Stream inner) => _inner = inner;
        {{WriteOnly}}
            public override void Flush() => _inner.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                await _inner.WriteAsync(buffer, offset, count, cancellationToken);
                await _inner.FlushAsync(cancellationToken);
            }

            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
        }
        """);

    [Fact]
    public Task Silent_ResponseCompressionBodyShape_InnerFromTheBodyFeature() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http.Features;

        // Modelled on ASP.NET Core's ResponseCompressionBody: sync members forward, the byte[] async overloads,
        // FlushAsync and BeginWrite are overridden; the memory overload is left to the base.
        internal sealed class CompressionBody : Stream
        {
            private readonly IHttpResponseBodyFeature _innerBodyFeature;
            private readonly Stream _innerStream;
            private Stream? _compressionStream;

            internal CompressionBody(IHttpResponseBodyFeature innerBodyFeature)
            {
                _innerBodyFeature = innerBodyFeature;
                _innerStream = innerBodyFeature.Stream;
            }
        {{WriteOnly}}
            public override void Flush()
            {
                if (_compressionStream != null) _compressionStream.Flush();
                else _innerStream.Flush();
            }
            public override Task FlushAsync(CancellationToken cancellationToken)
                => _compressionStream != null ? _compressionStream.FlushAsync(cancellationToken) : _innerStream.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count)
            {
                if (_compressionStream != null) _compressionStream.Write(buffer, offset, count);
                else _innerStream.Write(buffer, offset, count);
            }

            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state)
                => throw new NotSupportedException();
            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                if (_compressionStream != null) await _compressionStream.WriteAsync(buffer, offset, count, cancellationToken);
                else await _innerStream.WriteAsync(buffer, offset, count, cancellationToken);
            }
        }
        """);

    [Fact]
    public Task Silent_AbstractOverrideForcesDerivedClassesToImplementWriteAsync() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public abstract class StrictWrapper(Stream inner) : Stream
        {
            protected Stream Inner { get; } = inner;
        {{WriteOnly}}
            public override void Flush() => Inner.Flush();
            public abstract override Task FlushAsync(CancellationToken cancellationToken);
            public override void Write(byte[] buffer, int offset, int count) => Inner.Write(buffer, offset, count);
            public abstract override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
        }
        """);

    [Fact]
    public Task Silent_StreamThatWrapsNothing() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using System.Collections.Generic;
        using System.IO;

        public sealed class ListStream : Stream
        {
            private readonly List<byte> _bytes = new();
        {{WriteOnly}}
            public override void Flush() { }
            public override void Write(byte[] buffer, int offset, int count)
            {
                for (var i = 0; i < count; i++) _bytes.Add(buffer[offset + i]);
            }
        }
        """);

    [Fact]
    public Task Silent_CompleteAsyncWrapper() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class CompleteStream(Stream inner) : Stream
        {
        {{WriteOnly}}
            public override void Flush() => inner.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
            public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
            public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);
            public override ValueTask DisposeAsync() => inner.DisposeAsync();
        }
        """);

    [Fact]
    public Task Silent_InnerIsAMemoryStream() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using System.IO;

        public sealed class Recorder : Stream
        {
            private readonly MemoryStream _buffer;
            public Recorder(MemoryStream buffer) => _buffer = buffer;
        {{WriteOnly}}
            public override void Flush() => _buffer.Flush();
            public override void Write(byte[] buffer, int offset, int count) => _buffer.Write(buffer, offset, count);
        }
        """);

    [Fact]
    public Task Silent_InnerNotFromAConstructorParameter() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using System.IO;

        public sealed class NullSink : Stream
        {
            private readonly Stream _inner = Stream.Null;
            private static readonly Stream s_shared = new BufferedStream(Stream.Null);
        {{WriteOnly}}
            public override void Flush() { _inner.Flush(); s_shared.Flush(); }
            public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
        }
        """);

    [Fact]
    public Task Silent_BeginWriteOverridden_AsyncWritesRouteThroughApm() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class ApmStream : Stream
        {
            private readonly Stream _inner;
            public ApmStream(Stream inner) => _inner = inner;
        {{WriteOnly}}
            public override void Flush() { }
            public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state) => _inner.BeginWrite(buffer, offset, count, callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => _inner.EndWrite(asyncResult);
        }
        """);

    [Fact]
    public Task Silent_FlushDoesNotReachTheInner_AndWriteAsyncIsOverridden() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class NoFlushStream : Stream
        {
            private readonly Stream _inner;
            public NoFlushStream(Stream inner) => _inner = inner;
        {{WriteOnly}}
            public override void Flush() { }
            public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
        }
        """);

    [Fact]
    public Task Silent_MemoryOverloadPerformanceCaseAlone() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        // CA1844 territory: WriteAsync(ReadOnlyMemory) copies into an array, but still reaches the async override.
        public sealed class ArrayOnlyStream(Stream inner) : Stream
        {
        {{WriteOnly}}
            public override void Flush() => inner.Flush();
            public override async Task FlushAsync(CancellationToken cancellationToken) => await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
                => await inner.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
        }
        """);

    [Fact]
    public Task Silent_DerivedFromACompleteSourceWrapper() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public class DelegatingStream(Stream inner) : Stream
        {
        {{WriteOnly}}
            protected Stream Inner => inner;
            public override void Flush() => inner.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
        }

        public sealed class Named(Stream inner) : DelegatingStream(inner)
        {
            public override string ToString() => "named";
        }
        """);

    [Fact]
    public Task Silent_MemoryStreamSubclass_OverridesEveryWriteEntryPoint() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class CountingMemoryStream : MemoryStream
        {
            public long Bytes;
            public override void Write(byte[] buffer, int offset, int count) { Bytes += count; base.Write(buffer, offset, count); }
            public override void Write(ReadOnlySpan<byte> buffer) { Bytes += buffer.Length; base.Write(buffer); }
            public override void WriteByte(byte value) { Bytes++; base.WriteByte(value); }
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) { Bytes += count; return base.WriteAsync(buffer, offset, count, cancellationToken); }
            public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) { Bytes += buffer.Length; return base.WriteAsync(buffer, cancellationToken); }
        }
        """);

    [Fact]
    public Task Silent_FileStreamSubclass_OverridesNoWriteMember() => Verify.VerifyAnalyzerAsync("""
        using System.IO;

        public sealed class TempFileStream : FileStream
        {
            public TempFileStream(string path) : base(path, FileMode.Create) { }
            protected override void Dispose(bool disposing)
            {
                base.Dispose(disposing);
                File.Delete(Name);
            }
        }
        """);

    [Fact]
    public Task Silent_NotAStream_WriteForwardsToAStream() => Verify.VerifyAnalyzerAsync("""
        using System.IO;

        public sealed class Sink
        {
            private readonly Stream _inner;
            public Sink(Stream inner) => _inner = inner;
            public void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
            public void Flush() => _inner.Flush();
        }
        """);

    [Fact]
    public Task Silent_ReadOnlyWrapper() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;

        public sealed class ReadOnlyView(Stream inner) : Stream
        {
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => inner.Length;
            public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
        """);

    [Fact]
    public Task Silent_WriteTargetsAStreamPassedPerCall() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using System.IO;

        public sealed class Router : Stream
        {
            private readonly Func<Stream> _target;
            public Router(Func<Stream> target) => _target = target;
        {{WriteOnly}}
            public override void Flush() => _target().Flush();
            public override void Write(byte[] buffer, int offset, int count) => _target().Write(buffer, offset, count);
            public override void CopyTo(Stream destination, int bufferSize) => destination.Flush();
        }
        """);

    [Fact]
    public Task Silent_AsyncOverridesInActiveIfRegion() => Verify.VerifyAnalyzerAsync($$"""
        #define USE_ASYNC
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class Conditional(Stream inner) : Stream
        {
        {{WriteOnly}}
            public override void Flush() => inner.Flush();
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        #if USE_ASYNC
            public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
        #endif
        }
        """);

    [Fact]
    public Task Silent_WrapperOfUnknownLibraryStream() => Verify.VerifyAnalyzerAsync("""
        using System.IO;
        using System.IO.Compression;

        // GZipStream's own overloads are not known to bypass each other: not reported.
        public sealed class MyGZip : GZipStream
        {
            public MyGZip(Stream inner) : base(inner, CompressionLevel.Fastest) { }
            public override void Write(byte[] buffer, int offset, int count) => base.Write(buffer, offset, count);
        }
        """);

    [Fact]
    public Task Silent_AsyncOverridesLiveInASourceBase() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public abstract class AsyncBase(Stream inner) : Stream
        {
            protected Stream Inner { get; } = inner;
        {{WriteOnly}}
            public override Task FlushAsync(CancellationToken cancellationToken) => Inner.FlushAsync(cancellationToken);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Inner.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
        }

        public sealed class SyncParts(Stream inner) : AsyncBase(inner)
        {
            public override void Flush() => Inner.Flush();
            public override void Write(byte[] buffer, int offset, int count) => Inner.Write(buffer, offset, count);
        }
        """);

    [Fact]
    public Task Silent_CountingWrapperWithAwaitingAsyncOverrides() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class CountingStream : Stream
        {
            private readonly Stream _inner;
            public CountingStream(Stream inner) => _inner = inner;
            public long Count { get; private set; }
        {{WriteOnly}}
            public override void Flush() => _inner.Flush();
            public override async Task FlushAsync(CancellationToken cancellationToken) => await _inner.FlushAsync(cancellationToken).ConfigureAwait(false);
            public override void Write(byte[] buffer, int offset, int count) { Count += count; _inner.Write(buffer, offset, count); }
            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                Count += count;
                await _inner.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
            }

            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
            public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            {
                Count += buffer.Length;
                await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
        }
        """);

    [Fact]
    public Task Silent_InnerIsOnlyReadFrom() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.IO;

        public sealed class RecordingReader(Stream inner) : Stream
        {
            private readonly List<byte> _written = new();
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => _written.AddRange(new ArraySegment<byte>(buffer, offset, count));
        }
        """);

    // ---------------------------------------------------------------- broken code

    [Fact]
    public Task Broken_HalfTypedMembers_DoNotThrow()
    {
        var test = new Verify.Test
        {
            TestCode = $$"""
                using System;
                using System.IO;

                public sealed class Half(Stream inner) : Stream
                {
                {{WriteOnly}}
                    public override void Flush() => inner.
                    public override void Write(byte[] buffer, int offset, int count) { inner.Wri }
                    public override Task WriteAsync(
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task Broken_MissingTypes_StillReportsTheRecognizableShape()
    {
        var source = $$"""
            using System;
            using System.IO;

            public sealed class {|SNOOP003:Typo|} : Stream
            {
                private readonly Stream _inner;
                private readonly Missing _other;
                public Typo(Stream inner, Missing other) { _inner = inner; _other = other; }
            {{WriteOnly}}
                public override void Flush() { _other.Flush(); }
                public override void Write(byte[] buffer, int offset, int count) { _inner.Write(buffer, offset, count); _other.Write(buffer); }
                public override Task WriteAsync(byte[] buffer, int offset, int count, UnknownToken token) => null;
            }
            """;
        var test = new Verify.Test
        {
            TestCode = source,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.FixedCode = source; // no fix on code that does not compile
        return test.RunAsync();
    }

    [Fact]
    public Task Broken_SyntaxErrorsAndMissingBase_DoNotThrow_AndAFieldOfTheEnclosingTypeIsNotAnInner()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System.IO;

                public class NoBase : MissingStream
                {
                    private readonly Stream _inner;
                    public NoBase(Stream inner) => _inner = inner;
                    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count)

                public class Unclosed : Stream
                {
                    public Unclosed(Stream inner) => _inner = inner;
                    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
                    public override void Flush() => _inner.Flush(;
                """,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        return test.RunAsync();
    }
}
