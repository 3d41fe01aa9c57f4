using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.PipeWriterWrapperRule, Snoop.CodeFixes.Rules.PipeWriterWrapperCodeFix>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>
/// SNOOP006 in test-utility code. Unlike SNOOP005, the rule has no test-project exemption: a test double that hides
/// <c>UnflushedBytes</c> makes System.Text.Json throw under test exactly as in production. Every case here runs in a
/// project named like a test project (<c>*.Tests</c>) that references xUnit, in the strict mode (the fix adds no warning).
/// </summary>
public class PipeWriterWrapperTestDoubleTests
{
    private const string TestProjectName = "Contoso.Api.Tests";

    private const string Usings = PipeWriterWrapperTests.Usings;

    /// <summary>An assembly named like xUnit's core: only its name matters to the test-project heuristics.</summary>
    private static readonly Lazy<MetadataReference> s_fakeXunitCore = new(() =>
        Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
                "xunit.core",
                [Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("namespace Xunit { public sealed class FactAttribute : System.Attribute { } }")],
                [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
                new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary))
            .ToMetadataReference());

    private static Task RunInTestProjectAsync(string source, string? fixedSource = null, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test { TestCode = source, FixedCode = fixedSource ?? source, Strict = true };
        test.ExpectedDiagnostics.AddRange(expected);
        test.SolutionTransforms.Add((solution, projectId) => solution.WithProjectAssemblyName(projectId, TestProjectName));
        test.TestState.AdditionalReferences.Add(s_fakeXunitCore.Value);
        test.FixedState.AdditionalReferences.Add(s_fakeXunitCore.Value);
        return test.RunAsync(CancellationToken.None);
    }

    // ---------------------------------------------------------------- fires

    /// <summary>A spy handed the response's writer, recording what the code under test wrote.</summary>
    [Fact]
    public Task Fires_RecordingSpyOverAGivenWriter_FixForwards() => RunInTestProjectAsync($$"""
        {{Usings}}
        using System.Collections.Generic;

        namespace Contoso.Api.Tests.Fakes;

        public sealed class {|#0:RecordingPipeWriter|} : PipeWriter
        {
            private readonly PipeWriter _inner;
            public RecordingPipeWriter(PipeWriter inner) => _inner = inner;
            public List<int> Advances { get; } = new();
            public int Flushes { get; private set; }
            public bool Completed { get; private set; }

            public override void Advance(int bytes)
            {
                Advances.Add(bytes);
                _inner.Advance(bytes);
            }

            public override void CancelPendingFlush() => _inner.CancelPendingFlush();
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
            {
                Flushes++;
                return _inner.FlushAsync(cancellationToken);
            }

            public override Memory<byte> GetMemory(int sizeHint = 0) => _inner.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => _inner.GetSpan(sizeHint);
            public override void Complete(Exception? exception = null)
            {
                Completed = true;
                _inner.Complete(exception);
            }
        }
        """, $$"""
        {{Usings}}
        using System.Collections.Generic;

        namespace Contoso.Api.Tests.Fakes;

        public sealed class RecordingPipeWriter : PipeWriter
        {
            private readonly PipeWriter _inner;
            public RecordingPipeWriter(PipeWriter inner) => _inner = inner;
            public List<int> Advances { get; } = new();
            public int Flushes { get; private set; }
            public bool Completed { get; private set; }

            public override void Advance(int bytes)
            {
                Advances.Add(bytes);
                _inner.Advance(bytes);
            }

            public override void CancelPendingFlush() => _inner.CancelPendingFlush();
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
            {
                Flushes++;
                return _inner.FlushAsync(cancellationToken);
            }

            public override Memory<byte> GetMemory(int sizeHint = 0) => _inner.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => _inner.GetSpan(sizeHint);
            public override void Complete(Exception? exception = null)
            {
                Completed = true;
                _inner.Complete(exception);
            }

            public override async ValueTask CompleteAsync(Exception? exception = null)
            {
                Completed = true;
                await _inner.CompleteAsync(exception).ConfigureAwait(false);
            }

            public override bool CanGetUnflushedBytes => _inner.CanGetUnflushedBytes;

            public override long UnflushedBytes => _inner.UnflushedBytes;
        }
        """,
        Verify.Diagnostic(Descriptors.SNOOP006(PipeWriterUnflushedFinding.NeitherForwarded, completeAsyncBlocks: true, dropsException: false)).WithLocation(0).WithArguments("RecordingPipeWriter"));

    /// <summary>A fake body writer over a <c>Pipe</c> it creates: the test reads what was written from the pipe's reader.</summary>
    [Fact]
    public Task Fires_FakeBodyWriterOverItsOwnPipe_FixForwardsToThePipesWriter() => RunInTestProjectAsync($$"""
        {{Usings}}

        public sealed class {|#0:FakeBodyWriter|} : PipeWriter
        {
            private readonly Pipe _pipe = new();
            public PipeReader Written => _pipe.Reader;
            public override void Advance(int bytes) => _pipe.Writer.Advance(bytes);
            public override void CancelPendingFlush() => _pipe.Writer.CancelPendingFlush();
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _pipe.Writer.FlushAsync(cancellationToken);
            public override Memory<byte> GetMemory(int sizeHint = 0) => _pipe.Writer.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => _pipe.Writer.GetSpan(sizeHint);
            public override void Complete(Exception? exception = null) => _pipe.Writer.Complete(exception);
        }
        """, $$"""
        {{Usings}}

        public sealed class FakeBodyWriter : PipeWriter
        {
            private readonly Pipe _pipe = new();
            public PipeReader Written => _pipe.Reader;
            public override void Advance(int bytes) => _pipe.Writer.Advance(bytes);
            public override void CancelPendingFlush() => _pipe.Writer.CancelPendingFlush();
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _pipe.Writer.FlushAsync(cancellationToken);
            public override Memory<byte> GetMemory(int sizeHint = 0) => _pipe.Writer.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => _pipe.Writer.GetSpan(sizeHint);
            public override void Complete(Exception? exception = null) => _pipe.Writer.Complete(exception);
            public override ValueTask CompleteAsync(Exception? exception = null) => _pipe.Writer.CompleteAsync(exception);

            public override bool CanGetUnflushedBytes => _pipe.Writer.CanGetUnflushedBytes;

            public override long UnflushedBytes => _pipe.Writer.UnflushedBytes;
        }
        """,
        Verify.Diagnostic(Descriptors.SNOOP006(PipeWriterUnflushedFinding.NeitherForwarded, completeAsyncBlocks: true, dropsException: false)).WithLocation(0).WithArguments("FakeBodyWriter"));

    /// <summary>A capturing writer over <c>PipeWriter.Create</c> of a <c>MemoryStream</c> it owns, dropping the completion exception.</summary>
    [Fact]
    public Task Fires_CapturingWriterOverPipeWriterCreate_FixForwards() => RunInTestProjectAsync($$"""
        {{Usings}}
        using System.IO;
        using System.Text;

        internal sealed class {|#0:CapturingPipeWriter|} : PipeWriter
        {
            private readonly MemoryStream _captured = new();
            private readonly PipeWriter _writer;

            public CapturingPipeWriter() => _writer = PipeWriter.Create(_captured, new StreamPipeWriterOptions(leaveOpen: true));

            public string Text => Encoding.UTF8.GetString(_captured.ToArray());
            public override void Advance(int bytes) => _writer.Advance(bytes);
            public override void CancelPendingFlush() => _writer.CancelPendingFlush();
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _writer.FlushAsync(cancellationToken);
            public override Memory<byte> GetMemory(int sizeHint = 0) => _writer.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => _writer.GetSpan(sizeHint);
            public override void Complete(Exception? exception = null) => _writer.Complete();
            public override ValueTask CompleteAsync(Exception? exception = null) => _writer.CompleteAsync();
        }
        """, $$"""
        {{Usings}}
        using System.IO;
        using System.Text;

        internal sealed class CapturingPipeWriter : PipeWriter
        {
            private readonly MemoryStream _captured = new();
            private readonly PipeWriter _writer;

            public CapturingPipeWriter() => _writer = PipeWriter.Create(_captured, new StreamPipeWriterOptions(leaveOpen: true));

            public string Text => Encoding.UTF8.GetString(_captured.ToArray());
            public override void Advance(int bytes) => _writer.Advance(bytes);
            public override void CancelPendingFlush() => _writer.CancelPendingFlush();
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _writer.FlushAsync(cancellationToken);
            public override Memory<byte> GetMemory(int sizeHint = 0) => _writer.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => _writer.GetSpan(sizeHint);
            public override void Complete(Exception? exception = null) => _writer.Complete(exception);
            public override ValueTask CompleteAsync(Exception? exception = null) => _writer.CompleteAsync(exception);

            public override bool CanGetUnflushedBytes => _writer.CanGetUnflushedBytes;

            public override long UnflushedBytes => _writer.UnflushedBytes;
        }
        """,
        Verify.Diagnostic(Descriptors.SNOOP006(PipeWriterUnflushedFinding.NeitherForwarded, completeAsyncBlocks: false, dropsException: true)).WithLocation(0).WithArguments("CapturingPipeWriter", "Complete and CompleteAsync"));

    /// <summary>A primary-constructor stream turned into the inner writer in a field initializer.</summary>
    [Fact]
    public Task Fires_WriterCreatedOverAGivenStreamInAFieldInitializer_FixForwards() => RunInTestProjectAsync($$"""
        {{Usings}}
        using System.IO;

        public class {|#0:StreamTestWriter|}(Stream destination) : PipeWriter
        {
            private readonly PipeWriter _inner = PipeWriter.Create(destination);
            public override void Advance(int bytes) => _inner.Advance(bytes);
            public override void CancelPendingFlush() => _inner.CancelPendingFlush();
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _inner.FlushAsync(cancellationToken);
            public override Memory<byte> GetMemory(int sizeHint = 0) => _inner.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => _inner.GetSpan(sizeHint);
            public override void Complete(Exception? exception = null) => _inner.Complete(exception);
            public override ValueTask CompleteAsync(Exception? exception = null) => _inner.CompleteAsync(exception);
        }
        """, $$"""
        {{Usings}}
        using System.IO;

        public class StreamTestWriter(Stream destination) : PipeWriter
        {
            private readonly PipeWriter _inner = PipeWriter.Create(destination);
            public override void Advance(int bytes) => _inner.Advance(bytes);
            public override void CancelPendingFlush() => _inner.CancelPendingFlush();
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _inner.FlushAsync(cancellationToken);
            public override Memory<byte> GetMemory(int sizeHint = 0) => _inner.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => _inner.GetSpan(sizeHint);
            public override void Complete(Exception? exception = null) => _inner.Complete(exception);
            public override ValueTask CompleteAsync(Exception? exception = null) => _inner.CompleteAsync(exception);

            public override bool CanGetUnflushedBytes => _inner.CanGetUnflushedBytes;

            public override long UnflushedBytes => _inner.UnflushedBytes;
        }
        """,
        Verify.Diagnostic(Descriptors.SNOOP006(PipeWriterUnflushedFinding.NeitherForwarded, completeAsyncBlocks: false, dropsException: false)).WithLocation(0).WithArguments("StreamTestWriter"));

    /// <summary>A spy over a <c>DefaultHttpContext</c>'s response that reads the writer off the response each time.</summary>
    [Fact]
    public Task Fires_SpyReadingTheWriterOffAHeldResponse_FixForwardsThroughTheResponse() => RunInTestProjectAsync($$"""
        {{Usings}}
        using Microsoft.AspNetCore.Http;

        public sealed class {|#0:ResponseWriterSpy|}(HttpResponse response) : PipeWriter
        {
            public int Advanced { get; private set; }
            public override void Advance(int bytes) { Advanced += bytes; response.BodyWriter.Advance(bytes); }
            public override void CancelPendingFlush() => response.BodyWriter.CancelPendingFlush();
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => response.BodyWriter.FlushAsync(cancellationToken);
            public override Memory<byte> GetMemory(int sizeHint = 0) => response.BodyWriter.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => response.BodyWriter.GetSpan(sizeHint);
            public override void Complete(Exception? exception = null) => response.BodyWriter.Complete(exception);
            public override ValueTask CompleteAsync(Exception? exception = null) => response.BodyWriter.CompleteAsync(exception);
        }
        """, $$"""
        {{Usings}}
        using Microsoft.AspNetCore.Http;

        public sealed class ResponseWriterSpy(HttpResponse response) : PipeWriter
        {
            public int Advanced { get; private set; }
            public override void Advance(int bytes) { Advanced += bytes; response.BodyWriter.Advance(bytes); }
            public override void CancelPendingFlush() => response.BodyWriter.CancelPendingFlush();
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => response.BodyWriter.FlushAsync(cancellationToken);
            public override Memory<byte> GetMemory(int sizeHint = 0) => response.BodyWriter.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => response.BodyWriter.GetSpan(sizeHint);
            public override void Complete(Exception? exception = null) => response.BodyWriter.Complete(exception);
            public override ValueTask CompleteAsync(Exception? exception = null) => response.BodyWriter.CompleteAsync(exception);

            public override bool CanGetUnflushedBytes => response.BodyWriter.CanGetUnflushedBytes;

            public override long UnflushedBytes => response.BodyWriter.UnflushedBytes;
        }
        """,
        Verify.Diagnostic(Descriptors.SNOOP006(PipeWriterUnflushedFinding.NeitherForwarded, completeAsyncBlocks: false, dropsException: false)).WithLocation(0).WithArguments("ResponseWriterSpy"));

    /// <summary>A loopback double: the constructor creates a pipe, keeps its writer as the inner and hands out its reader.</summary>
    [Fact]
    public Task Fires_LoopbackWriterOverALocalPipesWriter() => RunInTestProjectAsync($$"""
        {{Usings}}

        public sealed class {|#0:LoopbackWriter|} : PipeWriter
        {
            private readonly PipeWriter _writer;

            public LoopbackWriter()
            {
                var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
                _writer = pipe.Writer;
                Reader = pipe.Reader;
            }

            public PipeReader Reader { get; }
            public override void Advance(int bytes) => _writer.Advance(bytes);
            public override void CancelPendingFlush() => _writer.CancelPendingFlush();
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _writer.FlushAsync(cancellationToken);
            public override Memory<byte> GetMemory(int sizeHint = 0) => _writer.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => _writer.GetSpan(sizeHint);
            public override void Complete(Exception? exception = null) => _writer.Complete(exception);
            public override ValueTask CompleteAsync(Exception? exception = null) => _writer.CompleteAsync(exception);
            public override bool CanGetUnflushedBytes => _writer.CanGetUnflushedBytes;
        }
        """, $$"""
        {{Usings}}

        public sealed class LoopbackWriter : PipeWriter
        {
            private readonly PipeWriter _writer;

            public LoopbackWriter()
            {
                var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
                _writer = pipe.Writer;
                Reader = pipe.Reader;
            }

            public PipeReader Reader { get; }
            public override void Advance(int bytes) => _writer.Advance(bytes);
            public override void CancelPendingFlush() => _writer.CancelPendingFlush();
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _writer.FlushAsync(cancellationToken);
            public override Memory<byte> GetMemory(int sizeHint = 0) => _writer.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => _writer.GetSpan(sizeHint);
            public override void Complete(Exception? exception = null) => _writer.Complete(exception);
            public override ValueTask CompleteAsync(Exception? exception = null) => _writer.CompleteAsync(exception);
            public override bool CanGetUnflushedBytes => _writer.CanGetUnflushedBytes;

            public override long UnflushedBytes => _writer.UnflushedBytes;
        }
        """,
        Verify.Diagnostic(Descriptors.SNOOP006(PipeWriterUnflushedFinding.UnflushedNotForwarded, completeAsyncBlocks: false, dropsException: false)).WithLocation(0).WithArguments("LoopbackWriter"));

    // ---------------------------------------------------------------- silent
    /// <summary>A writer picked per call by a method of the class: whose writer it is cannot be told, so nothing is claimed.</summary>
    [Fact]
    public Task Silent_TargetWriterChosenByAMethod() => RunInTestProjectAsync($$"""
        {{Usings}}
        using System.Collections.Generic;

        public sealed class RoundRobinWriter : PipeWriter
        {
            private readonly List<PipeWriter> _targets = new();
            private int _next;
            public void Add(PipeWriter target) => _targets.Add(target);
            private PipeWriter Current() => _targets[_next % _targets.Count];
            public override void Advance(int bytes) { Current().Advance(bytes); _next++; }
            public override void CancelPendingFlush() => Current().CancelPendingFlush();
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => Current().FlushAsync(cancellationToken);
            public override Memory<byte> GetMemory(int sizeHint = 0) => Current().GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => Current().GetSpan(sizeHint);
            public override void Complete(Exception? exception = null) => Current().Complete(exception);
        }
        """);

    [Fact]
    public Task Silent_SpyReadingTheWriterOffAHeldContext_ForwardsEverything() => RunInTestProjectAsync($$"""
        {{Usings}}
        using Microsoft.AspNetCore.Http;

        public sealed class ContextWriterSpy : PipeWriter
        {
            private readonly HttpResponse _response;
            public ContextWriterSpy(HttpContext context) => _response = context.Response;
            public override void Advance(int bytes) => _response.BodyWriter.Advance(bytes);
            public override void CancelPendingFlush() => _response.BodyWriter.CancelPendingFlush();
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _response.BodyWriter.FlushAsync(cancellationToken);
            public override Memory<byte> GetMemory(int sizeHint = 0) => _response.BodyWriter.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => _response.BodyWriter.GetSpan(sizeHint);
            public override void Complete(Exception? exception = null) => _response.BodyWriter.Complete(exception);
            public override ValueTask CompleteAsync(Exception? exception = null) => _response.BodyWriter.CompleteAsync(exception);
            public override bool CanGetUnflushedBytes => _response.BodyWriter.CanGetUnflushedBytes;
            public override long UnflushedBytes => _response.BodyWriter.UnflushedBytes;
        }
        """);


    [Fact]
    public Task Silent_TestDoubleOverItsOwnPipe_ForwardsEverything() => RunInTestProjectAsync($$"""
        {{Usings}}

        public sealed class FakeBodyWriter : PipeWriter
        {
            private readonly Pipe _pipe = new();
            public PipeReader Written => _pipe.Reader;
            public override void Advance(int bytes) => _pipe.Writer.Advance(bytes);
            public override void CancelPendingFlush() => _pipe.Writer.CancelPendingFlush();
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _pipe.Writer.FlushAsync(cancellationToken);
            public override Memory<byte> GetMemory(int sizeHint = 0) => _pipe.Writer.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => _pipe.Writer.GetSpan(sizeHint);
            public override void Complete(Exception? exception = null) => _pipe.Writer.Complete(exception);
            public override ValueTask CompleteAsync(Exception? exception = null) => _pipe.Writer.CompleteAsync(exception);
            public override bool CanGetUnflushedBytes => _pipe.Writer.CanGetUnflushedBytes;
            public override long UnflushedBytes => _pipe.Writer.UnflushedBytes;
        }
        """);

    [Fact]
    public Task Silent_RecordingSpyOverAGivenWriter_ForwardsEverything() => RunInTestProjectAsync($$"""
        {{Usings}}
        using System.Collections.Generic;

        public sealed class RecordingPipeWriter(PipeWriter inner) : PipeWriter
        {
            public List<Exception?> Completions { get; } = new();
            public override void Advance(int bytes) => inner.Advance(bytes);
            public override void CancelPendingFlush() => inner.CancelPendingFlush();
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);
            public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);
            public override void Complete(Exception? exception = null)
            {
                Completions.Add(exception);
                inner.Complete(exception);
            }

            public override ValueTask CompleteAsync(Exception? exception = null)
            {
                Completions.Add(exception);
                return inner.CompleteAsync(exception);
            }

            public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;
            public override long UnflushedBytes => inner.UnflushedBytes;
        }
        """);

    /// <summary>A test double that wraps nothing: it buffers into an <c>ArrayBufferWriter</c> and counts its own bytes.</summary>
    [Fact]
    public Task Silent_TestDoubleThatWrapsNothing() => RunInTestProjectAsync("""
        #nullable enable
        using System;
        using System.Buffers;
        using System.IO.Pipelines;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class InMemoryPipeWriter : PipeWriter
        {
            private readonly ArrayBufferWriter<byte> _buffer = new();
            private long _unflushed;
            public ReadOnlyMemory<byte> WrittenMemory => _buffer.WrittenMemory;
            public bool IsCompleted { get; private set; }
            public override bool CanGetUnflushedBytes => true;
            public override long UnflushedBytes => _unflushed;
            public override void Advance(int bytes) { _buffer.Advance(bytes); _unflushed += bytes; }
            public override void CancelPendingFlush() { }
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) { _unflushed = 0; return new(new FlushResult(false, IsCompleted)); }
            public override Memory<byte> GetMemory(int sizeHint = 0) => _buffer.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => _buffer.GetSpan(sizeHint);
            public override void Complete(Exception? exception = null) => IsCompleted = true;
        }
        """);

    /// <summary>A class holding a pipe whose writer its members never use (it only hands out the reader).</summary>
    [Fact]
    public Task Silent_HoldsAPipeButWritesIntoItsOwnBuffer() => RunInTestProjectAsync("""
        #nullable enable
        using System;
        using System.Buffers;
        using System.IO.Pipelines;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class LoopbackWriter : PipeWriter
        {
            private readonly Pipe _replies = new();
            private readonly ArrayBufferWriter<byte> _buffer = new();
            public PipeReader Replies => _replies.Reader;
            public override void Advance(int bytes) => _buffer.Advance(bytes);
            public override void CancelPendingFlush() { }
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => new(new FlushResult(false, false));
            public override Memory<byte> GetMemory(int sizeHint = 0) => _buffer.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => _buffer.GetSpan(sizeHint);
            public override void Complete(Exception? exception = null) { }
        }
        """);

    /// <summary>An owned inner writer with a deliberate refusal of the unflushed count and a forwarded CompleteAsync.</summary>
    [Fact]
    public Task Silent_OwnedInnerWriter_DeliberateCanGetUnflushedBytesFalse() => RunInTestProjectAsync($$"""
        {{Usings}}
        using System.IO;

        public sealed class OpaqueTestWriter : PipeWriter
        {
            private readonly PipeWriter _inner = PipeWriter.Create(Stream.Null);
            public override void Advance(int bytes) => _inner.Advance(bytes);
            public override void CancelPendingFlush() => _inner.CancelPendingFlush();
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _inner.FlushAsync(cancellationToken);
            public override Memory<byte> GetMemory(int sizeHint = 0) => _inner.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => _inner.GetSpan(sizeHint);
            public override bool CanGetUnflushedBytes => false;
            public override void Complete(Exception? exception = null) => _inner.Complete(exception);
            public override ValueTask CompleteAsync(Exception? exception = null) => _inner.CompleteAsync(exception);
        }
        """);
}
