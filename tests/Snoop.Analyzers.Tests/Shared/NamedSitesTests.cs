using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Tests.Infrastructure;

namespace Snoop.Analyzers.Tests.Shared;

/// <summary>
/// <see cref="NamedSites"/>: a rule that asks for a name is given exactly the sites the driver's operation callbacks give
/// an analyzer that looks at every assignment and invocation and filters by that name, although the host registers its
/// callbacks only in the types that mention a name: every simple assignment to a property of that name and every
/// invocation of a method of that name, however they are written (top-level statements, nested and partial types,
/// escapes and formatting characters included), and nothing else.
/// </summary>
public class NamedSitesTests
{
    private const string Source = """
        using System;
        using System.IO;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Http.Features;

        public class Dto
        {
            public string Body { get; set; } = "";
            public string BodyText { get; set; } = "";
            public Action<int>? Set { get; set; }
            public Dto Self => this;
        }

        public record Rec(string Body);

        public class Holder
        {
            public Stream? Body;
        }

        public class Setter
        {
            public void Set<T>(T value) { }
            public void Set(int value) { }
            public static void Set(string value) { }
            public void Reset() { }
        }

        public class Uses
        {
            private readonly HttpContext _context;
            private readonly string _text = "context.Response.Body = x; Set(1)";
            public string FromInitializer = new Dto { Body = "field initializer" }.Body;

            public Uses(HttpContext context) => _context = context;

            public void Run(Dto dto, Dto? maybe, Setter setter, IFeatureCollection features, IHttpResponseBodyFeature feature)
            {
                // context.Response.Body = comment; Set(0);
                _context.Response.Body = Stream.Null;
                (_context.Response.Body) = Stream.Null;
                _context.Response.Body = _context.Response.Body;
                _context.Response.Body=Stream.Null;
                var made = new Dto { Body = "initializer", BodyText = "other" };
                var copy = new Rec("a") with { Body = "with" };
                dto.Body += "compound";
                var read = dto.Body;
                dto.Self.Body = "chained";
                dto.@Body = "verbatim";
                dto.BodyText = "longer name";
                new Holder().Body = Stream.Null;
                (dto.Body, var second) = ("deconstruction", 1);
                dto.Set = null;
                dto.Set?.Invoke(1);
                dto.Set!(2);
                setter.Set<int>(1);
                setter.Set(2);
                Setter.Set("static");
                setter.Reset();
                features.Set<IHttpResponseBodyFeature>(feature);
                features?.Set(feature);
                Action<int> group = setter.Set;
                var name = nameof(setter.Set);
                Func<int> lambda = () => { dto.Body = "lambda"; setter.Set(5); return 0; };
                void Local() { dto.Body = "local function"; }
                Local();
                var interpolated = $"{dto.Body = "interpolation"}";
                var anonymous = new { Body = "anonymous" };
        #if NEVER
                dto.Body = "disabled";
                setter.Set(6);
        #endif
            }
        }

        public class Inherits : Dto
        {
            public void Own()
            {
                Body = "own";
                base.Body = "base";
                this.Body = "this";
                Set = null;
            }
        }
        """;

    private static readonly string[] s_assignmentNames = ["Body", "Set"];
    private static readonly string[] s_invocationNames = ["Set", "Body"];

    /// <summary>
    /// The sample as it is (the names are searched in each type's text), and with a formatting character or an escape
    /// somewhere else in the file (every type of the file registers for every name): the same sites either way.
    /// </summary>
    [Theory]
    [InlineData("")]
    [InlineData("// a zero-width joiner: \u200D")]
    [InlineData("public static class Escaped { public const string Text = \"\\u0041\"; }")]
    public async Task FindsTheSitesTheDriversOperationCallbacksFind(string appended)
    {
        var text = Source + Environment.NewLine + appended;
        Assert.Equal(appended.Length > 0, NamedSites.MaySpellNamesOtherwise(text));
        var compilation = CSharpCompilation.Create(
            "NamedSitesSample",
            [CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.CSharp12), "Sample.cs")],
            [.. TestReferences.AspNetCore80],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var found = new RecordingRule();
        var byOperations = new OperationRecorder();
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        _ = await compilation.WithAnalyzers([new Host(found), byOperations], options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);

        // The finder agrees with the driver site for site ...
        Assert.Equal(byOperations.Seen.Order(StringComparer.Ordinal), found.Seen.Order(StringComparer.Ordinal));

        // ... and the sample has the shapes it is meant to have, so that the comparison cannot pass on two empty lists.
        Assert.Contains("assignment Body: _context.Response.Body = Stream.Null", found.Seen);
        Assert.Contains("assignment Body: (_context.Response.Body) = Stream.Null", found.Seen);
        Assert.Contains("assignment Body: Body = \"initializer\"", found.Seen);
        Assert.Contains("assignment Body: Body = \"with\"", found.Seen);
        Assert.Contains("assignment Body: dto.@Body = \"verbatim\"", found.Seen);
        Assert.Contains("assignment Body: dto.Body = \"lambda\"", found.Seen);
        Assert.Contains("assignment Body: dto.Body = \"local function\"", found.Seen);
        Assert.Contains("assignment Body: dto.Body = \"interpolation\"", found.Seen);
        Assert.Contains("assignment Body: Body = \"field initializer\"", found.Seen);
        Assert.Contains("assignment Set: Set = null", found.Seen);
        Assert.Contains("invocation Set: .Set(feature)", found.Seen);
        Assert.Contains("invocation Set: setter.Set<int>(1)", found.Seen);
        Assert.Contains("invocation Set: Setter.Set(\"static\")", found.Seen);
        Assert.Contains("assignment Body: Body = \"anonymous\"", found.Seen);
        Assert.Equal(16, found.Seen.Count(s => s.StartsWith("assignment Body:", StringComparison.Ordinal)));
        Assert.DoesNotContain(found.Seen, s => s.Contains("disabled", StringComparison.Ordinal) || s.Contains("compound", StringComparison.Ordinal) || s.Contains("deconstruction", StringComparison.Ordinal) || s.Contains("Holder", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FindsNamesWrittenWithAnEscapeOrAFormattingCharacter()
    {
        var compilation = CSharpCompilation.Create(
            "NamedSitesSpelling",
            [CSharpSyntaxTree.ParseText("""
                public class Dto { public string Body { get; set; } = ""; }
                public static class Uses
                {
                    public static void Run(Dto dto)
                    {
                        dto.B\u006fdy = "escape";
                        dto.BODY = "formatting character";
                        dto.@Body = "verbatim";
                    }
                }
                """.Replace("BODY", "Bo\u200Ddy", StringComparison.Ordinal), new CSharpParseOptions(LanguageVersion.CSharp12), "Spelling.cs")],
            [.. TestReferences.AspNetCore80],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var found = new RecordingRule();
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        _ = await compilation.WithAnalyzers([new Host(found)], options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);

        Assert.Equal(3, found.Seen.Count);
        Assert.Contains(found.Seen, s => s.EndsWith("\"escape\"", StringComparison.Ordinal));
        Assert.Contains(found.Seen, s => s.EndsWith("\"formatting character\"", StringComparison.Ordinal));
        Assert.Contains(found.Seen, s => s.EndsWith("\"verbatim\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("plain ascii text, Body = x; \\n \\t", false)]
    [InlineData("a letter that is not ASCII: é, and a dash —", false)]
    [InlineData("an escape: \\u0041", true)]
    [InlineData("a long escape: \\U00000041", true)]
    [InlineData("a soft hyphen, last: \u00AD", true)]
    [InlineData("\u200Ba zero-width space first", true)]
    [InlineData("", false)]
    public void MaySpellNamesOtherwise_OnEscapesAndFormattingCharactersOnly(string text, bool expected)
        => Assert.Equal(expected, NamedSites.MaySpellNamesOtherwise(text));

    /// <summary>Top-level statements, a nested type and a partial type over two files, as an application.</summary>
    [Fact]
    public async Task FindsTheSitesOfTopLevelStatementsNestedAndPartialTypes()
    {
        var compilation = CSharpCompilation.Create(
            "NamedSitesProgram",
            [
                CSharpSyntaxTree.ParseText("""
                    var dto = new Dto();
                    dto.Body = "top level";
                    new Dto.Nested().Run(dto);
                    new Split().First(dto);

                    public class Dto
                    {
                        public string Body { get; set; } = "";

                        public class Nested
                        {
                            public void Run(Dto dto) => dto.Body = "nested";
                        }
                    }

                    public partial class Split
                    {
                        public void First(Dto dto) { }
                    }
                    """, new CSharpParseOptions(LanguageVersion.CSharp12), "Program.cs"),
                CSharpSyntaxTree.ParseText("""
                    public partial class Split
                    {
                        public void Second(Dto dto) => dto.Body = "other part";
                    }
                    """, new CSharpParseOptions(LanguageVersion.CSharp12), "Split.cs"),
            ],
            [.. TestReferences.AspNetCore80],
            new CSharpCompilationOptions(OutputKind.ConsoleApplication));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var found = new RecordingRule();
        var byOperations = new OperationRecorder();
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false);
        _ = await compilation.WithAnalyzers([new Host(found), byOperations], options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);

        Assert.Equal(byOperations.Seen.Order(StringComparer.Ordinal), found.Seen.Order(StringComparer.Ordinal));
        Assert.Equal(
            ["assignment Body: dto.Body = \"nested\"", "assignment Body: dto.Body = \"other part\"", "assignment Body: dto.Body = \"top level\""],
            found.Seen.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Which callbacks a type registers: only those whose names its declarations mention (a comment counts, and so does
    /// a nested type's text for the type around it: a needless callback, not a lost site).
    /// </summary>
    [Theory]
    [InlineData("Plain", false, false)]
    [InlineData("Declares", true, false)]
    [InlineData("Calls", false, true)]
    [InlineData("Both", true, true)]
    [InlineData("InComment", true, false)]
    [InlineData("LongerNames", false, false)]
    [InlineData("Outer", true, false)]
    [InlineData("Outer+Inner", true, false)]
    public void TypeRegisters_OnlyForTheNamesItMentions(string type, bool assignments, bool invocations)
    {
        var compilation = CSharpCompilation.Create(
            "NamedSitesRegistration",
            [CSharpSyntaxTree.ParseText("""
                public class Plain { public int Count { get; set; } public void Reset() => Count = 0; }
                public class Declares { public string Body { get; set; } = ""; }
                public class Calls { public void Run(System.Collections.Generic.HashSet<int> s) => Set(s); private static void Set(object o) { } }
                public class Both { public string Body { get; set; } = ""; public void Set() { } }
                public class InComment { /* Body */ }
                public class LongerNames { public string BodyText { get; set; } = ""; public void Settings() { } public void Reset() { } }
                public class Outer { public class Inner { public string Body { get; set; } = ""; } }
                """, new CSharpParseOptions(LanguageVersion.CSharp12), "Types.cs")],
            [.. TestReferences.AspNetCore80],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var symbol = compilation.GetTypeByMetadataName(type)!;
        var sites = new NamedSites(["Body", "Content"], _ => { }, ["Set"], _ => { });
        var start = new RecordingStart(symbol, compilation);

        sites.OnNamedTypeStart(start);

        Assert.Equal(assignments, start.Kinds.Contains(OperationKind.SimpleAssignment));
        Assert.Equal(invocations, start.Kinds.Contains(OperationKind.Invocation));
        Assert.Equal(start.Kinds.Count, start.Kinds.Distinct().Count());
    }

    [Theory]
    [InlineData("x.Body = y", 0, 10, true)]
    [InlineData("x.Body = y", 0, 5, false)]
    [InlineData("x.Body = y", 3, 10, false)]
    [InlineData("x.BodyText = y", 0, 14, false)]
    [InlineData("x.MyBody = y", 0, 12, false)]
    [InlineData("x.Body2 = y; x._Body = z", 0, 24, false)]
    [InlineData("x.@Body = y", 0, 11, true)]
    [InlineData("Bod Body", 0, 8, true)]
    [InlineData("", 0, 0, false)]
    public void Mentions_WholeWordsInsideTheSpanOnly(string text, int start, int end, bool expected)
        => Assert.Equal(expected, NamedSites.Mentions(text, start, end, ["Body"]));

    [Fact]
    public void RuleAskingForAnEmptyName_IsRefused()
    {
        var context = new RuleStartContext(CSharpCompilation.Create("Empty"));
        Assert.Throws<ArgumentException>(() => context.RegisterAssignmentAction(_ => { }, ""));
        Assert.Throws<ArgumentException>(() => context.RegisterInvocationAction(_ => { }, ""));
    }

    private static string Describe(string kind, string name, IOperation operation) => $"{kind} {name}: {operation.Syntax}";

    /// <summary>Asks for the names and records each site it is given.</summary>
    private sealed class RecordingRule : SnoopRule
    {
        private readonly List<string> _seen = [];

        public IReadOnlyList<string> Seen => _seen;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            [new DiagnosticDescriptor("SNOOPTEST4", "Recording", "Recording", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true)];

        internal override void Start(RuleStartContext context)
        {
            foreach (var name in s_assignmentNames)
            {
                context.RegisterAssignmentAction(c => Record(Describe("assignment", name, c.Operation)), name);
            }

            foreach (var name in s_invocationNames)
            {
                context.RegisterInvocationAction(c => Record(Describe("invocation", name, c.Operation)), name);
            }
        }

        private void Record(string site)
        {
            lock (_seen)
            {
                _seen.Add(site);
            }
        }
    }

    /// <summary>The reference: the driver's own callback for every simple assignment and invocation, filtered by name.</summary>
#pragma warning disable RS1001 // Built by the tests, never loaded by a compiler.
    private sealed class OperationRecorder : DiagnosticAnalyzer
#pragma warning restore RS1001
    {
        private readonly List<string> _seen = [];

        public IReadOnlyList<string> Seen => _seen;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            [new DiagnosticDescriptor("SNOOPTEST5", "Reference", "Reference", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true)];

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterOperationAction(
                c =>
                {
                    if (((ISimpleAssignmentOperation)c.Operation).Target is IPropertyReferenceOperation target && s_assignmentNames.Contains(target.Property.Name))
                    {
                        Record(Describe("assignment", target.Property.Name, c.Operation));
                    }
                },
                OperationKind.SimpleAssignment);
            context.RegisterOperationAction(
                c =>
                {
                    var method = ((IInvocationOperation)c.Operation).TargetMethod;
                    if (s_invocationNames.Contains(method.Name))
                    {
                        Record(Describe("invocation", method.Name, c.Operation));
                    }
                },
                OperationKind.Invocation);
        }

        private void Record(string site)
        {
            lock (_seen)
            {
                _seen.Add(site);
            }
        }
    }

    /// <summary>A symbol start that records the operation kinds registered on it.</summary>
#pragma warning disable CS0618 // The constructor is obsolete for analyzers; a test calls the host's callback directly.
    private sealed class RecordingStart(ISymbol symbol, Compilation compilation) : SymbolStartAnalysisContext(symbol, compilation, new AnalyzerOptions([]), CancellationToken.None)
#pragma warning restore CS0618
    {
        public List<OperationKind> Kinds { get; } = [];

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => Kinds.AddRange(operationKinds);

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => throw new NotSupportedException();

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => throw new NotSupportedException();

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => throw new NotSupportedException();

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => throw new NotSupportedException();

        public override void RegisterSymbolEndAction(Action<SymbolAnalysisContext> action) => throw new NotSupportedException();

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => throw new NotSupportedException();
    }

#pragma warning disable RS1001 // Built by the tests, never loaded by a compiler.
    private sealed class Host(params SnoopRule[] rules) : RuleHostAnalyzer(rules);
#pragma warning restore RS1001
}
