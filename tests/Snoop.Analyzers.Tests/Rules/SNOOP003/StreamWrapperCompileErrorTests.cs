using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.StreamWrapperRule, Snoop.CodeFixes.Rules.StreamWrapperCodeFix>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>
/// SNOOP003's fix on a wrapper that does not compile yet: offered when the errors lie in members the fix neither
/// generates, copies nor deletes and that do not name the inner stream (the fixed code then has the same errors);
/// not offered when an error is in an override, a constructor, or names the inner stream.
/// </summary>
public class StreamWrapperCompileErrorTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string WriteOnly = """
            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
        """;

    [Fact]
    public Task Fix_UnresolvedTypesInAnUnrelatedMethodAndField_ErrorsKept() => Verify.VerifyCodeFixAsync(Usings + $$"""
        public sealed class {|SNOOP003:CountingStream|}(Stream inner) : Stream
        {
            private readonly {|CS0246:IMetricsSink|} _sink = null!;
        {{WriteOnly}}
            public override void Flush() => inner.Flush();
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
            public void Report({|CS0246:IReportFormat|} format) => _sink.Record(format);
        }
        """, Usings + $$"""
        public sealed class CountingStream(Stream inner) : Stream
        {
            private readonly {|CS0246:IMetricsSink|} _sink = null!;
        {{WriteOnly}}
            public override void Flush() => inner.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
            public void Report({|CS0246:IReportFormat|} format) => _sink.Record(format);
        }
        """);

    private static Task NoFix(string source) => Verify.VerifyCodeFixAsync(source, source);

    [Fact]
    public Task Fires_ErrorInTheConstructorThatAssignsTheInner_NoFix() => NoFix(Usings + $$"""
        public sealed class {|SNOOP003:TracingStream|} : Stream
        {
            private readonly Stream _inner;
            public TracingStream(Stream inner, {|CS0246:IClock|} clock) { _inner = inner; }
        {{WriteOnly}}
            public override void Flush() => _inner.Flush();
            public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
        }
        """);

    [Fact]
    public Task Fires_ErrorInAnUnrelatedMethodNamingTheInner_NoFix() => NoFix(Usings + $$"""
        public sealed class {|SNOOP003:TracingStream|}(Stream inner) : Stream
        {
        {{WriteOnly}}
            public override void Flush() => inner.Flush();
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
            public void Describe() => Console.WriteLine(inner.{|CS1061:Describe|}());
        }
        """);

    [Fact]
    public Task Fires_ErrorInAnOverride_NoFix() => NoFix(Usings + $$"""
        public sealed class {|SNOOP003:TracingStream|}(Stream inner) : Stream
        {
            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => {|CS0103:knownLength|};
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Flush() => inner.Flush();
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        }
        """);

    [Fact]
    public Task Fires_UnresolvedNameAnAddedUsingWouldResolve_NoFix() => NoFix("""
        using System;
        using System.IO;

        """ + $$"""
        public sealed class {|SNOOP003:TracingStream|}(Stream inner) : Stream
        {
        {{WriteOnly}}
            public override void Flush() => inner.Flush();
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
            public {|CS0246:Task|} Later() => null!;
        }
        """);

    // The analyzer reports these Fixable (the shape translates; it asks the compiler nothing): the fixer refuses,
    // because the member it would translate does not compile.

    [Fact]
    public Task Fires_ErrorInTheWriteTheFixWouldTranslate_NoFix() => NoFix(Usings + $$"""
        public sealed class {|SNOOP003:CountingStream|}(Stream inner) : Stream
        {
            public long Count { get; private set; }
        {{WriteOnly}}
            public override void Flush() => inner.Flush();
            public override void Write(byte[] buffer, int offset, int count)
            {
                Count += count;
                string last = {|CS0029:count|};
                inner.Write(buffer, offset, count);
            }
        }
        """);

    [Fact]
    public Task Fires_ErrorInTheFlushTheFixWouldTranslate_NoFix() => NoFix(Usings + $$"""
        public sealed class {|SNOOP003:TracingStream|}(Stream inner) : Stream
        {
        {{WriteOnly}}
            public override void Flush()
            {
                long flushedAt = {|CS0029:DateTime.UtcNow|};
                inner.Flush();
            }
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
        }
        """);

    [Fact]
    public Task Fires_ErrorInTheDisposeTheFixWouldTranslate_NoFix() => NoFix(Usings + $$"""
        public sealed class {|SNOOP003:OwningStream|}(Stream inner) : Stream
        {
        {{WriteOnly}}
            public override void Flush() => inner.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    int closed = {|CS0029:"yes"|};
                    inner.Dispose();
                }

                base.Dispose(disposing);
            }
        }
        """);
}
