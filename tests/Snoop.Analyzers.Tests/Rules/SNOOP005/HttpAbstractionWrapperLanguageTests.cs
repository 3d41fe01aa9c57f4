using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Analyzer = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.HttpAbstractionWrapperRule>;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.HttpAbstractionWrapperRule, Snoop.CodeFixes.Rules.HttpAbstractionWrapperCodeFix>;

namespace Snoop.Analyzers.Tests.LanguageCoverage;

/// <summary>
/// SNOOP005 across the language: top-level programs, records, primary constructors, file-local, generic, nested and
/// partial types, #if regions, generated code and nullable annotations. Every fixed output is compiled by the verifier.
/// </summary>
public class HttpAbstractionWrapperLanguageTests
{
    private const string Usings = """
        #nullable enable
        using System;
        using System.IO;
        using System.IO.Pipelines;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;

        """;

    private const string WebUsings = Usings + "using Microsoft.AspNetCore.Builder;\n";

    /// <summary>The abstract members of HttpResponse, forwarded to <paramref name="inner"/> (the compiler requires these).</summary>
    private static string ResponseAbstracts(string inner) => $$"""
            public override HttpContext HttpContext => {{inner}}.HttpContext;
            public override int StatusCode { get => {{inner}}.StatusCode; set => {{inner}}.StatusCode = value; }
            public override IHeaderDictionary Headers => {{inner}}.Headers;
            public override Stream Body { get => {{inner}}.Body; set => {{inner}}.Body = value; }
            public override long? ContentLength { get => {{inner}}.ContentLength; set => {{inner}}.ContentLength = value; }
            public override string? ContentType { get => {{inner}}.ContentType; set => {{inner}}.ContentType = value; }
            public override IResponseCookies Cookies => {{inner}}.Cookies;
            public override bool HasStarted => {{inner}}.HasStarted;
            public override void OnStarting(Func<object, Task> callback, object state) => {{inner}}.OnStarting(callback, state);
            public override void OnCompleted(Func<object, Task> callback, object state) => {{inner}}.OnCompleted(callback, state);
            public override void Redirect(string location, bool permanent) => {{inner}}.Redirect(location, permanent);
        """;

    private static string Forwarded(string inner) => $$"""
            public override PipeWriter BodyWriter => {{inner}}.BodyWriter;
            public override Task StartAsync(CancellationToken cancellationToken = default) => {{inner}}.StartAsync(cancellationToken);
            public override Task CompleteAsync() => {{inner}}.CompleteAsync();
        """;

    private static string Indent(string text) => string.Join("\n", text.Split('\n').Select(line => line.Length == 0 ? line : "    " + line));

    // ------------------------------------------------------------------ top-level programs

    [Fact]
    public Task Fix_TopLevelProgram_WrapperBelowTheStatements()
    {
        var test = new Verify.Test
        {
            TestCode = WebUsings + $$"""
                var app = WebApplication.Create(args);
                app.Run(context => new StatusResponse(context.Response).WriteStatusAsync());

                internal sealed class {|SNOOP005:StatusResponse|}(HttpResponse inner) : HttpResponse
                {
                    public Task WriteStatusAsync() => this.WriteAsync(StatusCode.ToString());
                {{ResponseAbstracts("inner")}}
                }
                """,
            FixedCode = WebUsings + $$"""
                var app = WebApplication.Create(args);
                app.Run(context => new StatusResponse(context.Response).WriteStatusAsync());

                internal sealed class StatusResponse(HttpResponse inner) : HttpResponse
                {
                    public Task WriteStatusAsync() => this.WriteAsync(StatusCode.ToString());
                {{ResponseAbstracts("inner")}}
                {{Forwarded("inner")}}
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
            TestCode = WebUsings + $$"""
                var app = WebApplication.Create(args);
                app.Run(context => new Complete(context.Response).WriteAsync("ok"));

                internal sealed class Complete(HttpResponse inner) : HttpResponse
                {
                {{ResponseAbstracts("inner")}}
                {{Forwarded("inner")}}
                }
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    // Bug found here: with the usings inside a file-scoped namespace, the added using ended in CRLF in an LF file.
    public Task Fix_FileScopedNamespace_UsingsInsideTheNamespace() => Verify.VerifyCodeFixAsync($$"""
        namespace App.Http;

        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;

        internal sealed class {|SNOOP005:Wrapper|}(HttpResponse inner) : HttpResponse
        {
        {{ResponseAbstracts("inner").Replace("string?", "string")}}
        }
        """, $$"""
        using System.IO.Pipelines;
        namespace App.Http;

        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;

        internal sealed class Wrapper(HttpResponse inner) : HttpResponse
        {
        {{ResponseAbstracts("inner").Replace("string?", "string")}}
        {{Forwarded("inner")}}
        }
        """);

    // ------------------------------------------------------------------ records (a record cannot derive from HttpResponse)

    [Fact]
    public Task Fires_RecordHoldingAResponse_NextToAWrapper_OnlyTheWrapper() => Analyzer.VerifyAnalyzerAsync(Usings + $$"""
        // A record cannot derive from HttpResponse; a record that holds one is not a wrapper.
        public sealed record ResponseInfo(HttpResponse Response, string Name)
        {
            public Task StartAsync() => Response.StartAsync();
        }

        public sealed class {|SNOOP005:Wrapper|}(HttpResponse inner) : HttpResponse
        {
            public ResponseInfo Describe() => new(inner, "wrapper");
        {{ResponseAbstracts("inner")}}
        }
        """);

    // ------------------------------------------------------------------ primary constructors

    [Fact]
    public Task Fix_PrimaryConstructor_CapturedIntoAField() => Verify.VerifyCodeFixAsync(Usings + $$"""
        public class {|SNOOP005:CapturingResponse|}(HttpResponse inner) : HttpResponse
        {
            private readonly HttpResponse _inner = inner;
            public override PipeWriter BodyWriter => _inner.BodyWriter;
        {{ResponseAbstracts("_inner")}}
        }
        """, Usings + $$"""
        public class CapturingResponse(HttpResponse inner) : HttpResponse
        {
            private readonly HttpResponse _inner = inner;
            public override PipeWriter BodyWriter => _inner.BodyWriter;
        {{ResponseAbstracts("_inner")}}
            public override Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
            public override Task CompleteAsync() => _inner.CompleteAsync();
        }
        """);

    [Fact]
    public Task Silent_PrimaryConstructor_CompleteWrapper() => Analyzer.VerifyAnalyzerAsync(Usings + $$"""
        public sealed class Complete(HttpResponse inner) : HttpResponse
        {
        {{ResponseAbstracts("inner")}}
        {{Forwarded("inner")}}
        }
        """);

    // ------------------------------------------------------------------ file-local types

    [Fact]
    public Task Fix_FileLocalClass() => Verify.VerifyCodeFixAsync(Usings + $$"""
        file sealed class {|SNOOP005:Local|}(HttpResponse inner) : HttpResponse
        {
            public override Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
            public override Task CompleteAsync() => inner.CompleteAsync();
        {{ResponseAbstracts("inner")}}
        }
        """, Usings + $$"""
        file sealed class Local(HttpResponse inner) : HttpResponse
        {
            public override Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
            public override Task CompleteAsync() => inner.CompleteAsync();
        {{ResponseAbstracts("inner")}}
            public override PipeWriter BodyWriter => inner.BodyWriter;
        }
        """);

    [Fact]
    public Task Silent_FileLocalClass_FakeWithOwnState() => Analyzer.VerifyAnalyzerAsync(Usings + """
        file sealed class Fake(HttpContext context) : HttpResponse
        {
            public override HttpContext HttpContext => context;
            public override int StatusCode { get; set; } = 200;
            public override IHeaderDictionary Headers { get; } = new HeaderDictionary();
            public override Stream Body { get; set; } = Stream.Null;
            public override long? ContentLength { get; set; }
            public override string? ContentType { get; set; }
            public override IResponseCookies Cookies => throw new NotSupportedException();
            public override bool HasStarted => false;
            public override void OnStarting(Func<object, Task> callback, object state) { }
            public override void OnCompleted(Func<object, Task> callback, object state) { }
            public override void Redirect(string location, bool permanent) { }
        }
        """);

    // ------------------------------------------------------------------ generics

    [Fact]
    public Task Fix_GenericWrapper() => Verify.VerifyCodeFixAsync(Usings + $$"""
        public sealed class {|SNOOP005:TaggedResponse|}<TTag>(HttpResponse inner, TTag tag) : HttpResponse
            where TTag : notnull
        {
            public TTag Tag => tag;
            public override PipeWriter BodyWriter => inner.BodyWriter;
            public override Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
        {{ResponseAbstracts("inner")}}
        }
        """, Usings + $$"""
        public sealed class TaggedResponse<TTag>(HttpResponse inner, TTag tag) : HttpResponse
            where TTag : notnull
        {
            public TTag Tag => tag;
            public override PipeWriter BodyWriter => inner.BodyWriter;
            public override Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
        {{ResponseAbstracts("inner")}}
            public override Task CompleteAsync() => inner.CompleteAsync();
        }
        """);

    [Fact]
    public Task Silent_GenericBase_CompleteInTheBase_ClosedSubclass() => Analyzer.VerifyAnalyzerAsync(Usings + $$"""
        public abstract class ResponseWrapper<TState>(HttpResponse inner) : HttpResponse
        {
            protected HttpResponse Inner { get; } = inner;
        {{ResponseAbstracts("Inner")}}
        {{Forwarded("Inner")}}
        }

        public sealed class Counting(HttpResponse inner) : ResponseWrapper<int>(inner);
        """);

    // ------------------------------------------------------------------ nested types

    [Fact]
    public Task Fix_NestedInAGenericOuterType() => Verify.VerifyCodeFixAsync(Usings + $$"""
        public static class Outer<T>
        {
            private sealed class {|SNOOP005:Wrapped|}(HttpResponse original) : HttpResponse
            {
                public override PipeWriter BodyWriter => original.BodyWriter;
                public override Task CompleteAsync() => original.CompleteAsync();
        {{Indent(ResponseAbstracts("original"))}}
            }
        }
        """, Usings + $$"""
        public static class Outer<T>
        {
            private sealed class Wrapped(HttpResponse original) : HttpResponse
            {
                public override PipeWriter BodyWriter => original.BodyWriter;
                public override Task CompleteAsync() => original.CompleteAsync();
        {{Indent(ResponseAbstracts("original"))}}
                public override Task StartAsync(CancellationToken cancellationToken = default) => original.StartAsync(cancellationToken);
            }
        }
        """);

    // ------------------------------------------------------------------ partial types

    [Fact]
    public Task PartialClass_TwoFiles_ReportedOnTheFirstPartAndFixedThere()
    {
        var second = Usings + """
            public sealed partial class Split
            {
                public override PipeWriter BodyWriter => _inner.BodyWriter;
                public override Task CompleteAsync() => _inner.CompleteAsync();
            }
            """;
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Split.cs", Usings + $$"""
            public sealed partial class {|SNOOP005:Split|} : HttpResponse
            {
                private readonly HttpResponse _inner;
                public Split(HttpResponse inner) => _inner = inner;
            {{ResponseAbstracts("_inner")}}
            }
            """));
        test.TestState.Sources.Add(("Split.Body.cs", second));
        test.FixedState.Sources.Add(("Split.cs", Usings + $$"""
            public sealed partial class Split : HttpResponse
            {
                private readonly HttpResponse _inner;
                public Split(HttpResponse inner) => _inner = inner;
            {{ResponseAbstracts("_inner")}}
                public override Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
            }
            """));
        test.FixedState.Sources.Add(("Split.Body.cs", second));
        return test.RunAsync();
    }

    [Fact]
    public Task Silent_PartialClass_TwoFiles_CompleteAcrossTheParts()
    {
        var test = new Analyzer.Test();
        test.TestState.Sources.Add(("Split.cs", Usings + $$"""
            public sealed partial class Split(HttpResponse inner) : HttpResponse
            {
            {{ResponseAbstracts("inner")}}
            }
            """));
        test.TestState.Sources.Add(("Split.Forwarded.cs", Usings + $$"""
            public sealed partial class Split
            {
            {{Forwarded("inner")}}
            }
            """));
        return test.RunAsync();
    }

    // ------------------------------------------------------------------ #if regions

    [Fact]
    public Task Fires_IfRegion_ForwardingOverridesInactive() => Analyzer.VerifyAnalyzerAsync(Usings + $$"""
        public sealed class {|SNOOP005:Conditional|}(HttpResponse inner) : HttpResponse
        {
        {{ResponseAbstracts("inner")}}
        #if FULL_WRAPPER
        {{Forwarded("inner")}}
        #endif
        }
        """);

    [Fact]
    public Task Silent_IfRegion_ForwardingOverridesActiveThroughTheProjectsSymbols()
    {
        var test = new Analyzer.Test
        {
            TestCode = Usings + $$"""
                public sealed class Conditional(HttpResponse inner) : HttpResponse
                {
                {{ResponseAbstracts("inner")}}
                #if FULL_WRAPPER
                {{Forwarded("inner")}}
                #endif
                }
                """,
        };
        test.SolutionTransforms.Add(LanguageCoverageSetup.Define("FULL_WRAPPER"));
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_IfRegion_WholeWrapperActiveThroughDefine() => Verify.VerifyCodeFixAsync(
        "#define WRAP\n" + Usings + $$"""
        #if WRAP
        public sealed class {|SNOOP005:Wrapped|}(HttpResponse inner) : HttpResponse
        {
            public override PipeWriter BodyWriter => inner.BodyWriter;
            public override Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
        {{ResponseAbstracts("inner")}}
        }
        #endif
        """,
        "#define WRAP\n" + Usings + $$"""
        #if WRAP
        public sealed class Wrapped(HttpResponse inner) : HttpResponse
        {
            public override PipeWriter BodyWriter => inner.BodyWriter;
            public override Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
        {{ResponseAbstracts("inner")}}
            public override Task CompleteAsync() => inner.CompleteAsync();
        }
        #endif
        """);

    // ------------------------------------------------------------------ generated code

    [Fact]
    public Task Fires_GeneratedCode_HeaderFileNextToAUserFile_OnlyTheUserFile()
    {
        var test = new Analyzer.Test();
        test.TestState.Sources.Add(("Tool.cs", "// <auto-generated/>\n" + Usings + $$"""
            public sealed class ToolWrapper(HttpResponse inner) : HttpResponse
            {
            {{ResponseAbstracts("inner")}}
            }
            """));
        test.TestState.Sources.Add(("Mine.cs", Usings + $$"""
            public sealed class {|SNOOP005:MyWrapper|}(HttpResponse inner) : HttpResponse
            {
            {{ResponseAbstracts("inner")}}
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task GeneratedCode_PartialWithAGeneratedFirstPart_TheUserPartFiresAndIsFixed()
    {
        // A generator's half of the wrapper comes first. Bug found here: the diagnostic went to that first (generated)
        // declaration, where it was suppressed; it now goes to the declaration that states the base class.
        var generated = Usings + $$"""
            public sealed partial class Split
            {
            {{ResponseAbstracts("_inner")}}
            }
            """;
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Split.g.cs", generated));
        test.TestState.Sources.Add(("Split.cs", Usings + """
            public sealed partial class {|SNOOP005:Split|} : HttpResponse
            {
                private readonly HttpResponse _inner;
                public Split(HttpResponse inner) => _inner = inner;
            }
            """));
        test.FixedState.Sources.Add(("Split.g.cs", generated));
        test.FixedState.Sources.Add(("Split.cs", Usings + $$"""
            public sealed partial class Split : HttpResponse
            {
                private readonly HttpResponse _inner;
                public Split(HttpResponse inner) => _inner = inner;
            {{Forwarded("_inner")}}
            }
            """));
        return test.RunAsync();
    }

    // ------------------------------------------------------------------ nullable annotations

    [Fact]
    public Task Fix_Nullable_SuppressedConstructorArgument_WithoutNewWarnings()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + $$"""
                internal sealed class {|SNOOP005:Guarded|} : HttpResponse
                {
                    private readonly HttpResponse _inner;
                    private string? _note;
                    public Guarded(HttpResponse? inner) => _inner = inner!;
                    public string Note => _note ??= "none";
                {{ResponseAbstracts("_inner")}}
                }
                """,
            FixedCode = Usings + $$"""
                internal sealed class Guarded : HttpResponse
                {
                    private readonly HttpResponse _inner;
                    private string? _note;
                    public Guarded(HttpResponse? inner) => _inner = inner!;
                    public string Note => _note ??= "none";
                {{ResponseAbstracts("_inner")}}
                {{Forwarded("_inner")}}
                }
                """,
            Strict = true,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task Silent_Nullable_CompleteWrapperWithSuppressions() => Analyzer.VerifyAnalyzerAsync(Usings + $$"""
        internal sealed class Complete(HttpResponse? inner) : HttpResponse
        {
        {{ResponseAbstracts("inner!")}}
        {{Forwarded("inner!")}}
        }
        """);
}
