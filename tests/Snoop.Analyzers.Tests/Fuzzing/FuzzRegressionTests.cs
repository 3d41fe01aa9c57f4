namespace Snoop.Analyzers.Tests.Fuzzing;

/// <summary>
/// Inputs on which the fuzzer once found a fix that added a compiler error (the fix forwarded a parameter whose
/// name was missing; a generated DisposeAsync called a Dispose(bool) that was declared twice). The analyzers
/// still report; no fix is offered on a type with compiler errors.
/// </summary>
public class FuzzRegressionTests
{
    public static TheoryData<string, string> Inputs => new()
    {
        {
            "SyncOnlyStreamWithADuplicatedDispose",
            """
            #nullable enable
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Counting(Stream inner) : Stream
            {
                private readonly Stream _inner = inner;
                public long Count { get; private set; }
                public override bool CanRead => false;
                public override bool CanSeek => false;
                public override bool CanWrite => true;
                public override long Length => throw new NotSupportedException();
                public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
                public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
                public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
                public override void SetLength(long value) => throw new NotSupportedException();
                public override void Flush() { Count += 0; _inner.Flush(); }
                public override void Write(byte[] buffer, int offset, int count)
                {
                    Count += count;
                    _inner.Write(buffer, offset, count);
                }
                protected override void Dispose(bool disposing)
                {
                    if (disposing) { _inner.Dispose(); }
                    base.Dispose(disposing);
                }
                protected override void Dispose(bool disposing)
                {
                    if (disposing) { _inner.Dispose(); }
                    base.Dispose(disposing);
                }
            }

            public class Bypassed : MemoryStream
            {
                public override void Write(byte[] buffer, int offset, int count) => base.Write(buffer, offset, count);
            }
            """
        },
        {
            "FeatureWithAParameterNameMissingInStartAsync",
            """
            using System;
            using System.Buffers;
            using System.IO;
            using System.IO.Pipelines;
            using System.Net.Http;
            using System.Text;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Http.Features;
            using Microsoft.Extensions.Logging;
            namespace App.Features;

            public sealed class HeaderStampingFeature(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
            {
                public Stream Stream => inner.Stream;
                public PipeWriter Writer => inner.Writer;
                public void DisableBuffering() => inner.DisableBuffering();
                public async Task StartAsync(CancellationToken  = default)
                {
                }
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync() => inner.CompleteAsync();
            }
            """
        },
        {
            "FeatureWithAParameterNameMissingInSendFileAsync",
            """
            using System;
            using System.Buffers;
            using System.IO;
            using System.IO.Pipelines;
            using System.Net.Http;
            using System.Text;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Http.Features;
            using Microsoft.Extensions.Logging;
            public sealed class Generated : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public Generated(IHttpResponseBodyFeature inner) => _inner = inner;
                public Stream Stream => _inner.Stream;
                public PipeWriter Writer => PipeWriter.Create(Stream);
                public void DisableBuffering() { }
                public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
                public Task SendFileAsync(string path, long , long? count, CancellationToken cancellationToken = default) => throw new NotImplementedException();
                public Task CompleteAsync() => Task.CompletedTask;
            }
            """
        },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task ReportedButNotRewrittenIntoMoreErrors(string name, string source)
    {
        using var runner = await FuzzRunner.CreateAsync();
        var failures = await runner.CheckAsync(new FuzzInput(0, name, source));
        Assert.Empty(failures);
        Assert.True(runner.DiagnosticsSeen > 0, $"{name}: the analyzers no longer report on this input, so the regression is not exercised");
    }
}
