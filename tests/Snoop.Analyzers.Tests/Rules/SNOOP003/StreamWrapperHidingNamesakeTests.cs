using Microsoft.CodeAnalysis.Testing;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.StreamWrapperRule, Snoop.CodeFixes.Rules.StreamWrapperCodeFix>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>
/// SNOOP003 on a wrapper whose async member lost its <c>override</c> keyword: the method hides Stream's (compiler warning CS0114), so the
/// base still routes every async write to the blocking <c>Write</c>. The rule reports it; the fix, which would add an override
/// with the same signature next to the hiding method (CS0111), is not offered. Found by the fuzzer.
/// </summary>
public class StreamWrapperHidingNamesakeTests
{
    private const string WriteOnly = StreamWrapperTests.WriteOnly;

    [Fact]
    public Task Fires_WriteAsyncHidesInsteadOfOverriding_NoFix()
    {
        const string Source = $$"""
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class {|#0:CountingStream|} : Stream
            {
                private readonly Stream _inner;
                public CountingStream(Stream inner) => _inner = inner;
                public long Count { get; private set; }
            {{WriteOnly}}
                public override void Flush() => _inner.Flush();
                public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);
                public override void Write(byte[] buffer, int offset, int count)
                {
                    Count += count;
                    _inner.Write(buffer, offset, count);
                }

                public Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
                {
                    Count += count;
                    return _inner.WriteAsync(buffer, offset, count, cancellationToken);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(
            Source,
            Source,
            Verify.Diagnostic(Descriptors.SNOOP003_WriteBlocks).WithLocation(0).WithArguments("CountingStream"));
    }

    /// <summary>The same class with the keyword: the fix generates the missing APM members only, and compiles.</summary>
    [Fact]
    public Task Silent_WriteAsyncOverridden_BeginWriteLeftToTheFix()
    {
        const string Source = $$"""
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
                public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);
                public override void Write(byte[] buffer, int offset, int count)
                {
                    Count += count;
                    _inner.Write(buffer, offset, count);
                }

                public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
                {
                    Count += count;
                    return _inner.WriteAsync(buffer, offset, count, cancellationToken);
                }

                public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state)
                    => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);

                public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
            }
            """;
        return Verify.VerifyAnalyzerAsync("#nullable enable\n" + Source);
    }
}
