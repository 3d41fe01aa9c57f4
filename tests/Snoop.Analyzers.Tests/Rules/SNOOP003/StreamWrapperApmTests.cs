using Snoop.Analyzers.Tests.Infrastructure;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.StreamWrapperRule, Snoop.CodeFixes.Rules.StreamWrapperCodeFix>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>
/// SNOOP003's APM entry point: <c>BeginWrite</c> (Stream's base runs the sync <c>Write</c> on a pool thread, even when
/// every <c>WriteAsync</c> is overridden).
/// </summary>
public class StreamWrapperApmTests
{
    private const string WriteOnly = StreamWrapperTests.WriteOnly;

    /// <summary>Compiles the test against netstandard2.0's reference assembly instead of .NET 8 and ASP.NET Core.</summary>
    private static void OnNetStandard20(Verify.Test test)
    {
        test.TestState.AdditionalReferences.Clear();
        test.TestState.AdditionalReferences.AddRange(TestReferences.NetStandard20);
        test.FixedState.AdditionalReferences.Clear();
        test.FixedState.AdditionalReferences.AddRange(TestReferences.NetStandard20);
    }

    // ---------------------------------------------------------------- BeginWrite: fires

    /// <summary>The wrapper that "looks done": both WriteAsync overloads and FlushAsync await the inner stream.</summary>
    [Fact]
    public Task Fires_EveryWriteAsyncAndFlushAsyncOverridden_BeginWriteMissing_FixGeneratesApmOverWriteAsync() => Verify.VerifyCodeFixStrictAsync($$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class {|#0:MeteredStream|} : Stream
        {
            private readonly Stream _inner;
            public MeteredStream(Stream inner) => _inner = inner ?? throw new ArgumentNullException(nameof(inner));
            public long BytesWritten { get; private set; }
        {{WriteOnly}}
            public override void Flush() => _inner.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count)
            {
                BytesWritten += count;
                _inner.Write(buffer, offset, count);
            }
            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                BytesWritten += count;
                await _inner.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
            }
            public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            {
                BytesWritten += buffer.Length;
                await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
        }
        """, $$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class MeteredStream : Stream
        {
            private readonly Stream _inner;
            public MeteredStream(Stream inner) => _inner = inner ?? throw new ArgumentNullException(nameof(inner));
            public long BytesWritten { get; private set; }
        {{WriteOnly}}
            public override void Flush() => _inner.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count)
            {
                BytesWritten += count;
                _inner.Write(buffer, offset, count);
            }
            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                BytesWritten += count;
                await _inner.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
            }

            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);

            public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            {
                BytesWritten += buffer.Length;
                await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
        }
        """,
        Verify.Diagnostic(Descriptors.SNOOP003_BeginWriteBlocks).WithLocation(0).WithArguments("MeteredStream"));

    /// <summary>A response-body wrapper in a middleware file, nullable enabled, primary constructor, that also disposes the body.</summary>
    [Fact]
    public Task Fires_MiddlewareWrapper_BeginWriteAndDisposeAsyncMissing_NullableEnabled_FixGeneratesBoth() => Verify.VerifyCodeFixStrictAsync($$"""
        #nullable enable
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;

        public sealed class BodyTapMiddleware(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                await using var tap = new TapStream(context.Response.Body);
                context.Response.Body = tap;
                await next(context);
            }
        }

        internal sealed class {|#0:TapStream|}(Stream body) : Stream
        {
        {{WriteOnly}}
            public override void Flush() => body.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => body.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count) => body.Write(buffer, offset, count);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => body.WriteAsync(buffer, offset, count, cancellationToken);
            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    body.Dispose();
                }

                base.Dispose(disposing);
            }
        }
        """, $$"""
        #nullable enable
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;

        public sealed class BodyTapMiddleware(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                await using var tap = new TapStream(context.Response.Body);
                context.Response.Body = tap;
                await next(context);
            }
        }

        internal sealed class TapStream(Stream body) : Stream
        {
        {{WriteOnly}}
            public override void Flush() => body.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => body.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count) => body.Write(buffer, offset, count);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => body.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    body.Dispose();
                }

                base.Dispose(disposing);
            }

            public override async ValueTask DisposeAsync()
            {
                await body.DisposeAsync().ConfigureAwait(false);
                Dispose(false);
                GC.SuppressFinalize(this);
            }
        }
        """,
        Verify.Diagnostic(Descriptors.SNOOP003_BeginWriteBlocksAndDisposes).WithLocation(0).WithArguments("TapStream"));

    /// <summary>The sync write goes through a helper of the class; the APM entry still ends in the inner's sync Write.</summary>
    [Fact]
    public Task Fires_WriteThroughAPrivateHelper_BeginWriteMissing_FixGeneratesApm() => Verify.VerifyCodeFixAsync($$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public class {|#0:AuditStream|} : Stream
        {
            protected readonly Stream Inner;
            public AuditStream(Stream inner) { Inner = inner; }
        {{WriteOnly}}
            public override void Flush() { }
            public override void Write(byte[] data, int start, int length) => WriteCore(data, start, length);
            public override Task WriteAsync(byte[] data, int start, int length, CancellationToken cancellationToken) => Inner.WriteAsync(data, start, length, cancellationToken);
            private void WriteCore(byte[] data, int start, int length) => Inner.Write(data, start, length);
        }
        """, $$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public class AuditStream : Stream
        {
            protected readonly Stream Inner;
            public AuditStream(Stream inner) { Inner = inner; }
        {{WriteOnly}}
            public override void Flush() { }
            public override void Write(byte[] data, int start, int length) => WriteCore(data, start, length);
            public override Task WriteAsync(byte[] data, int start, int length, CancellationToken cancellationToken) => Inner.WriteAsync(data, start, length, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] data, int start, int length, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(data, start, length), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
            private void WriteCore(byte[] data, int start, int length) => Inner.Write(data, start, length);
        }
        """,
        Verify.Diagnostic(Descriptors.SNOOP003_BeginWriteBlocks).WithLocation(0).WithArguments("AuditStream"));

    /// <summary>
    /// A netstandard2.0 library (no TaskToAsyncResult): the fix still generates WriteAsync, and the class stays reported for
    /// BeginWrite alone, without a fix.
    /// </summary>
    [Fact]
    public Task Fires_NetStandard20_FixGeneratesWriteAsync_BeginWriteLeftReportedWithoutFix()
    {
        var test = new Verify.Test
        {
            TestCode = $$"""
                using System;
                using System.IO;

                public sealed class {|#0:LegacyCountingStream|} : Stream
                {
                    private readonly Stream _inner;
                    public LegacyCountingStream(Stream inner) { _inner = inner; }
                    public long Count { get; private set; }
                {{WriteOnly}}
                    public override void Flush() { }
                    public override void Write(byte[] buffer, int offset, int count)
                    {
                        Count += count;
                        _inner.Write(buffer, offset, count);
                    }
                }
                """,
            FixedCode = $$"""
                using System;
                using System.IO;
                using System.Threading;
                using System.Threading.Tasks;

                public sealed class {|#0:LegacyCountingStream|} : Stream
                {
                    private readonly Stream _inner;
                    public LegacyCountingStream(Stream inner) { _inner = inner; }
                    public long Count { get; private set; }
                {{WriteOnly}}
                    public override void Flush() { }
                    public override void Write(byte[] buffer, int offset, int count)
                    {
                        Count += count;
                        _inner.Write(buffer, offset, count);
                    }

                    public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
                    {
                        Count += count;
                        await _inner.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
                    }
                }
                """,
            ExpectedDiagnostics = { Verify.Diagnostic(Descriptors.SNOOP003_WriteBlocks).WithLocation(0).WithArguments("LegacyCountingStream") },
            FixedState = { ExpectedDiagnostics = { Verify.Diagnostic(Descriptors.SNOOP003_BeginWriteBlocks).WithLocation(0).WithArguments("LegacyCountingStream") } },
        };
        OnNetStandard20(test);
        return test.RunAsync();
    }

    [Fact]
    public Task Fires_NetStandard20_BeginWriteAlone_NoFix()
    {
        const string Source = """
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class {|#0:LegacyStream|} : Stream
            {
                private readonly Stream _inner;
                public LegacyStream(Stream inner) { _inner = inner; }
                public override bool CanRead => false;
                public override bool CanSeek => false;
                public override bool CanWrite => true;
                public override long Length => throw new NotSupportedException();
                public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
                public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
                public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
                public override void SetLength(long value) => throw new NotSupportedException();
                public override void Flush() { }
                public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
                public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.WriteAsync(buffer, offset, count, cancellationToken);
            }
            """;
        var test = new Verify.Test
        {
            TestCode = Source,
            FixedCode = Source,
            ExpectedDiagnostics = { Verify.Diagnostic(Descriptors.SNOOP003_BeginWriteBlocks).WithLocation(0).WithArguments("LegacyStream") },
        };
        OnNetStandard20(test);
        return test.RunAsync();
    }

    // ---------------------------------------------------------------- BeginWrite: silent

    [Fact]
    public Task Silent_BeginWriteThroughTaskToAsyncResultOverWriteAsync() => Verify.VerifyAnalyzerAsync($$"""
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
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state)
                => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count, CancellationToken.None), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
        }
        """);

    [Fact]
    public Task Silent_BeginWriteForwardedToTheInnersApm_WithWriteAsync() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class ForwardingStream : Stream
        {
            private readonly Stream _inner;
            public ForwardingStream(Stream inner) => _inner = inner;
        {{WriteOnly}}
            public override void Flush() => _inner.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state) => _inner.BeginWrite(buffer, offset, count, callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => _inner.EndWrite(asyncResult);
        }
        """);

    /// <summary>CanWrite is the constant false: Stream.BeginWrite throws NotSupportedException before it reaches Write.</summary>
    [Fact]
    public Task Silent_ReadSideWrapper_CanWriteFalse_WriteStillForwards() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class RequestBodyCounter(Stream inner) : Stream
        {
            public long BytesRead { get; private set; }
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite
            {
                get { return false; }
            }
            public override long Length => inner.Length;
            public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count)
            {
                var read = inner.Read(buffer, offset, count);
                BytesRead += read;
                return read;
            }
            public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                var read = await inner.ReadAsync(buffer, offset, count, cancellationToken);
                BytesRead += read;
                return read;
            }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
        }
        """);

    /// <summary>CanWrite is the constant false and no async write is overridden: Stream's WriteAsync refuses as BeginWrite does.</summary>
    [Fact]
    public Task Silent_CanWriteFalse_NoAsyncWriteOverridden() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.IO;

        public sealed class ReadOnlyCopy(Stream inner) : Stream
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
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        }
        """);

    /// <summary>The sync Write blocks on the async one: a pool thread waits, but no synchronous IO reaches the server.</summary>
    [Fact]
    public Task Silent_WriteIsSyncOverAsync_BeginWriteMissing() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class AsyncOnlyStream(Stream inner) : Stream
        {
        {{WriteOnly}}
            public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
            public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
        }
        """);

    [Fact]
    public Task Silent_InnerIsAMemoryStream_BeginWriteMissing() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class CopyStream(MemoryStream copy) : Stream
        {
        {{WriteOnly}}
            public override void Flush() { }
            public override void Write(byte[] buffer, int offset, int count) => copy.Write(buffer, offset, count);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => copy.WriteAsync(buffer, offset, count, cancellationToken);
            protected override void Dispose(bool disposing)
            {
                if (disposing) copy.Dispose();
                base.Dispose(disposing);
            }
        }
        """);

    /// <summary>The APM members live in the class's own abstract base, over the virtual WriteAsync.</summary>
    [Fact]
    public Task Silent_BeginWriteInheritedFromASourceBase() => Verify.VerifyAnalyzerAsync($$"""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        public abstract class AsyncFirstStream : Stream
        {
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state)
                => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
        }

        public sealed class HashingStream(Stream inner) : AsyncFirstStream
        {
        {{WriteOnly}}
            public override void Flush() => inner.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
        }
        """);
}
