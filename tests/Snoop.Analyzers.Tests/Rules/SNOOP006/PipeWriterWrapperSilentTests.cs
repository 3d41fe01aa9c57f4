using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.PipeWriterWrapperRule>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>SNOOP006: more shapes that must stay silent (precision first: silent cases outnumber firing ones).</summary>
public class PipeWriterWrapperSilentTests
{
    private const string Usings = PipeWriterWrapperTests.Usings;
    private const string Forwarding = PipeWriterWrapperTests.Forwarding;
    private const string Unflushed = PipeWriterWrapperTests.Unflushed;

    [Fact]
    public Task Silent_DerivedFromTheRuntimesDelegatingPipeWriter() => Verify.VerifyAnalyzerAsync($$"""
        {{Usings}}

        public sealed class CountingWriter(PipeWriter inner) : Snoop.DelegatingPipeWriter(inner)
        {
            public long Count { get; private set; }

            public override void Advance(int bytes)
            {
                Count += bytes;
                base.Advance(bytes);
            }
        }
        """);

    [Fact]
    public Task Silent_CompleteWrapperThroughAPropertyWithBlockBodies() => Verify.VerifyAnalyzerAsync($$"""
        {{Usings}}

        public sealed class PropertyWriter : PipeWriter
        {
            public PropertyWriter(PipeWriter inner) { Inner = inner; }
            private PipeWriter Inner { get; }
            public override void Advance(int bytes) { Inner.Advance(bytes); }
            public override void CancelPendingFlush() { Inner.CancelPendingFlush(); }
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) { return Inner.FlushAsync(cancellationToken); }
            public override Memory<byte> GetMemory(int sizeHint = 0) { return Inner.GetMemory(sizeHint); }
            public override Span<byte> GetSpan(int sizeHint = 0) { return Inner.GetSpan(sizeHint); }
            public override bool CanGetUnflushedBytes { get { return Inner.CanGetUnflushedBytes; } }
            public override long UnflushedBytes { get { return Inner.UnflushedBytes; } }
            public override void Complete(Exception? exception = null) { Inner.Complete(exception); }
            public override ValueTask CompleteAsync(Exception? exception = null) { return Inner.CompleteAsync(exception); }
        }
        """);

    [Fact]
    public Task Silent_BufferWriterThatHoldsAPipeWriterButIsNotOne() => Verify.VerifyAnalyzerAsync($$"""
        {{Usings}}
        using System.Buffers;

        public sealed class CountingBufferWriter(PipeWriter inner) : IBufferWriter<byte>
        {
            public long Count { get; private set; }
            public void Advance(int count) { Count += count; inner.Advance(count); }
            public Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);
            public Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);
        }
        """);

    [Fact]
    public Task Silent_ExtensionMethodsOverAPipeWriter() => Verify.VerifyAnalyzerAsync($$"""
        {{Usings}}

        public static class PipeWriterExtensions
        {
            public static async ValueTask WriteLineAsync(this PipeWriter writer, string text, CancellationToken cancellationToken = default)
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes(text + "\n");
                await writer.WriteAsync(bytes, cancellationToken);
                writer.Complete();
            }
        }
        """);

    [Fact]
    public Task Silent_UnflushedBytesAddsItsOwnPendingBytesToTheInners() => Verify.VerifyAnalyzerAsync($$"""
        {{Usings}}

        public sealed class BatchingWriter : PipeWriter
        {
            private readonly PipeWriter _inner;
            private long _pending;
            public BatchingWriter(PipeWriter inner) => _inner = inner;
        {{Forwarding}}
            public override bool CanGetUnflushedBytes => _inner.CanGetUnflushedBytes;
            public override long UnflushedBytes => _inner.UnflushedBytes + _pending;
            public override void Complete(Exception? exception = null) { _pending = 0; _inner.Complete(exception); }
            public override ValueTask CompleteAsync(Exception? exception = null) { _pending = 0; return _inner.CompleteAsync(exception); }
        }
        """);

    [Fact]
    public Task Silent_StructThatHoldsAPipeWriter() => Verify.VerifyAnalyzerAsync($$"""
        {{Usings}}

        public readonly struct FrameWriter(PipeWriter writer)
        {
            public void WriteHeader(int length)
            {
                var span = writer.GetSpan(4);
                System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(span, length);
                writer.Advance(4);
            }

            public void Complete(Exception? error) => writer.Complete(error);
        }
        """);

    [Fact]
    public Task Silent_CompleteWrapperNestedInAMiddleware() => Verify.VerifyAnalyzerAsync($$"""
        {{Usings}}

        public static class Middleware
        {
            private sealed class Wrapper : PipeWriter
            {
                private readonly PipeWriter _inner;
                public Wrapper(PipeWriter inner) => _inner = inner;
        {{Forwarding}}
        {{Unflushed}}
                public override void Complete(Exception? exception = null) => _inner.Complete(exception);
                public override ValueTask CompleteAsync(Exception? exception = null) => _inner.CompleteAsync(exception);
            }

            public static PipeWriter Wrap(PipeWriter writer) => new Wrapper(writer);
        }
        """);
}
