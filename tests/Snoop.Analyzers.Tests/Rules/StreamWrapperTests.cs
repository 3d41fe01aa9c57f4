using Microsoft.CodeAnalysis.Testing;
using Snoop.Analyzers.Rules;
using Snoop.CodeFixes.Rules;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.StreamWrapperAnalyzer, Snoop.CodeFixes.Rules.StreamWrapperCodeFix>;

namespace Snoop.Analyzers.Tests.Rules;

public class StreamWrapperTests
{
    [Fact]
    public Task Probe() => Verify.VerifyCodeFixAsync("""
        using System;
        using System.IO;

        public sealed class {|SNOOP003:CountingStream|} : Stream
        {
            private readonly Stream _inner;
            public CountingStream(Stream inner) => _inner = inner;
            public long Count { get; private set; }
            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() => _inner.Flush();
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count)
            {
                // count the bytes
                Count += count;
                _inner.Write(buffer, offset, count); // forward
            }
        }
        """, """
        x
        """);
}
