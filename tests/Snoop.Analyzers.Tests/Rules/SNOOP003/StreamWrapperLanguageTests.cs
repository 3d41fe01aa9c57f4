using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Analyzer = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.StreamWrapperRule>;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.StreamWrapperRule, Snoop.CodeFixes.Rules.StreamWrapperCodeFix>;

namespace Snoop.Analyzers.Tests.LanguageCoverage;

/// <summary>
/// SNOOP003 across the language: top-level programs, records, primary constructors, file-local, generic, nested and
/// partial types, #if regions, generated code and nullable annotations. Every fixed output is compiled by the verifier.
/// </summary>
public class StreamWrapperLanguageTests
{
    private const string Usings = """
        using System;
        using System.IO;

        """;

    private const string AsyncUsings = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    /// <summary>The members every write-only test stream needs, indented for a top-level class body.</summary>
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

    private static string Indent(string text) => string.Join("\n", text.Split('\n').Select(line => line.Length == 0 ? line : "    " + line));

    // ------------------------------------------------------------------ top-level programs

    [Fact]
    public Task Fix_TopLevelProgram_WrapperBelowTheStatements()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + $$"""
                using var stream = new CountingStream(Stream.Null);
                stream.Write(new byte[] { 1, 2, 3 }, 0, 3);
                Console.WriteLine(stream.Count);

                public sealed class {|SNOOP003:CountingStream|}(Stream inner) : Stream
                {
                    public long Count { get; private set; }
                {{WriteOnly}}
                    public override void Flush() => inner.Flush();
                    public override void Write(byte[] buffer, int offset, int count)
                    {
                        Count += count;
                        inner.Write(buffer, offset, count);
                    }
                }
                """,
            FixedCode = AsyncUsings + $$"""
                using var stream = new CountingStream(Stream.Null);
                stream.Write(new byte[] { 1, 2, 3 }, 0, 3);
                Console.WriteLine(stream.Count);

                public sealed class CountingStream(Stream inner) : Stream
                {
                    public long Count { get; private set; }
                {{WriteOnly}}
                    public override void Flush() => inner.Flush();
                    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

                    public override void Write(byte[] buffer, int offset, int count)
                    {
                        Count += count;
                        inner.Write(buffer, offset, count);
                    }

                    public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
                    {
                        Count += count;
                        await inner.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
                    }

                    public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
                    public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
                }
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Silent_TopLevelProgram_LocalFunctionsNamedWriteAndFlush_AreNotAWrapper()
    {
        // Top-level local functions that write to a stream are not overrides of a Stream subclass.
        var test = new Analyzer.Test
        {
            TestCode = Usings + """
                var inner = Stream.Null;
                Write(new byte[] { 1 }, 0, 1);
                Flush();

                void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
                void Flush() => inner.Flush();
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_ImplicitGlobalUsings_FileWithoutUsings_AddsNoUsing()
    {
        // SDK-style implicit usings: Task and CancellationToken are already in scope, so the fix adds no using directive.
        // Bug found here: the import step still left a blank line at the top of the file; the file's start is now kept.
        const string GlobalUsings = """
            global using System;
            global using System.IO;
            global using System.Threading;
            global using System.Threading.Tasks;

            """;
        var test = new Verify.Test();
        test.TestState.Sources.Add(("GlobalUsings.g.cs", GlobalUsings));
        test.TestState.Sources.Add(("Passthrough.cs", $$"""
            namespace App;

            public sealed class {|SNOOP003:Passthrough|}(Stream inner) : Stream
            {
            {{WriteOnly}}
                public override void Flush() => inner.Flush();
                public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
            }
            """));
        test.FixedState.Sources.Add(("GlobalUsings.g.cs", GlobalUsings));
        test.FixedState.Sources.Add(("Passthrough.cs", $$"""
            namespace App;

            public sealed class Passthrough(Stream inner) : Stream
            {
            {{WriteOnly}}
                public override void Flush() => inner.Flush();
                public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
                public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
                public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
                public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
                public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
            }
            """));
        return test.RunAsync();
    }

    // ------------------------------------------------------------------ records (a record cannot derive from Stream)

    [Fact]
    public Task Fires_RecordNextToAWrapper_RecordWithWriteIsSilent_Wrapper() => Analyzer.VerifyAnalyzerAsync(Usings + $$"""
        // A record cannot derive from Stream; a record with Write/Flush over a Stream property is not a wrapper.
        public sealed record Sink(Stream Inner)
        {
            public void Write(byte[] buffer, int offset, int count) => Inner.Write(buffer, offset, count);
            public void Flush() => Inner.Flush();
        }

        public sealed class {|SNOOP003:SinkStream|}(Stream inner) : Stream
        {
        {{WriteOnly}}
            public override void Flush() { }
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        }
        """);

    [Fact]
    public Task Silent_RecordHoldingACompleteWrapper() => Analyzer.VerifyAnalyzerAsync(AsyncUsings + $$"""
        public sealed record Pipeline(Stream Body, string Name);

        public sealed class Complete(Stream inner) : Stream
        {
        {{WriteOnly}}
            public override void Flush() => inner.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);

            public Pipeline Describe() => new Pipeline(this, nameof(Complete)) with { Name = "complete" };
        }
        """);

    // ------------------------------------------------------------------ primary constructors

    [Fact]
    public Task Fix_PrimaryConstructor_CapturedIntoAField() => Verify.VerifyCodeFixAsync(AsyncUsings + $$"""
        public class {|SNOOP003:TeeStream|}(Stream inner, Stream copy) : Stream
        {
            private readonly Stream _inner = inner;
            private readonly Stream _copy = copy;
        {{WriteOnly}}
            public override void Flush() { }
            public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count)
            {
                _copy.Write(buffer, offset, count);
                _inner.Write(buffer, offset, count);
            }
        }
        """, AsyncUsings + $$"""
        public class TeeStream(Stream inner, Stream copy) : Stream
        {
            private readonly Stream _inner = inner;
            private readonly Stream _copy = copy;
        {{WriteOnly}}
            public override void Flush() { }
            public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count)
            {
                _copy.Write(buffer, offset, count);
                _inner.Write(buffer, offset, count);
            }

            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                await _copy.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
                await _inner.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
            }

            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
        }
        """);

    [Fact]
    public Task Silent_PrimaryConstructor_CompleteWrapper() => Analyzer.VerifyAnalyzerAsync(AsyncUsings + $$"""
        public sealed class Complete(Stream inner) : Stream
        {
        {{WriteOnly}}
            public override void Flush() => inner.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
                => await inner.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
        }
        """);

    // ------------------------------------------------------------------ file-local types

    [Fact]
    public Task Fix_FileLocalClass() => Verify.VerifyCodeFixAsync(Usings + $$"""
        file sealed class {|SNOOP003:Passthrough|}(Stream inner) : Stream
        {
        {{WriteOnly}}
            public override void Flush() => inner.Flush();
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        }
        """, AsyncUsings + $$"""
        file sealed class Passthrough(Stream inner) : Stream
        {
        {{WriteOnly}}
            public override void Flush() => inner.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
        }
        """);

    [Fact]
    public Task Silent_FileLocalClass_ReadOnlyWrapper() => Analyzer.VerifyAnalyzerAsync(Usings + """
        file sealed class ReadOnly(Stream inner) : Stream
        {
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
        """);

    // ------------------------------------------------------------------ generics

    [Fact]
    public Task Fix_GenericWrapper_StateTypeParameter() => Verify.VerifyCodeFixAsync(Usings + $$"""
        public class {|SNOOP003:ObservedStream|}<TState>(Stream inner, TState state, Action<TState, int> observe) : Stream
            where TState : notnull
        {
        {{WriteOnly}}
            public override void Flush() => inner.Flush();
            public override void Write(byte[] buffer, int offset, int count)
            {
                observe(state, count);
                inner.Write(buffer, offset, count);
            }
        }
        """, AsyncUsings + $$"""
        public class ObservedStream<TState>(Stream inner, TState state, Action<TState, int> observe) : Stream
            where TState : notnull
        {
        {{WriteOnly}}
            public override void Flush() => inner.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

            public override void Write(byte[] buffer, int offset, int count)
            {
                observe(state, count);
                inner.Write(buffer, offset, count);
            }

            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                observe(state, count);
                await inner.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
            }

            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
        }
        """);

    [Fact]
    public Task Silent_GenericWrapper_ClosedOverAConcreteBase_CompleteInTheGenericBase() => Analyzer.VerifyAnalyzerAsync(AsyncUsings + $$"""
        public abstract class Forwarding<TInner>(TInner inner) : Stream
            where TInner : Stream
        {
            protected TInner Inner { get; } = inner;
        {{WriteOnly}}
            public override void Flush() => Inner.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => Inner.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count) => Inner.Write(buffer, offset, count);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Inner.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
        }

        public sealed class OverBuffered(BufferedStream inner) : Forwarding<BufferedStream>(inner);
        """);

    // ------------------------------------------------------------------ nested types

    [Fact]
    public Task Fix_NestedInAGenericOuterType() => Verify.VerifyCodeFixAsync(Usings + $$"""
        public partial class Outer<T>
        {
            internal sealed class Inner
            {
                private sealed class {|SNOOP003:Wrapped|} : Stream
                {
                    private readonly Stream _inner;
                    public Wrapped(Stream inner) => _inner = inner;
        {{Indent(Indent(WriteOnly))}}
                    public override void Flush() { }
                    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
                }
            }
        }
        """, AsyncUsings + $$"""
        public partial class Outer<T>
        {
            internal sealed class Inner
            {
                private sealed class Wrapped : Stream
                {
                    private readonly Stream _inner;
                    public Wrapped(Stream inner) => _inner = inner;
        {{Indent(Indent(WriteOnly))}}
                    public override void Flush() { }
                    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
                    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.WriteAsync(buffer, offset, count, cancellationToken);
                    public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
                    public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
                }
            }
        }
        """);

    // ------------------------------------------------------------------ partial types

    [Fact]
    public Task PartialClass_TwoFiles_WriteInTheSecond_FiresThereAndFixesIt()
    {
        var first = Usings + $$"""
            public partial class Split : Stream
            {
                private readonly Stream _inner;
                public Split(Stream inner) => _inner = inner;
            {{WriteOnly}}
                public override void Flush() { }
            }
            """;
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Split.cs", first));
        test.TestState.Sources.Add(("Split.Write.cs", Usings + """
            public partial class {|SNOOP003:Split|}
            {
                public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
            }
            """));
        test.FixedState.Sources.Add(("Split.cs", first));
        test.FixedState.Sources.Add(("Split.Write.cs", AsyncUsings + """
            public partial class Split
            {
                public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
                public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.WriteAsync(buffer, offset, count, cancellationToken);
                public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
                public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task Fires_PartialClass_TwoFiles_FlushAndWriteInDifferentFiles_NoFix()
    {
        // Both async members are missing, but their sync counterparts live in different files: no half fix is offered.
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Split.cs", Usings + $$"""
            public partial class Split : Stream
            {
                private readonly Stream _inner;
                public Split(Stream inner) => _inner = inner;
            {{WriteOnly}}
                public override void Flush() => _inner.Flush();
            }
            """));
        test.TestState.Sources.Add(("Split.Write.cs", Usings + """
            public partial class {|SNOOP003:Split|}
            {
                public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
            }
            """));
        test.FixedState.InheritanceMode = StateInheritanceMode.AutoInheritAll;
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        return test.RunAsync();
    }

    [Fact]
    public Task Silent_PartialClass_AsyncOverridesInTheOtherFile()
    {
        var test = new Analyzer.Test();
        test.TestState.Sources.Add(("Split.cs", Usings + $$"""
            public partial class Split(Stream inner) : Stream
            {
            {{WriteOnly}}
                public override void Flush() => inner.Flush();
                public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
            }
            """));
        test.TestState.Sources.Add(("Split.Async.cs", AsyncUsings + """
            public partial class Split
            {
                public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
                public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
                public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
                public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
            }
            """));
        return test.RunAsync();
    }

    // ------------------------------------------------------------------ #if regions

    private const string ConditionalAsync = """
        public sealed class Conditional(Stream inner) : Stream
        {
        {{WriteOnly}}
            public override void Flush() => inner.Flush();
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        #if HAS_ASYNC
            public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
        #endif
        }
        """;

    [Fact]
    public Task Silent_IfRegion_AsyncOverridesActiveThroughTheProjectsSymbols()
    {
        var test = new Analyzer.Test { TestCode = AsyncUsings + ConditionalAsync.Replace("{{WriteOnly}}", WriteOnly) };
        test.SolutionTransforms.Add(LanguageCoverageSetup.Define("HAS_ASYNC"));
        return test.RunAsync();
    }

    [Fact]
    public Task Fires_IfRegion_AsyncOverridesInactive() => Analyzer.VerifyAnalyzerAsync(
        AsyncUsings + ConditionalAsync.Replace("{{WriteOnly}}", WriteOnly).Replace("class Conditional", "class {|SNOOP003:Conditional|}"));

    [Fact]
    public Task Silent_IfRegion_WholeWrapperInactive() => Analyzer.VerifyAnalyzerAsync(Usings + $$"""
        #if LEGACY_WRAPPER
        public sealed class Legacy(Stream inner) : Stream
        {
        {{WriteOnly}}
            public override void Flush() => inner.Flush();
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        }
        #endif
        """);

    [Fact]
    public Task Fix_IfRegion_WholeWrapperActiveThroughTheProjectsSymbols()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + $$"""
                #if LEGACY_WRAPPER
                public sealed class {|SNOOP003:Legacy|}(Stream inner) : Stream
                {
                {{WriteOnly}}
                    public override void Flush() => inner.Flush();
                    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
                }
                #endif
                """,
            FixedCode = AsyncUsings + $$"""
                #if LEGACY_WRAPPER
                public sealed class Legacy(Stream inner) : Stream
                {
                {{WriteOnly}}
                    public override void Flush() => inner.Flush();
                    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
                    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
                    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
                    public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback callback, object state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
                    public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
                }
                #endif
                """,
        };
        test.SolutionTransforms.Add(LanguageCoverageSetup.Define("LEGACY_WRAPPER"));
        return test.RunAsync();
    }

    // ------------------------------------------------------------------ generated code

    private const string Blocking = """
        public sealed class Blocking(Stream inner) : Stream
        {
        {{WriteOnly}}
            public override void Flush() => inner.Flush();
            public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        }
        """;

    [Fact]
    public Task Fires_GeneratedCode_HeaderFileNextToAUserFile_OnlyTheUserFile()
    {
        var test = new Analyzer.Test();
        test.TestState.Sources.Add(("Tool.cs", "// <auto-generated/>\n" + Usings + Blocking.Replace("{{WriteOnly}}", WriteOnly)));
        test.TestState.Sources.Add(("Mine.cs", Usings + Blocking.Replace("{{WriteOnly}}", WriteOnly).Replace("class Blocking", "class {|SNOOP003:Mine|}")));
        return test.RunAsync();
    }

    // ------------------------------------------------------------------ nullable annotations

    [Fact]
    public Task Fix_Nullable_NullableInnerWithSuppressions_WithoutNewWarnings()
    {
        var test = new Verify.Test
        {
            TestCode = "#nullable enable\n" + Usings + $$"""
                internal sealed class {|SNOOP003:MaybeStream|} : Stream
                {
                    private readonly Stream? _inner;
                    public MaybeStream(Stream? inner) => _inner = inner;
                {{WriteOnly}}
                    public override void Flush() => _inner!.Flush();
                    public override void Write(byte[] buffer, int offset, int count) => _inner!.Write(buffer, offset, count);
                }
                """,
            FixedCode = "#nullable enable\n" + AsyncUsings + $$"""
                internal sealed class MaybeStream : Stream
                {
                    private readonly Stream? _inner;
                    public MaybeStream(Stream? inner) => _inner = inner;
                {{WriteOnly}}
                    public override void Flush() => _inner!.Flush();
                    public override Task FlushAsync(CancellationToken cancellationToken) => _inner!.FlushAsync(cancellationToken);
                    public override void Write(byte[] buffer, int offset, int count) => _inner!.Write(buffer, offset, count);
                    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner!.WriteAsync(buffer, offset, count, cancellationToken);
                    public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
                    public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
                }
                """,
            Strict = true,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task Silent_Nullable_CompleteWrapperOverANullableInner() => Analyzer.VerifyAnalyzerAsync("#nullable enable\n" + AsyncUsings + $$"""
        internal sealed class Complete(Stream? inner) : Stream
        {
        {{WriteOnly}}
            public override void Flush() => inner!.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => inner!.FlushAsync(cancellationToken);
            public override void Write(byte[] buffer, int offset, int count) => inner!.Write(buffer, offset, count);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner!.WriteAsync(buffer, offset, count, cancellationToken);
            public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state) => TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count), callback, state);
            public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);
        }
        """);
}
