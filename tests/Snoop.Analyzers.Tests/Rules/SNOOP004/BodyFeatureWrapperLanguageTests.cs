using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Analyzer = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.BodyFeatureWrapperRule>;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.BodyFeatureWrapperRule, Snoop.CodeFixes.Rules.BodyFeatureWrapperCodeFix>;

namespace Snoop.Analyzers.Tests.LanguageCoverage;

/// <summary>
/// SNOOP004 across the language: top-level programs, records, primary constructors, file-local, generic, nested and
/// partial types, #if regions, generated code and nullable annotations. Every fixed output is compiled by the verifier.
/// </summary>
public class BodyFeatureWrapperLanguageTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.IO.Pipelines;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Http.Features;

        """;

    private const string WebUsings = Usings + "using Microsoft.AspNetCore.Builder;\n";

    /// <summary>The forwarding members over <c>inner</c>, except the ones a case leaves out.</summary>
    private static string Forwarding(string inner, params string[] except)
    {
        var members = new (string Name, string Text)[]
        {
            ("Stream", $"public Stream Stream => {inner}.Stream;"),
            ("Writer", $"public PipeWriter Writer => {inner}.Writer;"),
            ("DisableBuffering", $"public void DisableBuffering() => {inner}.DisableBuffering();"),
            ("StartAsync", $"public Task StartAsync(CancellationToken cancellationToken = default) => {inner}.StartAsync(cancellationToken);"),
            ("SendFileAsync", $"public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => {inner}.SendFileAsync(path, offset, count, cancellationToken);"),
            ("CompleteAsync", $"public Task CompleteAsync() => {inner}.CompleteAsync();"),
        };
        return string.Join("\n", members.Where(m => !except.Contains(m.Name)).Select(m => "    " + m.Text));
    }

    // ------------------------------------------------------------------ top-level programs

    [Fact]
    public Task Fix_TopLevelProgram_FeatureClassBelowTheStatements()
    {
        var test = new Verify.Test
        {
            TestCode = WebUsings + $$"""
                var app = WebApplication.Create(args);
                app.Use(async (context, next) =>
                {
                    var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                    context.Features.Set<IHttpResponseBodyFeature>(new TimingFeature(previous));
                    try { await next(); }
                    finally { context.Features.Set(previous); }
                });
                app.Run();

                public sealed class TimingFeature(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
                {
                {{Forwarding("inner", "DisableBuffering")}}
                    public void {|SNOOP004:DisableBuffering|}() { }
                }
                """,
            FixedCode = WebUsings + $$"""
                var app = WebApplication.Create(args);
                app.Use(async (context, next) =>
                {
                    var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                    context.Features.Set<IHttpResponseBodyFeature>(new TimingFeature(previous));
                    try { await next(); }
                    finally { context.Features.Set(previous); }
                });
                app.Run();

                public sealed class TimingFeature(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
                {
                {{Forwarding("inner", "DisableBuffering")}}
                    public void DisableBuffering() => inner.DisableBuffering();
                }
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_TopLevelProgram_FeaturesSetWithoutThePrevious()
    {
        var test = new Verify.Test
        {
            TestCode = WebUsings + """
                var app = WebApplication.Create(args);
                app.Use(async (context, next) =>
                {
                    var audit = new BufferedStream(context.Response.Body);
                    context.Features.Set<IHttpResponseBodyFeature>({|SNOOP004:new StreamResponseBodyFeature(audit)|});
                    await next();
                });
                app.Run();
                """,
            FixedCode = WebUsings + """
                var app = WebApplication.Create(args);
                app.Use(async (context, next) =>
                {
                    var audit = new BufferedStream(context.Response.Body);
                    context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(audit, context.Features.Get<IHttpResponseBodyFeature>()));
                    await next();
                });
                app.Run();
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Silent_TopLevelProgram_FeaturesSetWithThePrevious()
    {
        var test = new Analyzer.Test
        {
            TestCode = WebUsings + """
                var app = WebApplication.Create(args);
                app.Use(async (context, next) =>
                {
                    var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
                    context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(new BufferedStream(previous.Stream), previous));
                    try { await next(); }
                    finally { context.Features.Set(previous); }
                });
                app.Run();
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    // ------------------------------------------------------------------ records (a record can implement the interface)

    [Fact]
    public Task Fix_RecordFeature_PositionalInner() => Verify.VerifyCodeFixAsync(Usings + $$"""
        public sealed record CountingFeature(IHttpResponseBodyFeature Inner) : IHttpResponseBodyFeature
        {
        {{Forwarding("Inner", "StartAsync", "CompleteAsync")}}
            public Task {|SNOOP004:StartAsync|}(CancellationToken cancellationToken = default) => Task.CompletedTask;
            public Task {|SNOOP004:CompleteAsync|}() => throw new NotImplementedException();
        }
        """, Usings + $$"""
        public sealed record CountingFeature(IHttpResponseBodyFeature Inner) : IHttpResponseBodyFeature
        {
        {{Forwarding("Inner", "StartAsync", "CompleteAsync")}}
            public Task StartAsync(CancellationToken cancellationToken = default) => Inner.StartAsync(cancellationToken);
            public Task CompleteAsync() => Inner.CompleteAsync();
        }
        """);

    [Fact]
    public Task Silent_RecordFeature_CompleteForwarding() => Analyzer.VerifyAnalyzerAsync(Usings + $$"""
        public sealed record ForwardingFeature(IHttpResponseBodyFeature Inner) : IHttpResponseBodyFeature
        {
        {{Forwarding("Inner")}}
        }
        """);

    // ------------------------------------------------------------------ primary constructors

    [Fact]
    public Task Fix_PrimaryConstructor_CapturedIntoAField() => Verify.VerifyCodeFixAsync(Usings + $$"""
        public class LoggingFeature(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner = inner;
        {{Forwarding("_inner", "SendFileAsync")}}
            public Task {|SNOOP004:SendFileAsync|}(string path, long offset, long? count, CancellationToken cancellationToken = default)
            {
                throw new NotImplementedException();
            }
        }
        """, Usings + $$"""
        public class LoggingFeature(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner = inner;
        {{Forwarding("_inner", "SendFileAsync")}}
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
        }
        """);

    [Fact]
    public Task Silent_PrimaryConstructor_OwnWorkThenInner() => Analyzer.VerifyAnalyzerAsync(Usings + $$"""
        public sealed class Metering(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
        {
            public int Starts { get; private set; }
        {{Forwarding("inner", "StartAsync")}}
            public async Task StartAsync(CancellationToken cancellationToken = default)
            {
                Starts++;
                await inner.StartAsync(cancellationToken);
            }
        }
        """);

    // ------------------------------------------------------------------ file-local types

    [Fact]
    public Task Fix_FileLocalClass() => Verify.VerifyCodeFixAsync(Usings + $$"""
        file sealed class Local(IHttpResponseBodyFeature previous) : IHttpResponseBodyFeature
        {
        {{Forwarding("previous", "DisableBuffering")}}
            public void {|SNOOP004:DisableBuffering|}()
            {
            }
        }
        """, Usings + $$"""
        file sealed class Local(IHttpResponseBodyFeature previous) : IHttpResponseBodyFeature
        {
        {{Forwarding("previous", "DisableBuffering")}}
            public void DisableBuffering() => previous.DisableBuffering();
        }
        """);

    [Fact]
    public Task Silent_FileLocalClass_DeliberateNotSupportedSendFile() => Analyzer.VerifyAnalyzerAsync(Usings + $$"""
        file sealed class NoSendFile(IHttpResponseBodyFeature previous) : IHttpResponseBodyFeature
        {
        {{Forwarding("previous", "SendFileAsync")}}
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
                => throw new NotSupportedException("This response is encoded; send-file is refused on purpose.");
        }
        """);

    // ------------------------------------------------------------------ generics

    [Fact]
    public Task Fix_GenericFeature_StateTypeParameter() => Verify.VerifyCodeFixAsync(Usings + $$"""
        public sealed class TaggedFeature<TTag>(IHttpResponseBodyFeature inner, TTag tag) : IHttpResponseBodyFeature
            where TTag : notnull
        {
            public TTag Tag => tag;
        {{Forwarding("inner", "CompleteAsync")}}
            public Task {|SNOOP004:CompleteAsync|}() => Task.CompletedTask;
        }
        """, Usings + $$"""
        public sealed class TaggedFeature<TTag>(IHttpResponseBodyFeature inner, TTag tag) : IHttpResponseBodyFeature
            where TTag : notnull
        {
            public TTag Tag => tag;
        {{Forwarding("inner", "CompleteAsync")}}
            public Task CompleteAsync() => inner.CompleteAsync();
        }
        """);

    [Fact]
    public Task Silent_GenericFeature_CompleteForwarding() => Analyzer.VerifyAnalyzerAsync(Usings + $$"""
        public sealed class Forwarding<TTag>(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
        {
            public Type Tag => typeof(TTag);
        {{Forwarding("inner")}}
        }
        """);

    // ------------------------------------------------------------------ nested types

    [Fact]
    public Task Fix_NestedInAGenericOuterType() => Verify.VerifyCodeFixAsync(Usings + """
        public static class Middleware<TOptions>
        {
            private sealed class Feature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public Feature(IHttpResponseBodyFeature inner) => _inner = inner;
                public Stream Stream => _inner.Stream;
                public PipeWriter Writer => _inner.Writer;
                public void DisableBuffering() => _inner.DisableBuffering();
                public Task {|SNOOP004:StartAsync|}(CancellationToken cancellationToken = default) => throw new NotImplementedException();
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync() => _inner.CompleteAsync();
            }
        }
        """, Usings + """
        public static class Middleware<TOptions>
        {
            private sealed class Feature : IHttpResponseBodyFeature
            {
                private readonly IHttpResponseBodyFeature _inner;
                public Feature(IHttpResponseBodyFeature inner) => _inner = inner;
                public Stream Stream => _inner.Stream;
                public PipeWriter Writer => _inner.Writer;
                public void DisableBuffering() => _inner.DisableBuffering();
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync() => _inner.CompleteAsync();
            }
        }
        """);

    // ------------------------------------------------------------------ partial types

    private const string PartialHolder = """
        public sealed partial class SplitFeature : IHttpResponseBodyFeature
        {
            private readonly IHttpResponseBodyFeature _inner;
            public SplitFeature(IHttpResponseBodyFeature inner) => _inner = inner;
            public Stream Stream => _inner.Stream;
            public PipeWriter Writer => _inner.Writer;
            public void DisableBuffering() => _inner.DisableBuffering();
        }
        """;

    [Fact]
    public Task Fix_PartialClass_TwoFiles_MemberInTheSecondFile_There()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("SplitFeature.cs", Usings + PartialHolder));
        test.TestState.Sources.Add(("SplitFeature.Async.cs", Usings + """
            public sealed partial class SplitFeature
            {
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public Task {|SNOOP004:SendFileAsync|}(string path, long offset, long? count, CancellationToken cancellationToken = default) => Task.CompletedTask;
                public Task CompleteAsync() => _inner.CompleteAsync();
            }
            """));
        test.FixedState.Sources.Add(("SplitFeature.cs", Usings + PartialHolder));
        test.FixedState.Sources.Add(("SplitFeature.Async.cs", Usings + """
            public sealed partial class SplitFeature
            {
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync() => _inner.CompleteAsync();
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task Silent_PartialClass_TwoFiles_CompleteForwarding()
    {
        var test = new Analyzer.Test();
        test.TestState.Sources.Add(("SplitFeature.cs", Usings + PartialHolder));
        test.TestState.Sources.Add(("SplitFeature.Async.cs", Usings + """
            public sealed partial class SplitFeature
            {
                public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                public Task CompleteAsync() => _inner.CompleteAsync();
            }
            """));
        return test.RunAsync();
    }

    // ------------------------------------------------------------------ #if regions

    private const string Conditional = """
        #if WRAP_FEATURE
        public sealed class Conditional(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
        {
            public Stream Stream => inner.Stream;
            public PipeWriter Writer => inner.Writer;
            public void {|SNOOP004:DisableBuffering|}() { }
            public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => inner.SendFileAsync(path, offset, count, cancellationToken);
            public Task CompleteAsync() => inner.CompleteAsync();
        }
        #endif
        """;

    [Fact]
    public Task Silent_IfRegion_Inactive() => Analyzer.VerifyAnalyzerAsync(Usings + Conditional.Replace("{|SNOOP004:DisableBuffering|}", "DisableBuffering"));

    [Fact]
    public Task Fix_IfRegion_ActiveThroughTheProjectsSymbols()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + Conditional,
            FixedCode = Usings + Conditional.Replace("public void {|SNOOP004:DisableBuffering|}() { }", "public void DisableBuffering() => inner.DisableBuffering();"),
        };
        test.SolutionTransforms.Add(LanguageCoverageSetup.Define("WRAP_FEATURE"));
        return test.RunAsync();
    }

    [Fact]
    public Task Silent_IfRegion_ForwardingInTheActiveBranch()
    {
        var test = new Analyzer.Test
        {
            TestCode = Usings + """
                public sealed class Conditional(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
                {
                    public Stream Stream => inner.Stream;
                    public PipeWriter Writer => inner.Writer;
                #if FORWARD
                    public void DisableBuffering() => inner.DisableBuffering();
                #else
                    public void DisableBuffering() { }
                #endif
                    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
                    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => inner.SendFileAsync(path, offset, count, cancellationToken);
                    public Task CompleteAsync() => inner.CompleteAsync();
                }
                """,
        };
        test.SolutionTransforms.Add(LanguageCoverageSetup.Define("FORWARD"));
        return test.RunAsync();
    }

    // ------------------------------------------------------------------ generated code

    private const string Dropping = """
        public sealed class Dropping(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
        {
            public Stream Stream => inner.Stream;
            public PipeWriter Writer => inner.Writer;
            public void DisableBuffering() { }
            public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => throw new NotImplementedException();
            public Task CompleteAsync() => Task.CompletedTask;
        }
        """;

    [Fact]
    public Task Fires_GeneratedCode_HeaderFileNextToAUserFile_OnlyTheUserFile()
    {
        var test = new Analyzer.Test();
        test.TestState.Sources.Add(("Tool.cs", "// <auto-generated/>\n" + Usings + Dropping));
        test.TestState.Sources.Add(("Mine.cs", Usings + Dropping
            .Replace("class Dropping", "class Mine")
            .Replace("void DisableBuffering", "void {|SNOOP004:DisableBuffering|}")
            .Replace("Task StartAsync", "Task {|SNOOP004:StartAsync|}")
            .Replace("Task SendFileAsync", "Task {|SNOOP004:SendFileAsync|}")
            .Replace("Task CompleteAsync", "Task {|SNOOP004:CompleteAsync|}")));
        return test.RunAsync();
    }

    // ------------------------------------------------------------------ nullable annotations

    [Fact]
    public Task Fix_Nullable_SuppressedInner_WithoutNewWarnings()
    {
        var test = new Verify.Test
        {
            TestCode = "#nullable enable\n" + Usings + """
                internal sealed class Stamping : IHttpResponseBodyFeature
                {
                    private readonly IHttpResponseBodyFeature _inner;
                    private readonly Stream? _log;
                    public Stamping(IHttpResponseBodyFeature? inner, Stream? log = null) { _inner = inner!; _log = log; }
                    public Stream? Log => _log;
                    public Stream Stream => _inner.Stream;
                    public PipeWriter Writer => _inner.Writer;
                    public void DisableBuffering() => _inner.DisableBuffering();
                    public Task {|SNOOP004:StartAsync|}(CancellationToken cancellationToken = default) => Task.CompletedTask;
                    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                    public Task CompleteAsync() => _inner.CompleteAsync();
                }
                """,
            FixedCode = "#nullable enable\n" + Usings + """
                internal sealed class Stamping : IHttpResponseBodyFeature
                {
                    private readonly IHttpResponseBodyFeature _inner;
                    private readonly Stream? _log;
                    public Stamping(IHttpResponseBodyFeature? inner, Stream? log = null) { _inner = inner!; _log = log; }
                    public Stream? Log => _log;
                    public Stream Stream => _inner.Stream;
                    public PipeWriter Writer => _inner.Writer;
                    public void DisableBuffering() => _inner.DisableBuffering();
                    public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => _inner.SendFileAsync(path, offset, count, cancellationToken);
                    public Task CompleteAsync() => _inner.CompleteAsync();
                }
                """,
            Strict = true,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task Silent_Nullable_NullableHolder_ConditionalForwarding() => Analyzer.VerifyAnalyzerAsync("#nullable enable\n" + Usings + """
        internal sealed class Optional(IHttpResponseBodyFeature? inner) : IHttpResponseBodyFeature
        {
            public Stream Stream => inner?.Stream ?? Stream.Null;
            public PipeWriter Writer => inner!.Writer;
            public void DisableBuffering() => inner?.DisableBuffering();
            public Task StartAsync(CancellationToken cancellationToken = default) => inner?.StartAsync(cancellationToken) ?? Task.CompletedTask;
            public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => inner?.SendFileAsync(path, offset, count, cancellationToken) ?? Task.CompletedTask;
            public Task CompleteAsync() => inner?.CompleteAsync() ?? Task.CompletedTask;
        }
        """);
}
