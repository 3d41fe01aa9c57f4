using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Snoop.Analyzers.Rules;
using Snoop.Analyzers.Tests.Infrastructure;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>
/// SNOOP008's fixability facts for the shapes the rewrite rejects (<see cref="DiagnosticProperties.NotFixableKey"/>, a
/// <see cref="ContentFixBlocker"/> name), each beside a fixable look-alike; the message stays the fixable one's.
/// </summary>
public class ResponseContentReplacedFixabilityTests
{
    private const string Usings = ResponseContentReplacedTests.Usings;

    private static async Task<Diagnostic> SingleAsync(string source, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary)
    {
        var compilation = CSharpCompilation.Create(
            "Test",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            TestReferences.AspNetCore80,
            new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable));
        Assert.DoesNotContain(compilation.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        var diagnostics = await compilation.WithAnalyzers([RuleAnalyzers.Alone<ResponseContentReplacedRule>()]).GetAnalyzerDiagnosticsAsync();
        return Assert.Single(diagnostics);
    }

    [Fact]
    public async Task Fires_TopLevelProgram_NotFixable_NotInABlock()
    {
        var diagnostic = await SingleAsync(Usings + """
            using var client = new HttpClient();
            var response = await client.GetAsync("https://example.org/");
            var text = await response.Content.ReadAsStringAsync();
            Console.WriteLine(text.Length);
            response.Content = new StringContent(text);
            Console.WriteLine(await response.Content.ReadAsStringAsync());
            """, OutputKind.ConsoleApplication);
        Assert.Equal(nameof(ContentFixBlocker.NotInABlock), diagnostic.Properties[DiagnosticProperties.NotFixableKey]);
        Assert.False(diagnostic.Properties.ContainsKey(DiagnosticProperties.FixableKey));
        Assert.Same(Descriptors.SNOOP008_ResponseContentReplaced, diagnostic.Descriptor);
    }

    [Fact]
    public async Task Fires_SameStatementsInAnAsyncMethod_IsFixable()
    {
        var diagnostic = await SingleAsync(Usings + """
            public static class Probe
            {
                public static async Task RunAsync(HttpClient client)
                {
                    var response = await client.GetAsync("https://example.org/");
                    var text = await response.Content.ReadAsStringAsync();
                    Console.WriteLine(text.Length);
                    response.Content = new StringContent(text);
                    Console.WriteLine(await response.Content.ReadAsStringAsync());
                }
            }
            """);
        Assert.Equal(DiagnosticProperties.True, diagnostic.Properties[DiagnosticProperties.FixableKey]);
        Assert.False(diagnostic.Properties.ContainsKey(DiagnosticProperties.NotFixableKey));
    }

    private static string Handler(string afterReplacement) => Usings + """
        public sealed class ResponseLoggingHandler(ILogger<ResponseLoggingHandler> logger) : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                logger.LogDebug("{Body}", body);
                var replacement = new StringContent(body);
                response.Content = replacement;
                AFTER
                return response;
            }
        }
        """.Replace("AFTER", afterReplacement);

    [Fact]
    public async Task Fires_NewContentKeptInRequestOptions_NotFixable_NewContentUsedOtherwise()
    {
        var diagnostic = await SingleAsync(Handler("""request.Options.Set(new HttpRequestOptionsKey<HttpContent>("logged"), replacement);"""));
        Assert.Equal(nameof(ContentFixBlocker.NewContentUsedOtherwise), diagnostic.Properties[DiagnosticProperties.NotFixableKey]);
        Assert.Same(Descriptors.SNOOP008_ResponseContentReplaced, diagnostic.Descriptor);
    }

    [Fact]
    public async Task Fires_NewContentOnlyInstalled_IsFixable()
    {
        var diagnostic = await SingleAsync(Handler(string.Empty));
        Assert.Equal(DiagnosticProperties.True, diagnostic.Properties[DiagnosticProperties.FixableKey]);
    }
}
