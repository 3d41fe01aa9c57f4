using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Snoop.Analyzers.Rules;
using Snoop.Analyzers.Tests.Infrastructure;
using Snoop.CodeFixes.Rules;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>
/// SNOOP003/SNOOP006 never throw: every prefix (cut at many points) and every one-line deletion of a wrapper that
/// fires is analyzed, and every fix offered on it is computed; no analyzer or fixer exception may surface.
/// </summary>
public class WrapperRobustnessTests
{
    private const string StreamSource = """
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
        }

        public class Bypassed : MemoryStream
        {
            public override void Write(byte[] buffer, int offset, int count) => base.Write(buffer, offset, count);
        }
        """;

    private const string PipeWriterSource = """
        #nullable enable
        using System;
        using System.IO.Pipelines;
        using System.Threading;
        using System.Threading.Tasks;

        public sealed class Observing : PipeWriter
        {
            private readonly PipeWriter _inner;
            public Observing(PipeWriter inner) => _inner = inner ?? throw new ArgumentNullException(nameof(inner));
            public long Count;
            public override void Advance(int bytes) { Count += bytes; _inner.Advance(bytes); }
            public override void CancelPendingFlush() => _inner.CancelPendingFlush();
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _inner.FlushAsync(cancellationToken);
            public override Memory<byte> GetMemory(int sizeHint = 0) => _inner.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => _inner.GetSpan(sizeHint);
            public override void Complete(Exception? exception = null)
            {
                Count = -1;
                _inner.Complete();
            }
        }
        """;

    [Fact]
    public Task StreamWrapper_NeverThrowsOnMutilatedCode()
        => RunAsync(StreamSource, RuleAnalyzers.Alone<StreamWrapperRule>(), new StreamWrapperCodeFix(), RuleIdentifiers.StreamWrapperBlocksAsync);

    [Fact]
    public Task PipeWriterWrapper_NeverThrowsOnMutilatedCode()
        => RunAsync(PipeWriterSource, RuleAnalyzers.Alone<PipeWriterWrapperRule>(), new PipeWriterWrapperCodeFix(), RuleIdentifiers.PipeWriterWrapperHidesCapabilities);

    private static async Task RunAsync(string source, DiagnosticAnalyzer analyzer, CodeFixProvider fixer, string id)
    {
        var references = TestReferences.AspNetCore80;

        // The intact source must fire, or the mutations prove nothing.
        var intact = await AnalyzeAsync(source, analyzer, fixer, references);
        Assert.Contains(id, intact);

        var variants = new List<string>();
        for (var cut = 0; cut < source.Length; cut += Math.Max(1, source.Length / 30))
        {
            variants.Add(source.Substring(0, cut));
        }

        var lines = source.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            variants.Add(string.Join('\n', lines.Where((_, index) => index != i)));
        }

        foreach (var variant in variants)
        {
            await AnalyzeAsync(variant, analyzer, fixer, references);
        }
    }

    /// <summary>Analyzes <paramref name="source"/>, computes every offered fix, and returns the reported IDs; throws on any analyzer or fixer exception.</summary>
    private static async Task<List<string>> AnalyzeAsync(string source, DiagnosticAnalyzer analyzer, CodeFixProvider fixer, ImmutableArray<MetadataReference> references)
    {
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject("Test", LanguageNames.CSharp)
            .WithMetadataReferences(references)
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var document = project.AddDocument("Test.cs", SourceText.From(source));
        var compilation = (await document.Project.GetCompilationAsync())!;

        var exceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, _, _) => exceptions.Add(exception),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create(analyzer), options).GetAnalyzerDiagnosticsAsync();
        Assert.True(exceptions.Count == 0, $"Analyzer threw on:\n{source}\n{string.Join("\n", exceptions)}");
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");

        var ids = new List<string>();
        foreach (var diagnostic in diagnostics)
        {
            ids.Add(diagnostic.Id);
            var actions = new List<CodeAction>();
            var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
            await fixer.RegisterCodeFixesAsync(context);
            foreach (var action in actions)
            {
                var operations = await action.GetOperationsAsync(CancellationToken.None);
                Assert.NotEmpty(operations);
            }
        }

        return ids;
    }
}
