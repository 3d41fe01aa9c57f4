using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Snoop.Analyzers.Rules;
using Snoop.Analyzers.Tests.Fuzzing;
using Snoop.Analyzers.Tests.Infrastructure;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>SNOOP008 on code that does not compile: the analyzer never throws, and no fix adds a compiler error.</summary>
public class ResponseContentReplacedBrokenCodeTests
{
    public static TheoryData<string, string> Sources() => new()
    {
        { "half-typed replacement", """
            public sealed class H : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    var body = await response.Content.ReadAsStringAsync(cancellationToken);
                    response.Content = new StringContent(body
                    return response;
                }
            }
            """ },
        { "target-typed new of the abstract HttpContent", """
            public static class P
            {
                public static async Task Run(HttpResponseMessage response)
                {
                    var body = await response.Content.ReadAsStringAsync();
                    response.Content = new(body);
                }
            }
            """ },
        { "undeclared response", """
            public static class P
            {
                public static async Task Run()
                {
                    var body = await missing.Content.ReadAsStringAsync();
                    missing.Content = new StringContent(body);
                }
            }
            """ },
        { "undeclared body", """
            public static class P
            {
                public static async Task Run(HttpResponseMessage response)
                {
                    await response.Content.LoadIntoBufferAsync();
                    response.Content = new StringContent(body);
                }
            }
            """ },
        { "self-referencing local", """
            public static class P
            {
                public static async Task Run(HttpResponseMessage response)
                {
                    var body = body + await response.Content.ReadAsStringAsync();
                    response.Content = new StringContent(body);
                }
            }
            """ },
        { "chained assignment of the same new content", """
            public static class P
            {
                public static async Task Run(HttpResponseMessage response, HttpResponseMessage other)
                {
                    var body = await response.Content.ReadAsStringAsync();
                    other.Content = response.Content = new StringContent(body);
                }
            }
            """ },
        { "replacement in an expression-bodied setter, read in the getter", """
            public sealed class Holder(HttpResponseMessage response)
            {
                public string Body
                {
                    get => response.Content.ReadAsStringAsync().Result;
                    set => response.Content = new StringContent(Body + value);
                }
            }
            """ },
        { "await in a sync method", """
            public static class P
            {
                public static void Run(HttpResponseMessage response)
                {
                    var body = await response.Content.ReadAsStringAsync();
                    response.Content = new StringContent(body);
                }
            }
            """ },
        { "a local used before its declaration", """
            public static class P
            {
                public static async Task Run(HttpResponseMessage response)
                {
                    response.Content = new StringContent(body);
                    var body = await response.Content.ReadAsStringAsync();
                }
            }
            """ },
        { "unbalanced braces", """
            public sealed class H : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    if (response.IsSuccessStatusCode) {
                    var body = await response.Content.ReadAsStringAsync(cancellationToken);
                    response.Content = new StringContent(body);
                    return response;
            }
            """ },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task AnalyzerDoesNotThrow(string name, string source)
    {
        _ = name;
        await BrokenCode.AssertDoesNotThrowAsync(RuleAnalyzers.Alone<ResponseContentReplacedRule>(), ResponseContentReplacedTests.Usings + source);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task NoFixAddsAnError(string name, string source)
    {
        using var runner = await FuzzRunner.CreateAsync();
        var failures = await runner.CheckAsync(new FuzzInput(0, name, ResponseContentReplacedTests.Usings + source));
        Assert.Empty(failures);
    }

    [Fact]
    public async Task WithoutSystemNetHttp_ReportsNothingAndDoesNotThrow()
    {
        // Only the core library: HttpResponseMessage and HttpContent cannot be resolved, so the analyzer registers nothing.
        var source = """
            public sealed class Response { public object? Content { get; set; } }

            public static class P
            {
                public static void Run(Response response, string text)
                {
                    var body = response.Content?.ToString() + text;
                    response.Content = new object();
                }
            }
            """;
        var compilation = CSharpCompilation.Create(
            "NoHttp",
            [CSharpSyntaxTree.ParseText(source)],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Null(compilation.GetTypeByMetadataName("System.Net.Http.HttpResponseMessage"));
        var exceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, _, _) => exceptions.Add(exception),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers([RuleAnalyzers.Alone<ResponseContentReplacedRule>()], options).GetAnalyzerDiagnosticsAsync();
        Assert.Empty(exceptions);
        Assert.Empty(diagnostics);
    }
}
