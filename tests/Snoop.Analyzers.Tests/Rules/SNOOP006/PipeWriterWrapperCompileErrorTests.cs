using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.PipeWriterWrapperRule, Snoop.CodeFixes.Rules.PipeWriterWrapperCodeFix>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>
/// SNOOP006's fix on a wrapper that does not compile yet. The analyzer reports the shape (Fixable when <c>Complete</c>
/// translates) without asking the compiler; the fixer offers nothing when the <c>Complete</c> it would translate, or
/// another override, has an error, and fixes as usual when the error is in a member the fix does not touch.
/// </summary>
public class PipeWriterWrapperCompileErrorTests
{
    private const string Usings = PipeWriterWrapperTests.Usings;
    private const string Forwarding = PipeWriterWrapperTests.Forwarding;
    private const string Unflushed = PipeWriterWrapperTests.Unflushed;

    private static Task NoFix(string source) => Verify.VerifyCodeFixAsync(source, source);

    [Fact]
    public Task Fires_ErrorInTheCompleteTheFixWouldTranslate_NoFix() => NoFix($$"""
        {{Usings}}

        public sealed class {|SNOOP006:ObservingWriter|} : PipeWriter
        {
            private readonly PipeWriter _inner;
            public ObservingWriter(PipeWriter inner) => _inner = inner;
        {{Forwarding}}
        {{Unflushed}}
            public override void Complete(Exception? exception = null)
            {
                int attempts = {|CS0029:"one"|};
                _inner.Complete(exception);
            }
        }
        """);

    [Fact]
    public Task Fires_ErrorInAnotherOverride_NoFix() => NoFix($$"""
        {{Usings}}

        public sealed class {|SNOOP006:ObservingWriter|} : PipeWriter
        {
            private readonly PipeWriter _inner;
            public ObservingWriter(PipeWriter inner) => _inner = inner;
            public override void Advance(int bytes) { int written = {|CS0029:"bytes"|}; _inner.Advance(bytes); }
            public override void CancelPendingFlush() => _inner.CancelPendingFlush();
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _inner.FlushAsync(cancellationToken);
            public override Memory<byte> GetMemory(int sizeHint = 0) => _inner.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => _inner.GetSpan(sizeHint);
        {{Unflushed}}
            public override void Complete(Exception? exception = null) => _inner.Complete(exception);
        }
        """);

    [Fact]
    public Task Fix_ErrorInAnUnrelatedMethod_ErrorKept() => Verify.VerifyCodeFixAsync($$"""
        {{Usings}}

        public sealed class {|SNOOP006:ObservingWriter|} : PipeWriter
        {
            private readonly PipeWriter _inner;
            public ObservingWriter(PipeWriter inner) => _inner = inner;
        {{Forwarding}}
        {{Unflushed}}
            public override void Complete(Exception? exception = null) => _inner.Complete(exception);
            public void Report({|CS0246:IReportSink|} sink) => sink.Send();
        }
        """, $$"""
        {{Usings}}

        public sealed class ObservingWriter : PipeWriter
        {
            private readonly PipeWriter _inner;
            public ObservingWriter(PipeWriter inner) => _inner = inner;
        {{Forwarding}}
        {{Unflushed}}
            public override void Complete(Exception? exception = null) => _inner.Complete(exception);
            public override ValueTask CompleteAsync(Exception? exception = null) => _inner.CompleteAsync(exception);
            public void Report({|CS0246:IReportSink|} sink) => sink.Send();
        }
        """);
}
