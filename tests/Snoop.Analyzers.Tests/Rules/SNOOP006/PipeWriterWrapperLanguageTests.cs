using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Analyzer = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.PipeWriterWrapperRule>;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.PipeWriterWrapperRule, Snoop.CodeFixes.Rules.PipeWriterWrapperCodeFix>;

namespace Snoop.Analyzers.Tests.LanguageCoverage;

/// <summary>
/// SNOOP006 across the language: top-level programs, records, primary constructors, file-local, generic, nested and
/// partial types, #if regions, generated code and nullable annotations. Every fixed output is compiled by the verifier.
/// </summary>
public class PipeWriterWrapperLanguageTests
{
    private const string Usings = """
        #nullable enable
        using System;
        using System.IO.Pipelines;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    /// <summary>The abstract members, forwarded to <paramref name="inner"/>.</summary>
    private static string Forwarding(string inner) => $$"""
            public override void Advance(int bytes) => {{inner}}.Advance(bytes);
            public override void CancelPendingFlush() => {{inner}}.CancelPendingFlush();
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => {{inner}}.FlushAsync(cancellationToken);
            public override Memory<byte> GetMemory(int sizeHint = 0) => {{inner}}.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => {{inner}}.GetSpan(sizeHint);
            public override void Complete(Exception? exception = null) => {{inner}}.Complete(exception);
        """;

    /// <summary>The capabilities SNOOP006 asks for, forwarded to <paramref name="inner"/>.</summary>
    private static string Capabilities(string inner) => $$"""
            public override ValueTask CompleteAsync(Exception? exception = null) => {{inner}}.CompleteAsync(exception);
            public override bool CanGetUnflushedBytes => {{inner}}.CanGetUnflushedBytes;
            public override long UnflushedBytes => {{inner}}.UnflushedBytes;
        """;

    /// <summary>What the fix appends after <c>Complete</c> when all three capabilities are missing.</summary>
    private static string FixAppended(string inner) => $$"""
            public override ValueTask CompleteAsync(Exception? exception = null) => {{inner}}.CompleteAsync(exception);

            public override bool CanGetUnflushedBytes => {{inner}}.CanGetUnflushedBytes;

            public override long UnflushedBytes => {{inner}}.UnflushedBytes;
        """;

    private static string Indent(string text) => string.Join("\n", text.Split('\n').Select(line => line.Length == 0 ? line : "    " + line));

    // ------------------------------------------------------------------ top-level programs

    [Fact]
    public Task Fix_TopLevelProgram_WrapperBelowTheStatements()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + $$"""
                var pipe = new Pipe();
                var writer = new CountingWriter(pipe.Writer);
                writer.GetSpan(1)[0] = 42;
                writer.Advance(1);
                await writer.FlushAsync();
                Console.WriteLine(writer.Count);

                internal sealed class {|SNOOP006:CountingWriter|}(PipeWriter inner) : PipeWriter
                {
                    public long Count { get; private set; }
                {{Forwarding("inner")}}
                }
                """,
            FixedCode = Usings + $$"""
                var pipe = new Pipe();
                var writer = new CountingWriter(pipe.Writer);
                writer.GetSpan(1)[0] = 42;
                writer.Advance(1);
                await writer.FlushAsync();
                Console.WriteLine(writer.Count);

                internal sealed class CountingWriter(PipeWriter inner) : PipeWriter
                {
                    public long Count { get; private set; }
                {{Forwarding("inner")}}
                {{FixAppended("inner")}}
                }
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Silent_TopLevelProgram_CompleteWrapperBelowTheStatements()
    {
        var test = new Analyzer.Test
        {
            TestCode = Usings + $$"""
                var pipe = new Pipe();
                await new Full(pipe.Writer).CompleteAsync();

                internal sealed class Full(PipeWriter inner) : PipeWriter
                {
                {{Forwarding("inner")}}
                {{Capabilities("inner")}}
                }
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_ImplicitGlobalUsings_FileWithoutUsings_AddsNoUsingAndNoBlankLine()
    {
        // SDK-style implicit usings. Bug found here: the import step left a blank line at the top of a file without usings.
        const string GlobalUsings = """
            global using System;
            global using System.IO.Pipelines;
            global using System.Threading;
            global using System.Threading.Tasks;

            """;
        var test = new Verify.Test();
        test.TestState.Sources.Add(("GlobalUsings.g.cs", GlobalUsings));
        test.TestState.Sources.Add(("Wrapper.cs", "#nullable enable\n" + $$"""
            public sealed class {|SNOOP006:Wrapper|}(PipeWriter inner) : PipeWriter
            {
            {{Forwarding("inner")}}
            }
            """));
        test.FixedState.Sources.Add(("GlobalUsings.g.cs", GlobalUsings));
        test.FixedState.Sources.Add(("Wrapper.cs", "#nullable enable\n" + $$"""
            public sealed class Wrapper(PipeWriter inner) : PipeWriter
            {
            {{Forwarding("inner")}}
            {{FixAppended("inner")}}
            }
            """));
        return test.RunAsync();
    }

    // ------------------------------------------------------------------ records (a record cannot derive from PipeWriter)

    [Fact]
    public Task Fires_RecordHoldingAWriter_NextToAWrapper_OnlyTheWrapper() => Analyzer.VerifyAnalyzerAsync(Usings + $$"""
        // A record cannot derive from PipeWriter; a record with Complete/CompleteAsync over a PipeWriter is not a wrapper.
        public sealed record Output(PipeWriter Writer)
        {
            public void Complete(Exception? exception = null) => Writer.Complete();
            public ValueTask CompleteAsync() => Writer.CompleteAsync();
        }

        public sealed class {|SNOOP006:Wrapper|}(PipeWriter inner) : PipeWriter
        {
            public Output Describe() => new(inner);
        {{Forwarding("inner")}}
        }
        """);

    // ------------------------------------------------------------------ primary constructors

    [Fact]
    public Task Fix_PrimaryConstructor_CapturedIntoAField() => Verify.VerifyCodeFixAsync(Usings + $$"""
        public class {|SNOOP006:Captured|}(PipeWriter inner) : PipeWriter
        {
            private readonly PipeWriter _inner = inner;
        {{Forwarding("_inner")}}
        }
        """, Usings + $$"""
        public class Captured(PipeWriter inner) : PipeWriter
        {
            private readonly PipeWriter _inner = inner;
        {{Forwarding("_inner")}}
        {{FixAppended("_inner")}}
        }
        """);

    [Fact]
    public Task Silent_PrimaryConstructor_CompleteWrapper() => Analyzer.VerifyAnalyzerAsync(Usings + $$"""
        public sealed class Full(PipeWriter inner) : PipeWriter
        {
        {{Forwarding("inner")}}
        {{Capabilities("inner")}}
        }
        """);

    // ------------------------------------------------------------------ file-local types

    [Fact]
    public Task Fix_FileLocalClass_CompleteDropsTheException() => Verify.VerifyCodeFixAsync(Usings + $$"""
        file sealed class {|SNOOP006:Local|}(PipeWriter inner) : PipeWriter
        {
        {{Forwarding("inner").Replace("Complete(exception)", "Complete()")}}
            public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
            public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;
            public override long UnflushedBytes => inner.UnflushedBytes;
        }
        """, Usings + $$"""
        file sealed class Local(PipeWriter inner) : PipeWriter
        {
        {{Forwarding("inner")}}
        {{Capabilities("inner")}}
        }
        """);

    [Fact]
    public Task Silent_FileLocalClass_DeliberateCanGetUnflushedBytesFalse() => Analyzer.VerifyAnalyzerAsync(Usings + $$"""
        file sealed class Opaque(PipeWriter inner) : PipeWriter
        {
        {{Forwarding("inner")}}
            public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
            public override bool CanGetUnflushedBytes => false;
        }
        """);

    // ------------------------------------------------------------------ generics

    [Fact]
    public Task Fix_GenericWrapper() => Verify.VerifyCodeFixAsync(Usings + $$"""
        public sealed class {|SNOOP006:Tagged|}<TTag>(PipeWriter inner, TTag tag) : PipeWriter
            where TTag : notnull
        {
            public TTag Tag => tag;
        {{Forwarding("inner")}}
            public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;
            public override long UnflushedBytes => inner.UnflushedBytes;
        }
        """, Usings + $$"""
        public sealed class Tagged<TTag>(PipeWriter inner, TTag tag) : PipeWriter
            where TTag : notnull
        {
            public TTag Tag => tag;
        {{Forwarding("inner")}}
            public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

            public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;
            public override long UnflushedBytes => inner.UnflushedBytes;
        }
        """);

    [Fact]
    public Task Silent_GenericBase_CompleteInTheBase_ClosedSubclass() => Analyzer.VerifyAnalyzerAsync(Usings + $$"""
        public abstract class Forwarding<TState>(PipeWriter inner) : PipeWriter
        {
            protected PipeWriter Inner { get; } = inner;
        {{Forwarding("Inner")}}
        {{Capabilities("Inner")}}
        }

        public sealed class Counting(PipeWriter inner) : Forwarding<long>(inner);
        """);

    // ------------------------------------------------------------------ nested types

    [Fact]
    public Task Fix_NestedInAGenericOuterType() => Verify.VerifyCodeFixAsync(Usings + $$"""
        public static class Outer<T>
        {
            private sealed class {|SNOOP006:Wrapped|}(PipeWriter inner) : PipeWriter
            {
        {{Indent(Forwarding("inner"))}}
            }
        }
        """, Usings + $$"""
        public static class Outer<T>
        {
            private sealed class Wrapped(PipeWriter inner) : PipeWriter
            {
        {{Indent(Forwarding("inner"))}}
        {{Indent(FixAppended("inner"))}}
            }
        }
        """);

    // ------------------------------------------------------------------ partial types

    [Fact]
    public Task Fix_PartialClass_TwoFiles()
    {
        var first = Usings + """
            public partial class Split : PipeWriter
            {
                private readonly PipeWriter _inner;
                public Split(PipeWriter inner) => _inner = inner;
                public override bool CanGetUnflushedBytes => _inner.CanGetUnflushedBytes;
                public override long UnflushedBytes => _inner.UnflushedBytes;
            }
            """;
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Split.cs", first));
        test.TestState.Sources.Add(("Split.Forwarding.cs", Usings + $$"""
            public partial class {|SNOOP006:Split|}
            {
            {{Forwarding("_inner")}}
            }
            """));
        test.FixedState.Sources.Add(("Split.cs", first));
        test.FixedState.Sources.Add(("Split.Forwarding.cs", Usings + $$"""
            public partial class Split
            {
            {{Forwarding("_inner")}}
                public override ValueTask CompleteAsync(Exception? exception = null) => _inner.CompleteAsync(exception);
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task Silent_PartialClass_TwoFiles_CompleteAcrossTheParts()
    {
        var test = new Analyzer.Test();
        test.TestState.Sources.Add(("Split.cs", Usings + $$"""
            public partial class Split(PipeWriter inner) : PipeWriter
            {
            {{Forwarding("inner")}}
            }
            """));
        test.TestState.Sources.Add(("Split.Capabilities.cs", Usings + $$"""
            public partial class Split
            {
            {{Capabilities("inner")}}
            }
            """));
        return test.RunAsync();
    }

    // ------------------------------------------------------------------ #if regions

    [Fact]
    public Task Fires_IfRegion_CapabilitiesInactive() => Analyzer.VerifyAnalyzerAsync(Usings + $$"""
        public sealed class {|SNOOP006:Conditional|}(PipeWriter inner) : PipeWriter
        {
        {{Forwarding("inner")}}
        #if NET9_CAPABILITIES
        {{Capabilities("inner")}}
        #endif
        }
        """);

    [Fact]
    public Task Silent_IfRegion_CapabilitiesActiveThroughTheProjectsSymbols()
    {
        var test = new Analyzer.Test
        {
            TestCode = Usings + $$"""
                public sealed class Conditional(PipeWriter inner) : PipeWriter
                {
                {{Forwarding("inner")}}
                #if NET9_CAPABILITIES
                {{Capabilities("inner")}}
                #endif
                }
                """,
        };
        test.SolutionTransforms.Add(LanguageCoverageSetup.Define("NET9_CAPABILITIES"));
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_IfRegion_WholeWrapperActiveThroughTheProjectsSymbols()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + $$"""
                #if WRAP
                public sealed class {|SNOOP006:Wrapped|}(PipeWriter inner) : PipeWriter
                {
                {{Forwarding("inner")}}
                }
                #endif
                """,
            FixedCode = Usings + $$"""
                #if WRAP
                public sealed class Wrapped(PipeWriter inner) : PipeWriter
                {
                {{Forwarding("inner")}}
                {{FixAppended("inner")}}
                }
                #endif
                """,
        };
        test.SolutionTransforms.Add(LanguageCoverageSetup.Define("WRAP"));
        return test.RunAsync();
    }

    [Fact]
    public Task Silent_IfRegion_WholeWrapperInactive() => Analyzer.VerifyAnalyzerAsync(Usings + $$"""
        #if WRAP
        public sealed class Wrapped(PipeWriter inner) : PipeWriter
        {
        {{Forwarding("inner")}}
        }
        #endif
        """);

    // ------------------------------------------------------------------ generated code

    [Fact]
    public Task Fires_GeneratedCode_HeaderFileNextToAUserFile_OnlyTheUserFile()
    {
        var test = new Analyzer.Test();
        test.TestState.Sources.Add(("Tool.cs", "// <auto-generated/>\n" + Usings + $$"""
            public sealed class ToolWriter(PipeWriter inner) : PipeWriter
            {
            {{Forwarding("inner")}}
            }
            """));
        test.TestState.Sources.Add(("Mine.cs", Usings + $$"""
            public sealed class {|SNOOP006:MyWriter|}(PipeWriter inner) : PipeWriter
            {
            {{Forwarding("inner")}}
            }
            """));
        return test.RunAsync();
    }

    // ------------------------------------------------------------------ nullable annotations

    [Fact]
    public Task Fix_Nullable_SuppressedInner_WithoutNewWarnings()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + $$"""
                internal sealed class {|SNOOP006:Guarded|} : PipeWriter
                {
                    private readonly PipeWriter _inner;
                    private Exception? _failure;
                    public Guarded(PipeWriter? inner) => _inner = inner!;
                    public Exception? Failure => _failure;
                {{Forwarding("_inner").Replace("public override void Complete(Exception? exception = null) => _inner.Complete(exception);", "public override void Complete(Exception? exception = null) { _failure = exception; _inner.Complete(exception); }")}}
                    public override bool CanGetUnflushedBytes => _inner.CanGetUnflushedBytes;
                    public override long UnflushedBytes => _inner.UnflushedBytes;
                }
                """,
            FixedCode = Usings + $$"""
                internal sealed class Guarded : PipeWriter
                {
                    private readonly PipeWriter _inner;
                    private Exception? _failure;
                    public Guarded(PipeWriter? inner) => _inner = inner!;
                    public Exception? Failure => _failure;
                {{Forwarding("_inner").Replace("public override void Complete(Exception? exception = null) => _inner.Complete(exception);", "public override void Complete(Exception? exception = null) { _failure = exception; _inner.Complete(exception); }")}}

                    public override async ValueTask CompleteAsync(Exception? exception = null)
                    {
                        _failure = exception; await _inner.CompleteAsync(exception).ConfigureAwait(false);
                    }

                    public override bool CanGetUnflushedBytes => _inner.CanGetUnflushedBytes;
                    public override long UnflushedBytes => _inner.UnflushedBytes;
                }
                """,
            Strict = true,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task Silent_Nullable_NullableInnerWithSuppressions_Complete() => Analyzer.VerifyAnalyzerAsync(Usings + $$"""
        internal sealed class Full(PipeWriter? inner) : PipeWriter
        {
        {{Forwarding("inner!")}}
        {{Capabilities("inner!")}}
        }
        """);

    [Fact]
    public Task Fix_Nullable_DisabledContext_ExceptionParameterWithoutAnnotation_WithoutNewWarnings() => new Verify.Test
    {
        Strict = true,
        TestCode = """
        #nullable disable
        using System;
        using System.IO.Pipelines;
        using System.Threading;
        using System.Threading.Tasks;

        internal sealed class {|SNOOP006:Legacy|} : PipeWriter
        {
            private readonly PipeWriter _inner;
            public Legacy(PipeWriter inner) => _inner = inner;
            public override void Advance(int bytes) => _inner.Advance(bytes);
            public override void CancelPendingFlush() => _inner.CancelPendingFlush();
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _inner.FlushAsync(cancellationToken);
            public override Memory<byte> GetMemory(int sizeHint = 0) => _inner.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => _inner.GetSpan(sizeHint);
            public override void Complete(Exception exception = null) => _inner.Complete(exception);
            public override bool CanGetUnflushedBytes => _inner.CanGetUnflushedBytes;
            public override long UnflushedBytes => _inner.UnflushedBytes;
        }
        """,
        FixedCode = """
        #nullable disable
        using System;
        using System.IO.Pipelines;
        using System.Threading;
        using System.Threading.Tasks;

        internal sealed class Legacy : PipeWriter
        {
            private readonly PipeWriter _inner;
            public Legacy(PipeWriter inner) => _inner = inner;
            public override void Advance(int bytes) => _inner.Advance(bytes);
            public override void CancelPendingFlush() => _inner.CancelPendingFlush();
            public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _inner.FlushAsync(cancellationToken);
            public override Memory<byte> GetMemory(int sizeHint = 0) => _inner.GetMemory(sizeHint);
            public override Span<byte> GetSpan(int sizeHint = 0) => _inner.GetSpan(sizeHint);
            public override void Complete(Exception exception = null) => _inner.Complete(exception);
            public override ValueTask CompleteAsync(Exception exception = null) => _inner.CompleteAsync(exception);

            public override bool CanGetUnflushedBytes => _inner.CanGetUnflushedBytes;
            public override long UnflushedBytes => _inner.UnflushedBytes;
        }
        """,
    }.RunAsync();
}
