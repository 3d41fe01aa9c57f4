using Microsoft.CodeAnalysis.Testing;
using FeatureVerify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.BodyFeatureWrapperRule, Snoop.CodeFixes.Rules.BodyFeatureWrapperCodeFix>;
using StreamVerify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.StreamWrapperRule, Snoop.CodeFixes.Rules.StreamWrapperCodeFix>;
using PipeWriterVerify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.PipeWriterWrapperRule, Snoop.CodeFixes.Rules.PipeWriterWrapperCodeFix>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>
/// The second code action of SNOOP003, SNOOP004 and SNOOP006: derive from the runtime's delegating base, delete the members
/// that only forward, keep the members with their own logic as overrides calling base. The fixed code compiles against the
/// real runtime. Each test notes the class's line count before and after.
/// </summary>
public class DelegatingBaseRebaseTests
{
    private const string PipeWriterUsings = PipeWriterWrapperTests.Usings;

    // ---------------------------------------------------------------- SNOOP006 → DelegatingPipeWriter

    /// <summary>Class 16 lines → 16: five forwarding members and the field go; the counting Advance stays (calling base) and WriteAsync is routed through it, as PipeWriter did.</summary>
    [Fact]
    public Task PipeWriter_CountingWrapper_Rebased() => new PipeWriterVerify.Test
    {
        TestCode = PipeWriterUsings + """

            public sealed class {|SNOOP006:CountingWriter|} : PipeWriter
            {
                private readonly PipeWriter _inner;
                public CountingWriter(PipeWriter inner) => _inner = inner;
                public long Count { get; private set; }
                public override void Advance(int bytes)
                {
                    Count += bytes;
                    _inner.Advance(bytes);
                }
                public override void CancelPendingFlush() => _inner.CancelPendingFlush();
                public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _inner.FlushAsync(cancellationToken);
                public override Memory<byte> GetMemory(int sizeHint = 0) => _inner.GetMemory(sizeHint);
                public override Span<byte> GetSpan(int sizeHint = 0) => _inner.GetSpan(sizeHint);
                public override void Complete(Exception? exception = null) => _inner.Complete();
            }
            """,
        FixedCode = PipeWriterUsings + """

            using Snoop;
            public sealed class CountingWriter : DelegatingPipeWriter
            {
                public CountingWriter(PipeWriter inner) : base(inner) { }
                public long Count { get; private set; }
                public override void Advance(int bytes)
                {
                    Count += bytes;
                    base.Advance(bytes);
                }

                public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
                {
                    System.Buffers.BuffersExtensions.Write(this, source.Span);
                    return FlushAsync(cancellationToken);
                }
            }
            """,
        CodeActionEquivalenceKey = "DeriveFromDelegatingPipeWriter",
    }.RunAsync();

    /// <summary>
    /// A metering writer in the verbose style (block bodies, a property over the inner writer) that drops the exception given
    /// to Complete and lets CompleteAsync block: MeteringWriter 48 lines → 20, NoisyWriter 10 → 5. Fix All re-bases both classes of the file.
    /// </summary>
    [Fact]
    public Task Fix_PipeWriter_VerboseMeteringWriters_All() => new PipeWriterVerify.Test
    {
        TestCode = PipeWriterUsings + """

            public class {|SNOOP006:MeteringWriter|} : PipeWriter
            {
                public MeteringWriter(PipeWriter inner)
                {
                    Inner = inner;
                }

                protected PipeWriter Inner { get; }

                public long BytesWritten { get; private set; }

                public override void Advance(int bytes)
                {
                    BytesWritten += bytes;
                    Inner.Advance(bytes);
                }

                public override void CancelPendingFlush()
                {
                    Inner.CancelPendingFlush();
                }

                public override void Complete(Exception? exception = null)
                {
                    Inner.Complete();
                }

                public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
                {
                    return Inner.FlushAsync(cancellationToken);
                }

                public override Memory<byte> GetMemory(int sizeHint = 0)
                {
                    return Inner.GetMemory(sizeHint);
                }

                public override Span<byte> GetSpan(int sizeHint = 0)
                {
                    return Inner.GetSpan(sizeHint);
                }

                public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
                {
                    BytesWritten += source.Length;
                    return Inner.WriteAsync(source, cancellationToken);
                }
            }

            public sealed class {|SNOOP006:NoisyWriter|}(PipeWriter inner) : PipeWriter
            {
                public override void Advance(int bytes) => inner.Advance(bytes);
                public override void CancelPendingFlush() => inner.CancelPendingFlush();
                public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);
                public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);
                public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);
                public override void Complete(Exception? exception = null) { Console.WriteLine("complete"); inner.Complete(exception); }
                public override ValueTask CompleteAsync(Exception? exception = null) { Console.WriteLine("complete"); return inner.CompleteAsync(exception); }
            }
            """,
        FixedCode = PipeWriterUsings + """

            using Snoop;
            public class MeteringWriter : DelegatingPipeWriter
            {
                public MeteringWriter(PipeWriter inner) : base(inner)
                {
                }

                public long BytesWritten { get; private set; }

                public override void Advance(int bytes)
                {
                    BytesWritten += bytes;
                    base.Advance(bytes);
                }

                public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
                {
                    BytesWritten += source.Length;
                    return base.WriteAsync(source, cancellationToken);
                }
            }

            public sealed class NoisyWriter(PipeWriter inner) : DelegatingPipeWriter(inner)
            {
                public override void Complete(Exception? exception = null) { Console.WriteLine("complete"); base.Complete(exception); }
                public override ValueTask CompleteAsync(Exception? exception = null) { Console.WriteLine("complete"); return base.CompleteAsync(exception); }
            }
            """,
        CodeActionEquivalenceKey = "DeriveFromDelegatingPipeWriter",
    }.RunAsync();

    // ---------------------------------------------------------------- SNOOP004 → DelegatingResponseBodyFeature

    private const string FeatureUsings = """
        using System;
        using System.IO;
        using System.IO.Pipelines;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Http.Features;

        """;

    /// <summary>Class 16 lines → 10: forwarding and capability-dropping members go, the timing StartAsync stays as an override calling base.</summary>
    [Fact]
    public Task Feature_TimingWrapper_Rebased() => new FeatureVerify.Test
    {
        TestCode = FeatureUsings + """
            public sealed class TimingFeature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public TimingFeature(IHttpResponseBodyFeature inner) => _inner = inner;
                public DateTimeOffset? StartedAt { get; private set; }
                public Stream Stream => _inner.Stream;
                public PipeWriter Writer => _inner.Writer;
                public void {|SNOOP004:DisableBuffering|}() { }
                public async Task StartAsync(CancellationToken cancellationToken = default)
                {
                    StartedAt = DateTimeOffset.UtcNow;
                    await _inner.StartAsync(cancellationToken);
                }
                public Task {|SNOOP004:SendFileAsync|}(string path, long offset, long? count, CancellationToken cancellationToken = default) => throw new NotImplementedException();
                public Task CompleteAsync() => _inner.CompleteAsync();
            }
            """,
        FixedCode = FeatureUsings + """
            using Snoop;
            public sealed class TimingFeature : DelegatingResponseBodyFeature
            {
                public TimingFeature(IHttpResponseBodyFeature inner) : base(inner) { }
                public DateTimeOffset? StartedAt { get; private set; }
                public override async Task StartAsync(CancellationToken cancellationToken = default)
                {
                    StartedAt = DateTimeOffset.UtcNow;
                    await base.StartAsync(cancellationToken);
                }
            }
            """,
        CodeActionEquivalenceKey = "DeriveFromDelegatingResponseBodyFeature",
    }.RunAsync();

    [Fact]
    public Task Feature_ExplicitImplementationWithLogic_NotOffered() => new FeatureVerify.Test
    {
        TestCode = FeatureUsings + """
            public sealed class Explicit : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public Explicit(IHttpResponseBodyFeature inner) => _inner = inner;
                Stream IHttpResponseBodyFeature.Stream => _inner.Stream;
                PipeWriter IHttpResponseBodyFeature.Writer => _inner.Writer;
                void IHttpResponseBodyFeature.DisableBuffering() { Console.WriteLine("no"); }
                Task IHttpResponseBodyFeature.StartAsync(CancellationToken cancellationToken) => _inner.StartAsync(cancellationToken);
                Task IHttpResponseBodyFeature.{|SNOOP004:SendFileAsync|}(string path, long offset, long? count, CancellationToken cancellationToken) => throw new NotImplementedException();
                Task IHttpResponseBodyFeature.CompleteAsync() => _inner.CompleteAsync();
            }
            """,
        FixedCode = FeatureUsings + """
            public sealed class Explicit : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public Explicit(IHttpResponseBodyFeature inner) => _inner = inner;
                Stream IHttpResponseBodyFeature.Stream => _inner.Stream;
                PipeWriter IHttpResponseBodyFeature.Writer => _inner.Writer;
                void IHttpResponseBodyFeature.DisableBuffering() { Console.WriteLine("no"); }
                Task IHttpResponseBodyFeature.StartAsync(CancellationToken cancellationToken) => _inner.StartAsync(cancellationToken);
                Task IHttpResponseBodyFeature.{|SNOOP004:SendFileAsync|}(string path, long offset, long? count, CancellationToken cancellationToken) => throw new NotImplementedException();
                Task IHttpResponseBodyFeature.CompleteAsync() => _inner.CompleteAsync();
            }
            """,
        CodeActionEquivalenceKey = "DeriveFromDelegatingResponseBodyFeature",
        CodeActionValidationMode = CodeActionValidationMode.None,
    }.RunAsync();

    // ---------------------------------------------------------------- SNOOP003 → DelegatingStream

    /// <summary>
    /// Class 20 lines → 21: the nine forwarding members go; the async overrides the first action generates are kept
    /// (the counting logic on the async path), and the span/byte/memory writes are routed to the counting overloads, as Stream did.
    /// </summary>
    [Fact]
    public Task Stream_SyncOnlyCountingWrapper_Rebased() => new StreamVerify.Test
    {
        TestCode = """
            using System;
            using System.IO;

            public class {|SNOOP003:CountingStream|} : Stream
            {
                private readonly Stream _inner;
                public CountingStream(Stream inner) => _inner = inner;
                public long Count { get; private set; }
                public override bool CanRead => _inner.CanRead;
                public override bool CanSeek => _inner.CanSeek;
                public override bool CanWrite => _inner.CanWrite;
                public override long Length => _inner.Length;
                public override long Position { get => _inner.Position; set => _inner.Position = value; }
                public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
                public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);
                public override void SetLength(long value) => _inner.SetLength(value);
                public override void Flush() => _inner.Flush();
                public override void Write(byte[] buffer, int offset, int count)
                {
                    Count += count;
                    _inner.Write(buffer, offset, count);
                }
            }
            """,
        FixedCode = """
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            using Snoop;

            public class CountingStream : DelegatingStream
            {
                public CountingStream(Stream inner) : base(inner, leaveOpen: true) { }
                public long Count { get; private set; }
                public override void Write(byte[] buffer, int offset, int count)
                {
                    Count += count;
                    base.Write(buffer, offset, count);
                }

                public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
                {
                    Count += count;
                    await base.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
                }

                public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);
                public override void WriteByte(byte value) => Write(new[] { value }, 0, 1);
                public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
                    => new(WriteAsync(buffer.ToArray(), 0, buffer.Length, cancellationToken));
            }
            """,
        CodeActionEquivalenceKey = "DeriveFromDelegatingStream",
    }.RunAsync();

    /// <summary>
    /// A wrapper whose only SNOOP003 finding is BeginWrite: the re-base needs no APM member of its own (DelegatingStream
    /// routes BeginWrite through the class's WriteAsync), so the generated BeginWrite/EndWrite go with the forwarding members.
    /// </summary>
    [Fact]
    public Task Stream_BeginWriteOnlyFinding_Rebased_WithoutApmMembers() => new StreamVerify.Test
    {
        TestCode = """
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            public class {|SNOOP003:CountingStream|} : Stream
            {
                private readonly Stream _inner;
                public CountingStream(Stream inner) => _inner = inner;
                public long Count { get; private set; }
                public override bool CanRead => _inner.CanRead;
                public override bool CanSeek => _inner.CanSeek;
                public override bool CanWrite => _inner.CanWrite;
                public override long Length => _inner.Length;
                public override long Position { get => _inner.Position; set => _inner.Position = value; }
                public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
                public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);
                public override void SetLength(long value) => _inner.SetLength(value);
                public override void Flush() => _inner.Flush();
                public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);
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
        FixedCode = """
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            using Snoop;

            public class CountingStream : DelegatingStream
            {
                public CountingStream(Stream inner) : base(inner, leaveOpen: true) { }
                public long Count { get; private set; }
                public override void Write(byte[] buffer, int offset, int count)
                {
                    Count += count;
                    base.Write(buffer, offset, count);
                }

                public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
                {
                    Count += count;
                    await base.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
                }

                public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);
                public override void WriteByte(byte value) => Write(new[] { value }, 0, 1);
                public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
                    => new(WriteAsync(buffer.ToArray(), 0, buffer.Length, cancellationToken));
            }
            """,
        CodeActionEquivalenceKey = "DeriveFromDelegatingStream",
    }.RunAsync();
}
