using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Rules;
using Snoop.Analyzers.Tests.Infrastructure;

namespace Snoop.Analyzers.Tests.Shared;

/// <summary>
/// The rule hosts: the shipped analyzers host every rule once, register one driver callback per kind whatever the
/// number of rules (the reason they exist), and a rule that throws neither silences the rules after it nor goes
/// unreported.
/// </summary>
public class RuleHostTests
{
    private const string Template = """
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;

        public class BodyLogging
        {
            private readonly RequestDelegate _next;

            public BodyLogging(RequestDelegate next) => _next = next;

            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                context.Response.Body = buffer;
                try
                {
                    await _next(context);
                    buffer.Position = 0;
                    await buffer.CopyToAsync(original);
                }
                finally
                {
                    context.Response.Body = original;
                }
            }
        }

        public sealed class Dto
        {
            public string Body { get; set; } = "";
        }

        public static class Use
        {
            public static Dto Make() => new Dto { Body = "text" };
        }
        """;

    [Fact]
    public void ShippedAnalyzers_HostEveryRuleExactlyOnce()
    {
        var hosted = RuleAnalyzers.Shipped.SelectMany(host => host.Rules).Select(rule => rule.GetType()).ToList();
        Assert.Equal(RuleAnalyzers.RuleTypes.OrderBy(t => t.Name), hosted.OrderBy(t => t.Name));
        Assert.Equal(hosted.Count, hosted.Distinct().Count());
        Assert.Equal(["ResponseSiteAnalyzer", "WrapperTypeAnalyzer"], RuleAnalyzers.Shipped.Select(host => host.GetType().Name));
    }

    [Fact]
    public void ShippedAnalyzers_ReportTheUnionOfTheirRulesDescriptors()
    {
        foreach (var host in RuleAnalyzers.Shipped)
        {
            var expected = host.Rules.SelectMany(rule => rule.SupportedDiagnostics).Distinct().ToList();
            Assert.Equal(expected, host.SupportedDiagnostics);
        }
    }

    [Fact]
    public async Task SiteAnalyzer_RegistersOneCallbackPerOperationKind()
    {
        // Five rules look at assignments or invocations; the driver calls the host once per assignment and once per
        // invocation, not once per rule.
        var telemetry = await TelemetryAsync(new ResponseSiteAnalyzer());
        Assert.Equal(2, telemetry.OperationActionsCount);
        Assert.Equal(0, telemetry.SymbolStartActionsCount);
        Assert.Equal(0, telemetry.SymbolActionsCount);
    }

    [Fact]
    public async Task TypeAnalyzer_RegistersOneCallbackPerSymbolKind()
    {
        // Four rules start on named types: one symbol-start callback, and no symbol callback per type.
        var telemetry = await TelemetryAsync(new WrapperTypeAnalyzer());
        Assert.Equal(1, telemetry.SymbolStartActionsCount);
        Assert.Equal(0, telemetry.SymbolActionsCount);
        Assert.Equal(0, telemetry.OperationActionsCount);
    }

    [Fact]
    public async Task ThrowingRule_DoesNotSilenceTheRulesAfterIt_AndIsReported()
    {
        var exceptions = new List<Exception>();
        var host = new Host(new ThrowingRule(), new BufferedResponseBodyRule());
        var diagnostics = await RunAsync(host, exceptions);

        Assert.Contains(diagnostics, d => d.Id == RuleIdentifiers.BufferedResponseBody);
        // One AD0001 per assignment the throwing rule saw, each its own exception (not a wrapper of the host's).
        Assert.NotEmpty(exceptions);
        Assert.All(exceptions, e => Assert.Equal(ThrowingRule.Message, e.Message));
    }

    [Fact]
    public async Task RuleBeforeAThrowingRule_StillReports()
    {
        var exceptions = new List<Exception>();
        var diagnostics = await RunAsync(new Host(new BufferedResponseBodyRule(), new ThrowingRule()), exceptions);

        Assert.Contains(diagnostics, d => d.Id == RuleIdentifiers.BufferedResponseBody);
        Assert.NotEmpty(exceptions);
    }

    [Fact]
    public async Task HostedRule_ReportsWhatItReportsAlone()
    {
        // The same file through the shipped host and through the rule alone: the host adds and drops nothing of the rule's.
        var hosted = await RunAsync(new ResponseSiteAnalyzer(), []);
        var alone = await RunAsync(new Host(new BufferedResponseBodyRule()), []);
        static string Describe(Diagnostic d) => $"{d.Id} {d.Location.SourceSpan} {d.GetMessage()}";
        Assert.Equal(alone.Select(Describe), hosted.Where(d => d.Id == RuleIdentifiers.BufferedResponseBody).Select(Describe));
        Assert.NotEmpty(alone);
    }

    [Fact]
    public async Task RulesAskingByName_SeeExactlyTheSitesOfThatName()
    {
        // The template assigns Body three times (the swap, the restore, an initializer of a DTO's own Body), Position once
        // and a field (_next) once; it calls CopyToAsync once. Each rule sees its name's sites and no other.
        var body = new RecordingRule(assignments: ["Body"]);
        var position = new RecordingRule(assignments: ["Position", "Missing"], invocations: ["CopyToAsync"]);
        var field = new RecordingRule(assignments: ["_next"]);
        _ = await RunAsync(new Host(body, position, field), []);

        Assert.Equal(["Body = \"text\"", "context.Response.Body = buffer", "context.Response.Body = original"], body.Seen.Order(StringComparer.Ordinal));
        Assert.Equal(["buffer.CopyToAsync(original)", "buffer.Position = 0"], position.Seen.Order(StringComparer.Ordinal));

        // Only property names are matched: a field of that name is not a property assignment.
        Assert.Empty(field.Seen);
    }

    [Fact]
    public async Task RulesSharingASiteFilter_CallItOncePerSite_AndSeeOnlyTheSitesItAccepts()
    {
        var filter = new CountingFilter(accept: "context.Response.Body = buffer");
        var first = new RecordingRule(assignments: ["Body"], filter: filter.Accepts);
        var second = new RecordingRule(assignments: ["Body"], filter: filter.Accepts);
        var unfiltered = new RecordingRule(assignments: ["Body"]);
        _ = await RunAsync(new Host(first, unfiltered, second), []);

        // Three Body sites: the filter is asked once for each, not once per rule that passed it.
        Assert.Equal(3, filter.Calls);
        Assert.Equal(["context.Response.Body = buffer"], first.Seen);
        Assert.Equal(["context.Response.Body = buffer"], second.Seen);
        Assert.Equal(3, unfiltered.Seen.Count);
    }

    [Fact]
    public async Task RulesWithDifferentSiteFilters_EachFilterIsAskedForItsOwnRules()
    {
        var swap = new CountingFilter(accept: "context.Response.Body = buffer");
        var restore = new CountingFilter(accept: "context.Response.Body = original");
        var swapRule = new RecordingRule(assignments: ["Body"], filter: swap.Accepts);
        var restoreRule = new RecordingRule(assignments: ["Body"], filter: restore.Accepts);
        var copyRule = new RecordingRule(assignments: [], invocations: ["CopyToAsync"], filter: new CountingFilter(accept: "buffer.CopyToAsync(original)").Accepts);
        _ = await RunAsync(new Host(swapRule, restoreRule, copyRule), []);

        Assert.Equal(3, swap.Calls);
        Assert.Equal(3, restore.Calls);
        Assert.Equal(["context.Response.Body = buffer"], swapRule.Seen);
        Assert.Equal(["context.Response.Body = original"], restoreRule.Seen);
        Assert.Equal(["buffer.CopyToAsync(original)"], copyRule.Seen);
    }

    [Fact]
    public async Task ThrowingSiteFilter_IsReported_AndDoesNotSilenceRulesWithoutIt()
    {
        var exceptions = new List<Exception>();
        var filtered = new RecordingRule(assignments: ["Body"], filter: _ => throw new InvalidOperationException(ThrowingRule.Message));
        var unfiltered = new RecordingRule(assignments: ["Body"]);
        _ = await RunAsync(new Host(filtered, unfiltered), exceptions);

        Assert.Empty(filtered.Seen);
        Assert.Equal(3, unfiltered.Seen.Count);
        Assert.Equal(3, exceptions.Count);
        Assert.All(exceptions, e => Assert.Equal(ThrowingRule.Message, e.Message));
    }

    [Fact]
    public void ResponseBodyStoreFilter_IsOneInstancePerCompilation()
    {
        var types = KnownTypes.Create(s_sites.Compilation);
        Assert.Same(ResponseBodySwap.ResponseBodyStoreFilter(types), ResponseBodySwap.ResponseBodyStoreFilter(s_sites.Known));
        Assert.NotSame(ResponseBodySwap.ResponseBodyStoreFilter(types), ResponseBodySwap.ResponseBodyStoreFilter(KnownTypes.Create(Compilation())));
    }

    [Theory]
    [InlineData("context.Response.Body = buffer", true)]
    [InlineData("context.Response.Body = original", true)]
    [InlineData("response.Body = buffer", true)]
    [InlineData("Body = \"text\"", false)]
    [InlineData("test.Response.Body = buffer", false)]
    [InlineData("testResponse.Body = buffer", false)]
    [InlineData("_testContext.Response.Body = buffer", false)]
    public void ResponseBodyStoreFilter_AcceptsResponseBodyStoresOutsideTestSetUp(string site, bool accepted)
    {
        Assert.Empty(s_sites.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var store = Assert.IsAssignableFrom<ISimpleAssignmentOperation>(s_sites.Expression(site));
        Assert.Equal(accepted, ResponseBodySwap.ResponseBodyStoreFilter(s_sites.Known)(store));
    }

    private static readonly Snippet s_sites = Snippet.Compile("""
        public sealed class Dto { public string Body { get; set; } = ""; }

        public class Sites
        {
            private readonly HttpContext _testContext = new DefaultHttpContext();

            public void Run(HttpContext context, HttpResponse response, Stream buffer, Stream original)
            {
                context.Response.Body = buffer;
                context.Response.Body = original;
                response.Body = buffer;
                _ = new Dto { Body = "text" };
                var test = new DefaultHttpContext();
                test.Response.Body = buffer;
                var testResponse = test.Response;
                testResponse.Body = buffer;
                _testContext.Response.Body = buffer;
            }
        }
        """);

    [Fact]
    public async Task RulesAskingByName_AndForEveryAssignment_ShareOneCallback()
    {
        var filter = new CountingFilter(accept: "");
        var telemetry = await TelemetryAsync(new Host(new RecordingRule(assignments: ["Body"]), new RecordingRule(assignments: ["Content"], invocations: ["Set"], filter: filter.Accepts), new ThrowingRule()));
        Assert.Equal(2, telemetry.OperationActionsCount);
    }

    [Fact]
    public void HostWithoutRules_IsRefused()
        => Assert.Throws<ArgumentException>(() => new Host());

    [Fact]
    public async Task RuleWithNoConfiguration_IsStarted()
    {
        var rule = new CountingRule();
        await StartAsync(rule, Compilation());
        Assert.Equal(1, rule.Starts);
    }

    [Fact]
    public async Task RuleTurnedOffByNoWarn_IsNotStarted()
    {
        var rule = new CountingRule();
        var compilation = Compilation();
        await StartAsync(rule, compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions([new(CountingRule.Id, ReportDiagnostic.Suppress)])));
        Assert.Equal(0, rule.Starts);
    }

    [Fact]
    public async Task RuleTurnedOffInEveryFile_IsNotStarted()
    {
        var rule = new CountingRule();
        await StartAsync(rule, WithTreeOptions(global: null, first: ReportDiagnostic.Suppress, second: ReportDiagnostic.Suppress));
        Assert.Equal(0, rule.Starts);
    }

    [Fact]
    public async Task RuleTurnedOffGlobally_IsNotStarted()
    {
        var rule = new CountingRule();
        await StartAsync(rule, WithTreeOptions(global: ReportDiagnostic.Suppress, first: null, second: null));
        Assert.Equal(0, rule.Starts);
    }

    [Theory]
    [InlineData(null, ReportDiagnostic.Suppress, null)]
    [InlineData(ReportDiagnostic.Suppress, null, ReportDiagnostic.Warn)]
    [InlineData(ReportDiagnostic.Suppress, ReportDiagnostic.Suppress, ReportDiagnostic.Info)]
    public async Task RuleOnInOneFile_IsStarted(ReportDiagnostic? global, ReportDiagnostic? first, ReportDiagnostic? second)
    {
        var rule = new CountingRule();
        await StartAsync(rule, WithTreeOptions(global, first, second));
        Assert.Equal(1, rule.Starts);
    }

    [Fact]
    public async Task RuleOffWhileItsHostsOtherRuleIsOn_OnlyTheOtherStarts()
    {
        var off = new CountingRule();
        var on = new CountingRule(id: "SNOOPTEST2");
        var compilation = Compilation();
        var options = compilation.Options.WithSpecificDiagnosticOptions([new(CountingRule.Id, ReportDiagnostic.Suppress)]);
        _ = await RunAsync(new Host(off, on), [], compilation.WithOptions(options));
        Assert.Equal(0, off.Starts);
        Assert.Equal(1, on.Starts);
    }

    /// <summary>
    /// Runs <paramref name="rule"/> in a host beside a rule that is always on, so that the driver runs the host and
    /// only the host decides whether <paramref name="rule"/> starts.
    /// </summary>
    private static async Task StartAsync(CountingRule rule, CSharpCompilation compilation)
    {
        var alwaysOn = new CountingRule(id: "SNOOPTEST2");
        _ = await RunAsync(new Host(rule, alwaysOn), [], compilation);
        Assert.Equal(1, alwaysOn.Starts);
    }

    /// <summary>Two files; <paramref name="global"/>, <paramref name="first"/> and <paramref name="second"/> as an analyzer config would set them (null: not set).</summary>
    private static CSharpCompilation WithTreeOptions(ReportDiagnostic? global, ReportDiagnostic? first, ReportDiagnostic? second)
    {
        var firstTree = CSharpSyntaxTree.ParseText("public class First { }", path: "First.cs");
        var secondTree = CSharpSyntaxTree.ParseText("public class Second { }", path: "Second.cs");
        var provider = new TreeOptions(global, new Dictionary<SyntaxTree, ReportDiagnostic?> { [firstTree] = first, [secondTree] = second });
        return CSharpCompilation.Create(
            "RuleHostOptions",
            [firstTree, secondTree],
            [.. TestReferences.AspNetCore80],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary).WithSyntaxTreeOptionsProvider(provider));
    }

    private static CSharpCompilation Compilation() => CSharpCompilation.Create(
        "RuleHostSample",
        [CSharpSyntaxTree.ParseText(Template, new CSharpParseOptions(LanguageVersion.CSharp12), "Sample.cs")],
        [.. TestReferences.AspNetCore80, TestReferences.SnoopRuntime],
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    private static async Task<ImmutableArray<Diagnostic>> RunAsync(DiagnosticAnalyzer analyzer, List<Exception> exceptions, CSharpCompilation? compilation = null)
    {
        compilation ??= Compilation();
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            onAnalyzerException: (exception, _, _) =>
            {
                lock (exceptions)
                {
                    exceptions.Add(exception);
                }
            },
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        return await compilation.WithAnalyzers([analyzer], options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
    }

    private static async Task<AnalyzerTelemetryInfo> TelemetryAsync(DiagnosticAnalyzer analyzer)
    {
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true);
        var withAnalyzers = Compilation().WithAnalyzers([analyzer], options);
        _ = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        return await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
    }

    /// <summary>A rule that throws on every assignment.</summary>
    private sealed class ThrowingRule : SnoopRule
    {
        public const string Message = "a rule's bug";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [];

        internal override void Start(RuleStartContext context)
            => context.RegisterOperationAction(c => throw new InvalidOperationException(Message), OperationKind.SimpleAssignment);
    }

    /// <summary>A rule that asks for assignments and invocations by name and records the sites it is given.</summary>
    private sealed class RecordingRule(string[] assignments, string[]? invocations = null, Func<IOperation, bool>? filter = null) : SnoopRule
    {
        private readonly List<string> _seen = [];

        public IReadOnlyList<string> Seen => _seen;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            [new DiagnosticDescriptor("SNOOPTEST3", "Recording", "Recording", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true)];

        internal override void Start(RuleStartContext context)
        {
            foreach (var name in assignments)
            {
                context.RegisterAssignmentAction(c => Record(c.Operation), name, filter);
            }

            foreach (var name in invocations ?? [])
            {
                context.RegisterInvocationAction(c => Record(c.Operation), name, filter);
            }
        }

        private void Record(IOperation operation)
        {
            lock (_seen)
            {
                _seen.Add(operation.Syntax.ToString());
            }
        }
    }

    /// <summary>A site filter that accepts the site whose syntax is <paramref name="accept"/>, and counts its calls.</summary>
    private sealed class CountingFilter
    {
        private readonly string _accept;
        private int _calls;

        public CountingFilter(string accept)
        {
            _accept = accept;
            Accepts = Accept;
        }

        public int Calls => Volatile.Read(ref _calls);

        /// <summary>One delegate instance: rules that pass it share it, as the host compares filters by reference.</summary>
        public Func<IOperation, bool> Accepts { get; }

        private bool Accept(IOperation operation)
        {
            Interlocked.Increment(ref _calls);
            return operation.Syntax.ToString() == _accept;
        }
    }

    /// <summary>A rule that counts its starts and registers nothing.</summary>
    private sealed class CountingRule(string id = CountingRule.Id) : SnoopRule
    {
        public const string Id = "SNOOPTEST1";

        public int Starts { get; private set; }

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            [new DiagnosticDescriptor(id, "Counting", "Counting", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true)];

        internal override void Start(RuleStartContext context) => Starts++;
    }

    /// <summary>Severities of <see cref="CountingRule.Id"/> as <c>.editorconfig</c> (per file) and a global config would give them.</summary>
    private sealed class TreeOptions(ReportDiagnostic? global, Dictionary<SyntaxTree, ReportDiagnostic?> byTree) : SyntaxTreeOptionsProvider
    {
        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.NotGenerated;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            var value = diagnosticId == CountingRule.Id ? byTree.GetValueOrDefault(tree) : null;
            severity = value ?? default;
            return value is not null;
        }

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            var value = diagnosticId == CountingRule.Id ? global : null;
            severity = value ?? default;
            return value is not null;
        }
    }

#pragma warning disable RS1001 // Built by the tests, never loaded by a compiler.
    private sealed class Host(params SnoopRule[] rules) : RuleHostAnalyzer(rules);
#pragma warning restore RS1001
}
